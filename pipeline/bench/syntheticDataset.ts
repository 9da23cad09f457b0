import {createWriteStream} from 'node:fs'
import {Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {verhoeffValid} from '../../schemas/rules/medicalCodes.ts'
import {DemoSigner} from '../demo/demoSigner.ts'
import {sha256} from '../hash.ts'
import {slugify} from '../import/slugify.ts'
import type {SanityDoc} from '../types.ts'
import {type ClosureLookup, closureOf, closureText} from '../workflow/closure.ts'
import type {StatementDocument} from '../workflow/statement.ts'
import {createPrng, type Prng} from './prng.ts'
import {
  firstNames,
  frequencyWords,
  genes,
  histologies,
  lastNames,
  listItemBank,
  modifiers,
  otherHeadings,
  type Publisher,
  publishers,
  type Site,
  sentenceBank,
  sites,
  treatments,
} from './vocabulary.ts'

/**
 * A deterministic synthetic dataset in the Studio's schema, shaped like
 * content/production.ndjson but as large as asked: tumour pages with Portable Text sections,
 * sources, kits, drafts, and for every published tumour and kit a signed review history
 * (submitted, approved, published) by the demo people of review/demo-keyring.json. Lines come
 * in a seeded random order, so references point backwards and forwards. Nothing depends on
 * Math.random or the clock.
 */
export interface SyntheticOptions {
  /** Published tumour pages. */
  tumours: number
  sources?: number
  kits?: number
  /** Adds drafts of ~1% of the tumours and ~0.5% draft-only pages, as the real dataset has. */
  drafts?: boolean
  seed?: string
}

interface TumourPlan {
  id: string
  name: string
  slug: string
  modifier: string
  site: Site
  histology: string
}

interface SourcePlan {
  id: string
  publisher: Publisher
  topic: string
}

interface KitPlan {
  id: string
  name: string
  slug: string
  availableFor: number[]
}

interface Descriptor {
  kind:
    | 'source'
    | 'kit'
    | 'kitStatements'
    | 'tumour'
    | 'tumourStatements'
    | 'tumourDraft'
    | 'draftOnly'
  /** Index into the plan's list of that kind (tumours for tumour, statements and draft). */
  index: number
}

export interface DatasetPlan {
  seed: string
  tumours: TumourPlan[]
  draftOnly: TumourPlan[]
  /** Indexes of published tumours that also have a differing draft. */
  drafted: number[]
  sources: SourcePlan[]
  kits: KitPlan[]
  /** Every document of the file, in file order. */
  order: Descriptor[]
}

export interface SyntheticSummary {
  path: string
  documents: number
  bytes: number
  counts: Record<string, number>
  /** Ids of the published tumours, in plan order. */
  tumourIds: string[]
}

const DAY = 86_400_000
const EPOCH = Date.UTC(2026, 0, 1)
const DEFAULT_SEED = 'oncology-bench'

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const isoDateTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}:00Z`
const withArticle = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`
const ref = (id: string) => ({_ref: id, _type: 'reference'})

const REV_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
function revision(r: Prng): string {
  let out = ''
  for (let i = 0; i < 22; i++) out += REV_ALPHABET[r.int(0, REV_ALPHABET.length - 1)]
  return out
}

/** Unique tumour names: modifier × site × histology, then numbered variants once those run out. */
function tumourNames(count: number, r: Prng): TumourPlan[] {
  const combos = modifiers.length * sites.length * histologies.length
  const order = r.shuffle(Array.from({length: combos}, (_, i) => i))
  const seen = new Set<string>()
  const out: TumourPlan[] = []
  for (let i = 0; out.length < count; i++) {
    const combo = order[i % combos] as number
    const round = Math.floor(i / combos)
    const modifier = modifiers[combo % modifiers.length] as string
    const site = sites[Math.floor(combo / modifiers.length) % sites.length] as Site
    const histology = histologies[
      Math.floor(combo / (modifiers.length * sites.length)) % histologies.length
    ] as string
    const name = `${modifier} ${site.adjective} ${histology}${round > 0 ? ` type ${round + 1}` : ''}`
    const slug = slugify(name)
    if (seen.has(slug)) throw new Error(`synthetic tumour slug collision: ${slug}`)
    seen.add(slug)
    out.push({id: `tumour-${slug}`, name, slug, modifier, site, histology})
  }
  return out
}

