import {createReadStream} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {beforeAll, describe, expect, it} from 'vitest'
import {loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import {type NdjsonEntry, readNdjson} from '../../pipeline/load/ndjson.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments} from '../../pipeline/validate/validateDocuments.ts'
import {buildChain} from '../../pipeline/workflow/chain.ts'
import {checkStatement, type ValidStatement} from '../../pipeline/workflow/checkStatement.ts'
import {evaluateChain, reviewDates} from '../../pipeline/workflow/evaluate.ts'
import type {Keyring, Role} from '../../pipeline/workflow/keyring.ts'

const DATASET = fileURLToPath(new URL('../../content/production.ndjson', import.meta.url))

/** The date the editorial states are judged against, fixed so that the test is deterministic. */
const TODAY = '2026-11-27'

// biome-ignore lint/suspicious/noExplicitAny: content is inspected field by field
type Doc = SanityDoc & Record<string, any>

let entries: NdjsonEntry[] = []
let docs: Doc[] = []
let byId = new Map<string, Doc>()

const isDraft = (id: string) => id.startsWith('drafts.')
const published = () => docs.filter((d) => !isDraft(d._id))
const ofType = (type: string) => published().filter((d) => d._type === type)

/** Visits every array in a value, with a readable path for failure messages. */
function walkArrays(value: unknown, path: string, visit: (array: unknown[], path: string) => void) {
  if (Array.isArray(value)) {
    visit(value, path)
    value.forEach((item, i) => {
      walkArrays(item, `${path}[${i}]`, visit)
    })
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) walkArrays(child, `${path}.${key}`, visit)
  }
}

/** Every `_ref` anywhere in a value. */
function collectRefs(value: unknown, path: string, out: {path: string; ref: string}[]) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      collectRefs(item, `${path}[${i}]`, out)
    })
  } else if (value && typeof value === 'object') {
    const ref = (value as {_ref?: unknown})._ref
    if (ref !== undefined) out.push({path, ref: String(ref)})
    for (const [key, child] of Object.entries(value)) collectRefs(child, `${path}.${key}`, out)
  }
  return out
}

/** The content of a document without the fields the Content Lake maintains. */
function content(doc: Doc): Record<string, unknown> {
  const {_id, _rev, _createdAt, _updatedAt, ...rest} = doc
  return rest
}

/** The one published page that no signed review releases (the report's "published without approval"). */
const UNAPPROVED = 'tumour-pancreatic-ductal-adenocarcinoma'
let keyring: Keyring
const statements = new Map<string, ValidStatement[]>()
const released = new Map<string, {lastReviewed: string; nextReviewDue: string}>()

beforeAll(async () => {
  entries = []
  for await (const entry of readNdjson(createReadStream(DATASET))) entries.push(entry)
  docs = entries.flatMap((entry) => ('value' in entry ? [entry.value as Doc] : []))
  byId = new Map(docs.map((doc) => [doc._id, doc]))
  keyring = (await loadKeyring('review/demo-keyring.json')).keyring
  const crypto = nodeLedgerCrypto()
  for (const doc of docs.filter((d) => d._type === 'reviewStatement')) {
    const checked = await checkStatement(doc, keyring, crypto)
    if (!checked.ok) throw new Error(checked.failure.message)
    const id = checked.statement.payload.documentId
    statements.set(id, [...(statements.get(id) ?? []), checked.statement])
  }
  for (const [id, list] of statements) {
    const release = evaluateChain(buildChain(id, list)).release
    const dates = release && reviewDates(release)
    if (dates) released.set(id, dates)
  }
})

