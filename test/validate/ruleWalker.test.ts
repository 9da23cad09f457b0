import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {toString as pathToString} from '@sanity/util/paths'
import fc from 'fast-check'
import {type SanityDocument, validateDocument} from 'sanity'
import {describe, expect, it} from 'vitest'
import {planDataset, syntheticDocuments} from '../../pipeline/bench/syntheticDataset.ts'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {openSource} from '../../pipeline/load/openSource.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateWithStudioRules} from '../../pipeline/validate/ruleWalker.ts'
import {getStudioSchema} from '../../pipeline/validate/studioSchema.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {cases, type Doc, mutatedDataset, validCases} from '../fixtures/ruleCases.ts'
import {validDataset} from '../fixtures/validDataset.ts'

/**
 * Holds pipeline/validate/ruleWalker.ts to the engine it replaces: `validateDocument` from
 * `sanity`, called exactly as validateOne called it before (the workspace form, 'studio'
 * environment). Both engines see the same document, schema, client and `getDocumentExists`;
 * their markers must be the same multiset of (path, level, code, message).
 */

type Exists = (id: string) => boolean
type Marker = {
  path: Parameters<typeof pathToString>[0]
  level: string
  code?: string
  message: string
}
type Workspace = Parameters<typeof validateDocument>[0]['workspace']

/** The oracle: Sanity's own engine, as validateOne used to call it. */
async function oracle(document: SanityDoc, dataset: LocalDatasetClient, exists: Exists) {
  const client = dataset.asValidationClient()
  const workspace = {schema: getStudioSchema(), getClient: () => client} as unknown as Workspace
  return validateDocument({
    document: document as SanityDocument,
    workspace,
    environment: 'studio',
    maxCustomValidationConcurrency: 64,
    getDocumentExists: async ({id}) => exists(id),
  })
}

/** The engine under test, as validateOne calls it now. */
async function walker(document: SanityDoc, dataset: LocalDatasetClient, exists: Exists) {
  const client = dataset.asValidationClient()
  return validateWithStudioRules(document, {
    schema: getStudioSchema(),
    getClient: () => client as never,
    getDocumentExists: async ({id}) => exists(id),
    documentExists: exists,
  })
}

/** Sanity's path notation; paths it cannot write (an empty `_key`) as JSON. */
function pathOf(path: Marker['path']): string {
  try {
    return pathToString(path)
  } catch {
    return JSON.stringify(path)
  }
}

const fingerprint = (markers: Marker[]) =>
  markers.map((m) => JSON.stringify([pathOf(m.path), m.level, m.code, m.message])).sort()

interface Mismatch {
  id: string
  oracle: string[]
  walker: string[]
}

interface Verdict {
  /** The oracle's markers, fingerprinted and sorted. */
  markers: string[]
  mismatch?: Mismatch
}

/** Runs one document through both engines. */
async function judge(doc: SanityDoc, dataset: LocalDatasetClient, exists: Exists) {
  const [expected, actual] = await Promise.all([
    oracle(doc, dataset, exists).then(fingerprint),
    walker(doc, dataset, exists).then(fingerprint),
  ])
  const verdict: Verdict = {markers: expected}
  const same = expected.length === actual.length && expected.every((m, i) => m === actual[i])
  if (!same) verdict.mismatch = {id: doc._id, oracle: expected, walker: actual}
  return verdict
}

interface CorpusResult {
  documents: number
  withMarkers: number
  errors: number
  warnings: number
  /** The marker codes seen (valueRequired, custom, …). */
  codes: Set<string>
  mismatches: Mismatch[]
}

const field = (fingerprinted: string, index: number) =>
  (JSON.parse(fingerprinted) as string[])[index] as string

function tally(verdicts: Verdict[]): CorpusResult {
  const markers = verdicts.flatMap((v) => v.markers)
  return {
    documents: verdicts.length,
    withMarkers: verdicts.filter((v) => v.markers.length > 0).length,
    errors: markers.filter((m) => field(m, 1) === 'error').length,
    warnings: markers.filter((m) => field(m, 1) === 'warning').length,
    codes: new Set(markers.map((m) => field(m, 2))),
    mismatches: verdicts.flatMap((v) => (v.mismatch ? [v.mismatch] : [])),
  }
}