function planSources(count: number, r: Prng): SourcePlan[] {
  const seen = new Set<string>()
  return Array.from({length: count}, (_, i) => {
    const publisher = publishers[i % publishers.length] as Publisher
    const topic = capitalise(`${r.pick(sites).adjective} ${r.pick(histologies)}`)
    const base = `source-${publisher.key}-${slugify(topic)}`
    let id = base
    for (let n = 2; seen.has(id); n++) id = `${base}-${n}`
    seen.add(id)
    return {id, publisher, topic}
  })
}

const kitNames = [
  'OncoProfile Comprehensive',
  'OncoProfile Sarcoma Fusion',
  'OncoProfile Liquid Biopsy',
  'OncoProfile Hereditary Risk',
  'OncoProfile Rapid Panel',
]

export function planDataset(options: SyntheticOptions): DatasetPlan {
  const {tumours: count, sources = 300, kits = 5, drafts = true} = options
  if (!Number.isInteger(count) || count < 1) throw new Error('tumours must be a positive integer')
  const seed = options.seed ?? DEFAULT_SEED
  const r = createPrng(`${seed}:plan`)
  const draftOnlyCount = drafts ? Math.max(1, Math.round(count / 200)) : 0
  const names = tumourNames(count + draftOnlyCount, r)
  const tumours = names.slice(0, count)
  const draftOnly = names.slice(count)
  const drafted = drafts
    ? r.sample(
        tumours.map((_, i) => i),
        Math.max(1, Math.round(count / 100)),
      )
    : []
  const kitPlans = Array.from({length: kits}, (_, k) => {
    const name = kitNames[k % kitNames.length] + (k >= kitNames.length ? ` ${k + 1}` : '')
    const share = 0.02 + r.next() * 0.23
    const covered = r.sample(
      tumours.map((_, i) => i),
      Math.max(1, Math.round(count * share)),
    )
    return {id: `kit-${slugify(name)}`, name, slug: slugify(name), availableFor: covered}
  })
  const sourcePlans = planSources(sources, r)
  const order: Descriptor[] = []
  const push = (kind: Descriptor['kind'], n: number) => {
    for (let index = 0; index < n; index++) order.push({kind, index})
  }
  push('source', sourcePlans.length)
  push('kit', kitPlans.length)
  push('kitStatements', kitPlans.length)
  push('tumour', tumours.length)
  push('tumourStatements', tumours.length)
  push('draftOnly', draftOnly.length)
  for (const index of drafted) order.push({kind: 'tumourDraft', index})
  r.shuffle(order)
  return {
    seed,
    tumours,
    draftOnly,
    drafted,
    sources: sourcePlans,
    kits: kitPlans,
    order,
  }
}

function fill(template: string, t: TumourPlan, r: Prng): string {
  return template
    .replaceAll('{name}', t.name)
    .replaceAll('{place}', t.site.place)
    .replaceAll('{histology}', t.histology)
    .replaceAll('a {frequency}', withArticle(r.pick(frequencyWords)))
    .replaceAll('{gene}', r.pick(genes))
    .replaceAll('{treatment}', r.pick(treatments))
}

interface Span {
  text: string
  marks: string[]
}

/** Builds blocks with per-array unique keys (b1…, t1…, m1…), as the Studio does. */
class BlockBuilder {
  readonly blocks: Record<string, unknown>[] = []

  paragraph(spans: Span[], markDefs: Record<string, unknown>[], style = 'normal') {
    this.#push({style, markDefs, spans})
  }