describe('content/production.ndjson', () => {
  describe('format', () => {
    it('parses every line as JSON', () => {
      const errors = entries.filter((entry) => 'error' in entry)
      expect(errors).toEqual([])
      expect(docs.length).toBeGreaterThan(0)
    })

    it('ends with a newline and has no blank lines', async () => {
      const text = await readFile(DATASET, 'utf8')
      expect(text.endsWith('\n')).toBe(true)
      expect(text.slice(0, -1).split('\n')).not.toContain('')
    })

    it('gives every document its system fields', () => {
      const missing = docs.flatMap((doc) =>
        ['_id', '_type', '_rev', '_createdAt', '_updatedAt']
          .filter((field) => typeof doc[field] !== 'string' || doc[field] === '')
          .map((field) => `${doc._id ?? '?'}: ${field}`),
      )
      expect(missing).toEqual([])
      for (const doc of docs) {
        expect(doc._rev, doc._id).toMatch(/^[A-Za-z0-9]{22}$/)
        expect(Number.isNaN(Date.parse(doc._createdAt as string)), doc._id).toBe(false)
        expect((doc._updatedAt as string) >= (doc._createdAt as string), doc._id).toBe(true)
      }
    })

    it('has unique ids and unique revisions', () => {
      expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length)
      expect(new Set(docs.map((d) => d._rev)).size).toBe(docs.length)
    })

    it('lists documents sorted by _id', () => {
      const ids = docs.map((d) => d._id)
      const unsorted = ids.filter((id, i) => i > 0 && (ids[i - 1] as string) >= id)
      expect(unsorted).toEqual([])
    })

    it('gives every object in an array a _key that is unique within its array', () => {
      const problems: string[] = []
      for (const doc of docs) {
        walkArrays(doc, doc._id, (array, path) => {
          const seen = new Set<string>()
          array.forEach((item, i) => {
            if (!item || typeof item !== 'object' || Array.isArray(item)) return
            const key = (item as {_key?: unknown})._key
            if (typeof key !== 'string' || key === '') problems.push(`${path}[${i}] has no _key`)
            else if (seen.has(key)) problems.push(`${path}[${i}] repeats _key "${key}"`)
            else seen.add(key)
          })
        })
      }
      expect(problems).toEqual([])
    })

    it('resolves every reference to a published document in the dataset', () => {
      const dangling = docs.flatMap((doc) =>
        collectRefs(doc, doc._id, [])
          .filter(({ref}) => isDraft(ref) || !byId.has(ref))
          .map(({path, ref}) => `${path} → ${ref}`),
      )
      expect(dangling).toEqual([])
    })
  })

  describe('content', () => {
    it('has at least 12 published tumour pages, including leiomyosarcoma', () => {
      const tumours = ofType('tumour')
      expect(tumours.length).toBeGreaterThanOrEqual(12)
      expect(tumours.every((t) => t._id.startsWith('tumour-'))).toBe(true)
      const lms = byId.get('tumour-leiomyosarcoma')
      expect(lms).toMatchObject({
        _type: 'tumour',
        name: 'Leiomyosarcoma',
        slug: {_type: 'slug', current: 'leiomyosarcoma'},
        synonyms: ['LMS'],
        category: 'Soft tissue sarcoma',
      })
      expect(lms?.nameOrigin).toMatch(/leios/)
      expect(lms?.codes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({system: 'ICD-O-3', code: '8890/3'}),
          expect.objectContaining({system: 'NCIt', code: 'C3158'}),
          expect.objectContaining({system: 'OncoTree', code: 'LMS'}),
        ]),
      )
    })

    it('gives every published tumour 3–6 sections, a summary, synonyms and a signed full review', () => {
      const problems: string[] = []
      for (const t of ofType('tumour')) {
        const sections = Array.isArray(t.sections) ? t.sections.length : 0
        if (sections < 3 || sections > 6) problems.push(`${t._id}: ${sections} sections`)
        if (typeof t.summary !== 'string' || t.summary.length < 50 || t.summary.length > 300) {
          problems.push(`${t._id}: summary`)
        }
        if (!Array.isArray(t.synonyms) || t.synonyms.length === 0) {
          problems.push(`${t._id}: synonyms`)
        }
        const dates = released.get(t._id)
        if (t._id !== UNAPPROVED && !(dates && dates.nextReviewDue > dates.lastReviewed))
          problems.push(`${t._id}: no signed full review`)
      }
      expect(problems).toEqual([])
    })

    it('has at least 2 kits, covering leiomyosarcoma and one tumour twice', () => {
      const kits = ofType('kitProduct')
      expect(kits.length).toBeGreaterThanOrEqual(2)
      const covered = kits.flatMap((k) => k.availableFor.map((r: {_ref: string}) => r._ref))
      expect(covered).toContain('tumour-leiomyosarcoma')
      expect(covered.some((id, i) => covered.indexOf(id) !== i)).toBe(true)
      for (const kit of kits) {
        expect(kit.callToAction, kit._id).toEqual({
          _type: 'callToAction',
          label: 'Request a test',
          url: `/request-a-test?kit=${kit.slug.current}`,
        })
      }
    })

    it('has at least 8 sources with publisher, url, licence and access date', () => {
      const complete = ofType('source').filter(
        (s) => s.publisher && /^https:\/\//.test(s.url) && s.license && s.accessedAt,
      )
      expect(complete.length).toBeGreaterThanOrEqual(8)
      for (const s of ofType('source').filter((s) => s.publisher === 'Wikipedia')) {
        expect(s, s._id).toMatchObject({
          license: 'CC BY-SA 4.0',
          licenseUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
          revision: expect.any(String),
        })
      }
    })

    it('is signed by at least 3 people of the demo keyring, with 2 writers and 2 medical reviewers', () => {
      const signers = new Set([...statements.values()].flat().map((s) => s.payload.signer))
      const people = keyring.people.filter((p) => signers.has(p.id))
      expect(people.length).toBeGreaterThanOrEqual(3)
      const withRole = (role: Role) => people.filter((p) => p.roles.includes(role))
      expect(withRole('writer').length).toBeGreaterThanOrEqual(2)
      expect(withRole('medicalReviewer').length).toBeGreaterThanOrEqual(2)
      expect(withRole('medicalReviewer').some((p) => p.orcid)).toBe(true)
    })
  })

  describe('editorial states', () => {
    it('(a) has a published tumour with a draft that differs from it', () => {
      const edited = ofType('tumour').filter((t) => {
        const draft = byId.get(`drafts.${t._id}`)
        return draft && JSON.stringify(content(draft)) !== JSON.stringify(content(t))
      })
      expect(edited.map((t) => t._id).length).toBeGreaterThanOrEqual(1)
    })

    it('(b) has a draft-only new tumour page', () => {
      const draftOnly = docs.filter(
        (d) => d._type === 'tumour' && isDraft(d._id) && !byId.has(d._id.slice('drafts.'.length)),
      )
      expect(draftOnly.length).toBeGreaterThanOrEqual(1)
    })

    it('(c) has a published tumour whose review is overdue', () => {
      const overdue = ofType('tumour').filter(
        (t) => (released.get(t._id)?.nextReviewDue ?? '~') < TODAY,
      )
      expect(overdue.length).toBeGreaterThanOrEqual(1)
    })
  })

  it('passes every Studio rule with no errors and no warnings', async () => {
    const issues = await validateDocuments(docs, {dataset: new LocalDatasetClient(docs)})
    const blocking = issues.filter((i) => i.level === 'error' || i.level === 'warning')
    expect(
      blocking,
      blocking.map((i) => `${i.level} ${i.documentId} ${i.path}: ${i.message}`).join('\n'),
    ).toEqual([])
  })
})