/** Runs jobs a few at a time: the oracle yields to a timer before every node it visits. */
async function inBatches<T>(jobs: (() => Promise<T>)[], size = 16): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < jobs.length; i += size) {
    out.push(...(await Promise.all(jobs.slice(i, i + size).map((job) => job()))))
  }
  return out
}

/** Every document of a dataset, each judged against the whole dataset. */
async function judgeDataset(documents: SanityDoc[], exists?: Exists): Promise<CorpusResult> {
  const dataset = new LocalDatasetClient(documents)
  const has = exists ?? ((id: string) => dataset.has(id))
  return tally(await inBatches(documents.map((doc) => () => judge(doc, dataset, has))))
}

/** References count only when the target is published, as for the published perspective. */
const publishedIn = (dataset: SanityDoc[]): Exists => {
  const published = new Set(dataset.map((d) => d._id).filter((id) => !id.startsWith('drafts.')))
  return (id) => published.has(id)
}

const ROOT = join(import.meta.dirname, '../..')
const HOSTILE = join(ROOT, 'test/fixtures/hostile')

const corpora = {
  /** Every rule case of studioRules.test.ts plus the untouched valid dataset. */
  async ruleCases(): Promise<CorpusResult> {
    const inputs = [
      ...cases.map(({id, mutate}) => mutatedDataset(id, mutate)),
      ...validCases.map(([, id, mutate]) => mutatedDataset(id, mutate)),
      ...validDataset().map((doc) => mutatedDataset(doc._id)),
    ]
    return tally(
      await inBatches(
        inputs.map(({doc, docs}) => () => {
          const dataset = new LocalDatasetClient(docs)
          return judge(doc, dataset, (id) => dataset.has(id))
        }),
      ),
    )
  },

  async production(): Promise<CorpusResult> {
    const documents = readFileSync(join(ROOT, 'content/production.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as SanityDoc)
    return judgeDataset(documents, publishedIn(documents))
  },

  /** Every document of every hostile NDJSON file that loadDataset accepts. */
  async hostile(): Promise<CorpusResult & {files: number}> {
    const knownTypes = new Set(schemaTypes.map((t) => t.name))
    const files = readdirSync(HOSTILE).filter((f) => f.endsWith('.ndjson'))
    const results: CorpusResult[] = []
    for (const file of files.sort()) {
      const source = await openSource({kind: 'ndjson', path: join(HOSTILE, file)})
      const loaded = await loadDataset(source, knownTypes)
      results.push(await judgeDataset(loaded.documents))
    }
    return {...merge(results), files: files.length}
  },

  async synthetic(): Promise<CorpusResult> {
    const documents: SanityDoc[] = []
    for await (const doc of syntheticDocuments(planDataset({tumours: 15}))) documents.push(doc)
    return judgeDataset(documents, publishedIn(documents))
  },
}

function merge(results: CorpusResult[]): CorpusResult {
  return {
    documents: results.reduce((n, r) => n + r.documents, 0),
    withMarkers: results.reduce((n, r) => n + r.withMarkers, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    warnings: results.reduce((n, r) => n + r.warnings, 0),
    codes: new Set(results.flatMap((r) => [...r.codes])),
    mismatches: results.flatMap((r) => r.mismatches),
  }
}

/** Each corpus is judged once, whichever test asks first. */
const memo = new Map<string, Promise<CorpusResult>>()
const judged = (name: keyof typeof corpora) => {
  let result = memo.get(name)
  if (!result) {
    result = corpora[name]()
    memo.set(name, result)
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// Random mutations of the valid dataset

type Segment = string | number
type Json = null | boolean | number | string | Json[] | {[key: string]: Json}

interface ValueNode {
  path: Segment[]
  value: unknown
  container: Doc | unknown[]
  key: Segment
}

const isObject = (value: unknown): value is Doc =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every value below the document root, parents before children. */
function nodesOf(root: Doc): ValueNode[] {
  const out: ValueNode[] = []
  const walk = (container: Doc | unknown[], path: Segment[]) => {
    const entries: [Segment, unknown][] = Array.isArray(container)
      ? container.map((v, i) => [i, v])
      : Object.entries(container)
    for (const [key, value] of entries) {
      const at = [...path, key]
      out.push({path: at, value, container, key})
      if (typeof value === 'object' && value !== null) walk(value as Doc | unknown[], at)
    }
  }
  walk(root, [])
  // The document's own _id and _type stay: without them it is not a document at all.
  return out.filter((n) => !(n.path.length === 1 && (n.key === '_id' || n.key === '_type')))
}

const jsonKinds = ['number', 'string', 'boolean', 'array', 'object'] as const
type JsonKind = (typeof jsonKinds)[number]
const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

const samples: Record<JsonKind, Json[]> = {
  number: [0, 42, -1.5],
  string: ['x', 'lorem ipsum', '2026-01-01'],
  boolean: [true, false],
  array: [[], ['a', 'b'], [{_key: 'k', _type: 'span', text: 'hi'}], [1, null]],
  object: [{}, {_type: 'span', text: 'hi'}, {current: 'x'}, {_key: 'z', foo: 1}],
}

const BAD_URLS = [
  'javascript:alert(1)',
  ' JavaScript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD4=',
  'vbscript:msgbox(1)',
  '//evil.example',
  'https://user:pw@example.org',
  'not a url',
  '',
]

const TYPE_NAMES = ['block', 'span', 'link', 'citation', 'section', 'medicalCode', 'reference']
const KINDS = [
  'delete',
  'null',
  'otherType',
  'unknownField',
  'duplicateItem',
  'dropKey',
  'dropType',
  'blankString',
  'badHref',
  'swapType',
  'danglingRef',
] as const

interface MutationSpec {
  kind: (typeof KINDS)[number]
  /** Which candidate node (modulo their number). */
  pick: number
  /** Prefer nodes at least four segments deep (Portable Text, codes, markDefs). */
  deep: boolean
  /** Picks the replacement value or name where the kind needs one. */
  choice: number
  jsonKind: JsonKind
}

/**
 * How often each kind is drawn. In the 'studio' environment unknown fields, missing `_key`s and
 * item `_type`s raise no marker of their own, so the kinds that break rules come up more often.
 */
const WEIGHTS: Partial<Record<MutationSpec['kind'], number>> = {
  otherType: 3,
  badHref: 3,
  danglingRef: 2,
  delete: 2,
  null: 2,
  blankString: 2,
}

const mutationSpec: fc.Arbitrary<MutationSpec> = fc.record({
  kind: fc.oneof(
    ...KINDS.map((kind) => ({arbitrary: fc.constant(kind), weight: WEIGHTS[kind] ?? 1})),
  ),
  pick: fc.nat(),
  deep: fc.boolean(),
  choice: fc.nat(),
  jsonKind: fc.constantFrom(...jsonKinds),
})

const nth = <T>(items: readonly T[], n: number): T => items[n % items.length] as T

/** Applies one mutation to `doc`; returns the path it changed, or undefined when none fit. */
function applyMutation(doc: Doc, spec: MutationSpec): Segment[] | undefined {
  const all = nodesOf(doc)
  const fits = (n: ValueNode): boolean => {
    switch (spec.kind) {
      case 'delete':
      case 'null':
      case 'otherType':
        return true
      case 'unknownField':
        return isObject(n.value)
      case 'duplicateItem':
        return Array.isArray(n.value) && n.value.length > 0
      case 'dropKey':
        return Array.isArray(n.container) && isObject(n.value) && '_key' in n.value
      case 'dropType':
        return Array.isArray(n.container) && isObject(n.value) && '_type' in n.value
      case 'blankString':
        return typeof n.value === 'string'
      case 'badHref':
        return n.key === 'href' || n.key === 'url' || n.key === 'licenseUrl'
      case 'swapType':
        return isObject(n.value) && typeof n.value._type === 'string'
      case 'danglingRef':
        return n.key === '_ref'
    }
  }
  const candidates = all.filter(fits)
  const deep = candidates.filter((n) => n.path.length >= 4)
  const pool = spec.deep && deep.length > 0 ? deep : candidates
  if (pool.length === 0) {
    // An unknown field can always go on the document itself.
    if (spec.kind !== 'unknownField') return undefined
    doc[nth(['legacyData', 'notes', 'extra'], spec.choice)] = structuredClone(
      nth(samples[spec.jsonKind], spec.choice),
    )
    return []
  }
  const node = nth(pool, spec.pick)
  const set = (value: unknown) => {
    ;(node.container as Record<Segment, unknown>)[node.key] = value
  }
  const value = node.value as Doc & unknown[]
  switch (spec.kind) {
    case 'delete':
      if (Array.isArray(node.container)) node.container.splice(node.key as number, 1)
      else delete node.container[node.key]
      break
    case 'null':
      set(null)
      break
    case 'otherType': {
      const current = kindOf(node.value)
      const kind =
        current === spec.jsonKind
          ? nth(jsonKinds, jsonKinds.indexOf(spec.jsonKind) + 1)
          : spec.jsonKind
      set(structuredClone(nth(samples[kind], spec.choice)))
      break
    }
    case 'unknownField':
      value[nth(['legacyData', 'notes', 'extra'], spec.choice)] = structuredClone(
        nth(samples[spec.jsonKind], spec.choice),
      )
      break
    case 'duplicateItem': {
      const index = spec.choice % value.length
      value.splice(index + 1, 0, structuredClone(value[index]))
      break
    }
    case 'dropKey':
      delete value._key
      break
    case 'dropType':
      delete value._type
      break
    case 'blankString':
      set(nth(['', ' ', '\t\n  '], spec.choice))
      break
    case 'badHref':
      set(nth(BAD_URLS, spec.choice))
      break
    case 'swapType':
      value._type = nth(
        TYPE_NAMES.filter((t) => t !== value._type),
        spec.choice,
      )
      break
    case 'danglingRef':
      set(nth(['missing-document', `drafts.${node.value}`, 'person-writer', ''], spec.choice))
      break
  }
  return node.path
}

const validIds = validDataset().map((d) => d._id)
const TUMOUR = 'tumour-leiomyosarcoma'

const mutatedDocument = fc.record({
  // The tumour page has the deep structure (sections, Portable Text, codes): pick it most often.
  id: fc.oneof(
    {arbitrary: fc.constant(TUMOUR), weight: 3},
    {arbitrary: fc.constantFrom(...validIds), weight: 2},
  ),
  mutations: fc.array(mutationSpec, {minLength: 1, maxLength: 4}),
})

describe('the rule walker returns exactly the markers of validateDocument from sanity', () => {
  it('on every rule case of studioRules.test.ts', async () => {
    const result = await judged('ruleCases')
    expect(result.mismatches).toEqual([])
    expect(result.documents).toBe(cases.length + validCases.length + validDataset().length)
    // Every broken case is broken for the oracle too; the others pass.
    expect(result.withMarkers).toBe(cases.length)
  })

  it('on every document of content/production.ndjson', async () => {
    const result = await judged('production')
    expect(result.mismatches).toEqual([])
    const lines = readFileSync(join(ROOT, 'content/production.ndjson'), 'utf8')
    expect(result.documents).toBe(lines.split('\n').filter((l) => l.trim() !== '').length)
  })

  it('on every document of every hostile NDJSON fixture that loads', async () => {
    const result = await judged('hostile')
    expect(result.mismatches).toEqual([])
    expect(result.documents).toBeGreaterThan(75)
  })

  it('on a synthetic dataset of 15 tumour pages', async () => {
    const result = await judged('synthetic')
    expect(result.mismatches).toEqual([])
    const plan = planDataset({tumours: 15})
    // Each page's review history is three statements.
    expect(result.documents).toBe(plan.order.length + 2 * (plan.tumours.length + plan.kits.length))
  })

  it('on random mutations of the valid dataset, down to spans, markDefs and codes', async () => {
    let runs = 0
    let withMarkers = 0
    const reached = new Set<string>()
    await fc.assert(
      fc.asyncProperty(mutatedDocument, async ({id, mutations}) => {
        const {doc, docs} = mutatedDataset(id, (d) => {
          for (const spec of mutations) {
            const path = applyMutation(d, spec)
            for (const segment of path ?? []) if (typeof segment === 'string') reached.add(segment)
          }
        })
        const dataset = new LocalDatasetClient(docs)
        const verdict = await judge(doc, dataset, (ref) => dataset.has(ref))
        runs++
        if (verdict.markers.length > 0) withMarkers++
        if (verdict.mismatch) {
          throw new Error(
            `walker and oracle differ on ${JSON.stringify(doc)}:\n${JSON.stringify(verdict.mismatch, null, 2)}`,
          )
        }
      }),
      {numRuns: 200},
    )
    expect(runs).toBeGreaterThanOrEqual(200)
    // Not vacuous: most mutated documents break some rule, and the mutations reach deep paths.
    expect(withMarkers / runs).toBeGreaterThan(0.5)
    expect([...reached]).toEqual(
      expect.arrayContaining(['sections', 'body', 'children', 'markDefs', 'codes', 'href']),
    )
  })

  describe('on long arrays under unique(), which it checks by hashing instead of pairwise', () => {
    /** A kit available for `n` tumours (all in the dataset), changed by `edit`. */
    function longKit(n: number, edit: (items: Record<string, unknown>[], doc: Doc) => void) {
      return mutatedDataset('kit-oncoprofile', (doc, docs) => {
        const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
        const items: Record<string, unknown>[] = []
        for (let i = 0; i < n; i++) {
          const _id = `tumour-copy-${i}`
          docs.push({...structuredClone(tumour), _id, slug: {_type: 'slug', current: _id}})
          items.push({_key: `k${i}`, _type: 'reference', _ref: _id})
        }
        doc.availableFor = items
        edit(items, doc)
      })
    }

    const verdictOf = async ({doc, docs}: ReturnType<typeof longKit>) => {
      const dataset = new LocalDatasetClient(docs)
      return judge(doc, dataset, (ref) => dataset.has(ref))
    }

    it('passes 300 distinct items, as the Studio does', async () => {
      const verdict = await verdictOf(longKit(300, () => {}))
      expect(verdict.mismatch).toBeUndefined()
      expect(verdict.markers).toEqual([])
    })

    // One kind of twin per array: one real duplicate anywhere makes the Studio's check run.
    const twins: [string, (items: Record<string, unknown>[]) => void][] = [
      [
        'another _key and key order',
        (items) => {
          items.push({_ref: 'tumour-copy-7', _key: 'twin', _type: 'reference'})
        },
      ],
      [
        'an extra object that differs only in a nested _key',
        (items) => {
          items[7] = {...items[7], extra: {_key: 'x', note: 'same'}}
          items.push({...items[7], _key: 'twin', extra: {note: 'same', _key: 'y'}})
        },
      ],
    ]
    it.each(twins)('finds a duplicate with %s', async (_, edit) => {
      const verdict = await verdictOf(longKit(300, edit))
      expect(verdict.mismatch).toBeUndefined()
      const duplicates = verdict.markers.filter((m) => m.includes('This tumour is listed twice'))
      expect(duplicates.map((m) => field(m, 0))).toEqual([
        'availableFor[_key=="k7"]',
        'availableFor[_key=="twin"]',
      ])
    })

    it('does not take look-alikes for duplicates (a string and a number)', async () => {
      const verdict = await verdictOf(
        longKit(300, (items) => {
          items[30] = {...items[30], weight: 1}
          items.push({...items[30], _key: 'look-alike', weight: '1'})
        }),
      )
      expect(verdict.mismatch).toBeUndefined()
      expect(verdict.markers.join('\n')).not.toContain('listed twice')
    })

    it('still runs the other rules of the same field (here: the reference checks)', async () => {
      const verdict = await verdictOf(
        longKit(200, (items) => {
          items.push({_key: 'gone', _type: 'reference', _ref: 'tumour-that-does-not-exist'})
        }),
      )
      expect(verdict.mismatch).toBeUndefined()
      expect(verdict.markers.length).toBeGreaterThan(0)
      expect(verdict.markers.join('\n')).toContain('gone')
    })

    it('finds duplicate strings among many synonyms', async () => {
      const {doc, docs} = mutatedDataset('tumour-leiomyosarcoma', (d) => {
        d.synonyms = Array.from({length: 400}, (_, i) => `Synonym ${i}`)
        d.synonyms.push('Synonym 123')
      })
      const dataset = new LocalDatasetClient(docs)
      const verdict = await judge(doc, dataset, (ref) => dataset.has(ref))
      expect(verdict.mismatch).toBeUndefined()
      const duplicates = verdict.markers.filter((m) =>
        m.includes('Each synonym should appear once'),
      )
      expect(duplicates.map((m) => field(m, 0))).toEqual(['synonyms[123]', 'synonyms[400]'])
    })
  })

  it('compares corpora with errors and warnings in them', async () => {
    const results = await Promise.all(
      (['ruleCases', 'production', 'hostile', 'synthetic'] as const).map(judged),
    )
    const total = merge(results)
    expect(total.mismatches).toEqual([])
    expect(total.errors).toBeGreaterThanOrEqual(50)
    expect(total.warnings).toBeGreaterThanOrEqual(3)
    expect(total.withMarkers).toBeGreaterThanOrEqual(50)
    expect(total.codes.size).toBeGreaterThanOrEqual(4)
  })
})