  listItem(text: string, listItem: 'bullet' | 'number', marks: string[] = []) {
    this.#push({style: 'normal', markDefs: [], spans: [{text, marks}], listItem, level: 1})
  }

  #push({
    style,
    markDefs,
    spans,
    listItem,
    level,
  }: {
    style: string
    markDefs: Record<string, unknown>[]
    spans: Span[]
    listItem?: string
    level?: number
  }) {
    this.blocks.push({
      _key: `b${this.blocks.length + 1}`,
      _type: 'block',
      children: spans.map((span, i) => ({
        _key: `t${i + 1}`,
        _type: 'span',
        marks: span.marks,
        text: span.text,
      })),
      ...(level === undefined ? {} : {level, listItem}),
      markDefs,
      style,
    })
  }
}

/** One paragraph: sentences, some cited, a gene in italics, sometimes a bold phrase or a link. */
function paragraph(
  builder: BlockBuilder,
  sentences: string[],
  citable: string[],
  t: TumourPlan,
  r: Prng,
) {
  const markDefs: Record<string, unknown>[] = []
  const spans: Span[] = []
  const citation = citable.length > 0 && r.chance(0.75) ? `m${markDefs.length + 1}` : undefined
  if (citation) {
    markDefs.push({
      _key: citation,
      _type: 'citation',
      ...(r.chance(0.5) ? {locator: r.pick(['Overview', 'Treatment', 'Diagnosis', 'p. 12'])} : {}),
      source: ref(r.pick(citable)),
    })
  }
  const base = citation ? [citation] : []
  for (const [i, sentence] of sentences.entries()) {
    const text = i === 0 ? sentence : ` ${sentence}`
    const gene = genes.find((g) => text.includes(` ${g} `))
    if (gene) {
      const at = text.indexOf(` ${gene} `) + 1
      spans.push(
        {text: text.slice(0, at), marks: base},
        {text: gene, marks: [...base, 'em']},
        {text: text.slice(at + gene.length), marks: base},
      )
    } else if (r.chance(0.15) && sentence.includes(' ')) {
      const words = sentence.split(' ')
      const cut = Math.max(1, Math.floor(words.length / 2))
      spans.push(
        {text: `${i === 0 ? '' : ' '}${words.slice(0, cut).join(' ')} `, marks: base},
        {text: words.slice(cut).join(' '), marks: [...base, 'strong']},
      )
    } else {
      spans.push({text, marks: base})
    }
  }
  if (r.chance(0.3)) {
    const link = `m${markDefs.length + 1}`
    const href = r.chance(0.5)
      ? `https://www.cancer.gov/types/${slugify(t.site.adjective)}`
      : `https://en.wikipedia.org/wiki/${encodeURIComponent(capitalise(t.histology).replace(/ /g, '_'))}`
    markDefs.push({_key: link, _type: 'link', href})
    spans.push({text: ' Read more about ', marks: []}, {text: t.histology, marks: [link]})
    spans.push({text: '.', marks: []})
  }
  builder.paragraph(spans, markDefs)
}

function sectionBody(kind: string, t: TumourPlan, citable: string[], r: Prng) {
  const builder = new BlockBuilder()
  const bank = sentenceBank[kind] ?? sentenceBank.other ?? []
  const blocks = r.int(2, 4)
  for (let b = 0; b < blocks; b++) {
    const roll = r.next()
    if (b > 0 && roll < 0.2) {
      const listItem = r.chance(0.5) ? 'bullet' : 'number'
      const items = r.sample(listItemBank, r.int(2, 4))
      for (const item of items) {
        const text = fill(item, t, r)
        const words = text.split(' ')
        if (r.chance(0.25) && words.length > 1) {
          builder.paragraph(
            [
              {text: words[0] as string, marks: ['strong']},
              {text: ` ${words.slice(1).join(' ')}`, marks: []},
            ],
            [],
          )
          const last = builder.blocks.at(-1) as Record<string, unknown>
          last.listItem = listItem
          last.level = 1
        } else {
          builder.listItem(text, listItem)
        }
      }
    } else if (b > 0 && roll < 0.27) {
      builder.paragraph(
        [{text: fill(r.pick(sentenceBank.other ?? []), t, r), marks: []}],
        [],
        'blockquote',
      )
    } else if (b > 0 && roll < 0.32) {
      builder.paragraph([{text: capitalise(r.pick(otherHeadings)), marks: []}], [], 'h3')
    } else {
      const sentences = r.sample(bank, r.int(1, 3)).map((s) => fill(s, t, r))
      paragraph(builder, sentences, citable, t, r)
    }
  }
  // Key order as the Studio writes it, so the NDJSON looks like a real export.
  return builder.blocks.map((block) => sortKeys(block) as Record<string, unknown>)
}

const SECTION_TITLES: Record<string, string> = {
  overview: 'Overview',
  location: 'Location',
  symptoms: 'Symptoms',
  diagnosis: 'Diagnosis',
  treatment: 'Treatment',
  outlook: 'Outlook',
}

function summaryOf(t: TumourPlan, r: Prng): string {
  const parts = [
    `${capitalise(withArticle(r.pick(frequencyWords)))} ${t.histology} that starts in ${t.site.place}.`,
    r.pick([
      'It is often found late because early symptoms are vague.',
      'Treatment usually centres on surgery, sometimes with other therapies.',
      'Testing the tumour for gene changes can help to choose treatment.',
      'It can affect people of any age, but is most common in adults.',
    ]),
    r.pick([
      'Specialist centres treat most cases.',
      'The outlook depends on the stage at diagnosis.',
      'Clinical trials are exploring new treatments.',
    ]),
  ]
  let summary = parts.join(' ')
  while (summary.length > 300) summary = summary.slice(0, summary.lastIndexOf('. ') + 1)
  return summary
}

function medicalCodes(t: TumourPlan, r: Prng) {
  const initials = t.name
    .split(/[\s-]+/)
    .map((w) => w.charAt(0).toUpperCase())
    .join('')
    .replace(/[^A-Z0-9]/g, '')
  const snomed = () => {
    const base = String(r.int(10_000_000, 999_999_999))
    for (let d = 0; d < 10; d++) if (verhoeffValid(`${base}${d}`)) return `${base}${d}`
    throw new Error('no Verhoeff check digit') // unreachable: one digit always fits
  }
  const candidates: [string, () => string][] = [
    ['ICD-O-3', () => `${r.int(8000, 9989)}/3`],
    ['NCIt', () => `C${r.int(1000, 199_999)}`],
    ['OncoTree', () => initials.padEnd(2, 'X').slice(0, 16)],
    ['ICD-10', () => `C${String(r.int(0, 96)).padStart(2, '0')}.${r.int(0, 9)}`],
    ['SNOMED CT', snomed],
  ]
  return r
    .sample(candidates, r.int(2, 4))
    .map(([system, code], i) => ({_key: `c${i + 1}`, _type: 'medicalCode', code: code(), system}))
}

function synonymsOf(t: TumourPlan, r: Prng): string[] {
  const initials = t.name
    .split(/[\s-]+/)
    .map((w) => w.charAt(0).toUpperCase())
    .join('')
  const options = [
    initials,
    `${capitalise(t.site.adjective)} ${t.histology}, ${t.modifier.toLowerCase()} type`,
    `${t.modifier} ${t.histology} of ${t.site.place.replace(/^(the|a|an) /, '')}`,
  ]
  return [...new Set(r.sample(options, r.int(1, 3)))]
}

/** Timestamps of a document: created in 2026, updated up to ~10 months later. */
function timestamps(r: Prng) {
  const created = EPOCH + r.int(0, 120) * DAY + r.int(0, 24 * 60 - 1) * 60_000
  const updated = created + r.int(0, 180) * DAY + r.int(0, 24 * 60 - 1) * 60_000
  return {created, updated}
}

function generateTumour(plan: DatasetPlan, t: TumourPlan, salt: string): SanityDoc {
  const r = createPrng(`${plan.seed}:${salt}:${t.id}`)
  const {created, updated} = timestamps(r)
  const pageSources = r.sample(plan.sources, r.int(2, 4)).map((s) => s.id)
  const optional = ['location', 'symptoms', 'diagnosis', 'treatment', 'outlook', 'other']
  const chosen = new Set(r.sample(optional, r.int(3, 5)))
  const kinds = ['overview', ...optional.filter((k) => chosen.has(k))]
  const sections = kinds.map((kind, i) => {
    const extra = r.chance(0.3) ? [r.pick(plan.sources).id] : []
    const sectionSources = [...new Set([...r.sample(pageSources, r.int(1, 2)), ...extra])]
    return {
      _key: `s${i + 1}`,
      _type: 'section',
      body: sectionBody(kind, t, sectionSources, r),
      heading: SECTION_TITLES[kind] ?? r.pick(otherHeadings),
      kind,
      sources: sectionSources.map((id, j) => ({_key: `r${j + 1}`, ...ref(id)})),
    }
  })
  const seoTitle = `${t.name}: symptoms, tests and treatment`
  return {
    _createdAt: isoDateTime(created),
    _id: t.id,
    _rev: revision(r),
    _type: 'tumour',
    _updatedAt: isoDateTime(updated),
    category: t.site.system,
    codes: medicalCodes(t, r),
    name: t.name,
    nameOrigin: `Named for where it starts (${t.site.place}) and what it looks like under the microscope (${t.modifier.toLowerCase()} ${t.histology}).`,
    sections,
    ...(seoTitle.length <= 70 && r.chance(0.4) ? {seoTitle} : {}),
    slug: {_type: 'slug', current: t.slug},
    sources: pageSources.map((id, j) => ({_key: `p${j + 1}`, ...ref(id)})),
    summary: summaryOf(t, r),
    synonyms: synonymsOf(t, r),
  }
}

function generateDraft(plan: DatasetPlan, t: TumourPlan): SanityDoc {
  const published = generateTumour(plan, t, 'tumour')
  const r = createPrng(`${plan.seed}:draft:${t.id}`)
  const updated = Date.parse(published._updatedAt as string) + r.int(1, 30) * DAY
  return {
    ...published,
    _id: `drafts.${t.id}`,
    _rev: revision(r),
    _updatedAt: isoDateTime(updated),
    summary: `${published.summary as string} This summary is being revised.`.slice(0, 300),
  }
}

function generateSource(plan: DatasetPlan, s: SourcePlan, index: number): SanityDoc {
  const r = createPrng(`${plan.seed}:source:${s.id}`)
  const {created} = timestamps(r)
  const p = s.publisher
  const accessed = isoDate(created)
  return {
    _createdAt: isoDateTime(created),
    _id: s.id,
    _rev: revision(r),
    _type: 'source',
    _updatedAt: isoDateTime(created),
    accessedAt: accessed,
    ...(p.withAuthors
      ? {
          authors: r
            .sample(lastNames, r.int(2, 4))
            .map((name) => `${name} ${r.pick(firstNames).charAt(0)}`),
        }
      : {}),
    ...(p.license ? {license: p.license, licenseUrl: p.licenseUrl} : {}),
    publisher: p.name,
    ...(p.wikipedia ? {revision: `Latest revision as read on ${accessed}`} : {}),
    title: p.title(s.topic),
    url: p.url(s.topic, index),
  }
}

function generateKit(plan: DatasetPlan, k: KitPlan): SanityDoc {
  const r = createPrng(`${plan.seed}:kit:${k.id}`)
  const {created, updated} = timestamps(r)
  const example = plan.tumours[k.availableFor[0] as number] as TumourPlan
  const builder = new BlockBuilder()
  builder.paragraph(
    [
      {text: `${k.name} looks for changes in genes such as `, marks: []},
      {text: r.pick(genes), marks: ['em']},
      {text: ', for example in ', marks: []},
      {text: example.name.toLowerCase(), marks: ['m1']},
      {text: '. The report explains which results may matter for treatment.', marks: []},
    ],
    [{_key: 'm1', _type: 'link', href: `/tumours/${example.slug}`}],
  )
  builder.paragraph([{text: 'Who it is for', marks: []}], [], 'h3')
  for (const item of [
    'people with a tumour whose treatment depends on its genetic changes',
    'people whose specialist wants a second look at a rare tumour',
  ])
    builder.listItem(item, 'number')
  builder.paragraph(
    [
      {text: 'Read the ', marks: []},
      {text: 'laboratory accreditation', marks: ['m1']},
      {text: ' before ordering.', marks: []},
    ],
    [{_key: 'm1', _type: 'link', href: 'https://www.example.org/accreditation'}],
  )
  return {
    _createdAt: isoDateTime(created),
    _id: k.id,
    _rev: revision(r),
    _type: 'kitProduct',
    _updatedAt: isoDateTime(updated),
    availableFor: k.availableFor.map((i, j) => ({
      _key: `a${j + 1}`,
      ...ref((plan.tumours[i] as TumourPlan).id),
    })),
    callToAction: {
      _type: 'callToAction',
      label: 'Request a test',
      url: `/request-a-test?kit=${k.slug}`,
    },
    description: builder.blocks.map((b) => sortKeys(b)),
    name: k.name,
    slug: {_type: 'slug', current: k.slug},
    tagline: `Genomic testing of solid tumours: ${k.name.replace('OncoProfile ', '').toLowerCase()}`,
  }
}

/**
 * Demo people with Ed25519 keys, whose signatures are deterministic (ECDSA's are not), so the
 * same options give the same bytes. Li Chen writes and reviews, never her own submission.
 */
const WRITERS = ['person-jonas-weber', 'person-li-chen']
const REVIEWERS = ['person-amira-haddad', 'person-li-chen']

/** The documents the plan can make by id (for closures), each made once. */
function planLookup(plan: DatasetPlan): ClosureLookup {
  const memo = lookups.get(plan)
  if (memo) return memo
  const made = new Map<string, SanityDoc>()
  const makers = new Map<string, () => SanityDoc>()
  for (const [i, s] of plan.sources.entries()) makers.set(s.id, () => generateSource(plan, s, i))
  for (const k of plan.kits) makers.set(k.id, () => generateKit(plan, k))
  for (const t of plan.tumours) makers.set(t.id, () => generateTumour(plan, t, 'tumour'))
  const get = (id: string) => {
    let doc = made.get(id)
    if (!doc) {
      doc = makers.get(id)?.()
      // Tumours are many and large: keep only what a kit page shows of them.
      if (doc?._type === 'tumour')
        doc = {_id: doc._id, _type: 'tumour', name: doc.name, slug: doc.slug, summary: doc.summary}
      if (doc) made.set(id, doc)
    }
    return doc as (SanityDoc & {_type: string}) | undefined
  }
  const kitsOf = new Map<string, SanityDoc[]>()
  const lookup: ClosureLookup = {
    get,
    referencing(id, type) {
      if (type !== 'kitProduct') return []
      if (kitsOf.size === 0)
        for (const k of plan.kits)
          for (const i of k.availableFor) {
            const tumourId = (plan.tumours[i] as TumourPlan).id
            kitsOf.set(tumourId, [...(kitsOf.get(tumourId) ?? []), get(k.id) as SanityDoc])
          }
      return kitsOf.get(id) ?? []
    },
  }
  lookups.set(plan, lookup)
  return lookup
}
const lookups = new WeakMap<DatasetPlan, ClosureLookup>()
let signer: DemoSigner | undefined

/**
 * The page's review history as the Studio's actions sign it: submitted by a writer, fully
 * reviewed by a medical reviewer, published by the writer, all of its exact closure.
 */
async function generateStatements(plan: DatasetPlan, doc: SanityDoc): Promise<StatementDocument[]> {
  signer ??= new DemoSigner()
  const r = createPrng(`${plan.seed}:statements:${doc._id}`)
  const closure = closureText(
    closureOf(doc as SanityDoc & {_type: string}, doc._id, planLookup(plan)),
  )
  const contentHash = sha256(closure)
  const published = Date.parse(doc._updatedAt as string)
  const at = (hoursBefore: number) => new Date(published - hoursBefore * 3_600_000).toISOString()
  const writer = r.pick(WRITERS)
  const reviewer = r.pick(REVIEWERS.filter((id) => id !== writer))
  const base = {documentId: doc._id, documentType: doc._type, contentHash}
  const submitted = await signer.statement({
    ...base,
    kind: 'submitted',
    signer: writer,
    signedAt: at(r.int(30, 48)),
    previous: null,
  })
  const approved = await signer.statement({
    ...base,
    kind: 'approved',
    signer: reviewer,
    signedAt: at(r.int(2, 29)),
    previous: submitted._id.slice('statement-'.length),
    scope: 'full',
    reviewIntervalMonths: r.pick([6, 12, 12, 24]),
    closure,
  })
  const publication = await signer.statement({
    ...base,
    kind: 'published',
    signer: writer,
    signedAt: at(1),
    previous: approved._id.slice('statement-'.length),
  })
  return [submitted, approved, publication]
}

/** Recursively sorted keys, as in Sanity's own export files. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort())
    out[key] = sortKeys((value as Record<string, unknown>)[key])
  return out
}

async function generate(plan: DatasetPlan, item: Descriptor): Promise<SanityDoc[]> {
  switch (item.kind) {
    case 'source':
      return [generateSource(plan, plan.sources[item.index] as SourcePlan, item.index)]
    case 'kit':
      return [generateKit(plan, plan.kits[item.index] as KitPlan)]
    case 'kitStatements':
      return (await generateStatements(
        plan,
        generateKit(plan, plan.kits[item.index] as KitPlan),
      )) as unknown as SanityDoc[]
    case 'tumour':
      return [generateTumour(plan, plan.tumours[item.index] as TumourPlan, 'tumour')]
    case 'tumourStatements':
      return (await generateStatements(
        plan,
        generateTumour(plan, plan.tumours[item.index] as TumourPlan, 'tumour'),
      )) as unknown as SanityDoc[]
    case 'tumourDraft':
      return [generateDraft(plan, plan.tumours[item.index] as TumourPlan)]
    case 'draftOnly': {
      const t = plan.draftOnly[item.index] as TumourPlan
      return [{...generateTumour(plan, t, 'draftOnly'), _id: `drafts.${t.id}`}]
    }
  }
}

/** The documents of the plan in file order, generated one at a time. */
export async function* syntheticDocuments(plan: DatasetPlan): AsyncGenerator<SanityDoc> {
  for (const item of plan.order) yield* await generate(plan, item)
}

/** Streams the dataset to `path` as NDJSON (one document per line, keys sorted). */
export async function writeSyntheticDataset(
  path: string,
  options: SyntheticOptions,
): Promise<SyntheticSummary> {
  const plan = planDataset(options)
  const counts: Record<string, number> = {}
  let bytes = 0
  async function* lines() {
    for await (const doc of syntheticDocuments(plan)) {
      const kind = doc._id.startsWith('drafts.') ? `draft ${doc._type}` : doc._type
      counts[kind] = (counts[kind] ?? 0) + 1
      const line = `${JSON.stringify(doc)}\n`
      bytes += Buffer.byteLength(line)
      yield line
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(path))
  return {
    path,
    documents: Object.values(counts).reduce((a, b) => a + b, 0),
    bytes,
    counts,
    tumourIds: plan.tumours.map((t) => t.id),
  }
}
