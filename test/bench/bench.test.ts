import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {editTumour} from '../../pipeline/bench/editTumour.ts'
import {measureChild} from '../../pipeline/bench/measureChild.ts'
import {EXPORT_NODE_FLAGS} from '../../pipeline/bench/runExportCli.ts'
import {
  type SyntheticSummary,
  writeSyntheticDataset,
} from '../../pipeline/bench/syntheticDataset.ts'
import {runExport} from '../../pipeline/exportDataset.ts'
import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments} from '../../pipeline/validate/validateDocuments.ts'
import {buildChain} from '../../pipeline/workflow/chain.ts'
import {checkStatement, type ValidStatement} from '../../pipeline/workflow/checkStatement.ts'
import {closureOf, closureText} from '../../pipeline/workflow/closure.ts'
import {decodeClosure} from '../../pipeline/workflow/closureCodec.ts'
import {evaluateChain} from '../../pipeline/workflow/evaluate.ts'
import {checkMedicalCode} from '../../schemas/rules/medicalCodes.ts'
import {checkHref} from '../../schemas/rules/urlPolicy.ts'

// biome-ignore lint/suspicious/noExplicitAny: generated content is inspected field by field
type Doc = SanityDoc & Record<string, any>

const N = 200
const ROOT = join(import.meta.dirname, '../..')
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const readDocs = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Doc)

let dir = ''
let path = ''
let summary: SyntheticSummary
let docs: Doc[] = []
let byId = new Map<string, Doc>()
const isDraft = (id: string) => id.startsWith('drafts.')
const published = () => docs.filter((d) => !isDraft(d._id))
const ofType = (type: string) => published().filter((d) => d._type === type)

/** Every object with a `_ref`, anywhere in a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out)
  else if (value && typeof value === 'object') {
    const ref = (value as {_ref?: unknown})._ref
    if (typeof ref === 'string') out.push(ref)
    for (const child of Object.values(value)) refsIn(child, out)
  }
  return out
}

/** Calls `visit` for every array in a value. */
function walkArrays(value: unknown, visit: (array: unknown[]) => void) {
  if (Array.isArray(value)) {
    visit(value)
    for (const item of value) walkArrays(item, visit)
  } else if (value && typeof value === 'object') {
    for (const child of Object.values(value)) walkArrays(child, visit)
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bench-test-'))
  path = join(dir, 'a.ndjson')
  summary = await writeSyntheticDataset(path, {tumours: N})
  docs = readDocs(path)
  byId = new Map(docs.map((d) => [d._id, d]))
})

afterAll(() => {
  rmSync(dir, {recursive: true, force: true})
})

describe('synthetic dataset', () => {
  it('is deterministic: the same options give identical bytes, another seed other bytes', async () => {
    const again = join(dir, 'b.ndjson')
    const other = join(dir, 'c.ndjson')
    await writeSyntheticDataset(again, {tumours: N})
    await writeSyntheticDataset(other, {tumours: N, seed: 'another seed'})
    expect(sha256(again)).toBe(sha256(path))
    expect(sha256(other)).not.toBe(sha256(path))
  })

  it('has the promised counts', () => {
    expect(docs.length).toBe(summary.documents)
    expect(ofType('tumour')).toHaveLength(N)
    expect(ofType('kitProduct')).toHaveLength(5)
    expect(ofType('source')).toHaveLength(300)
    expect(ofType('reviewStatement')).toHaveLength(3 * (N + 5))
    // Like the embedded dataset: drafts of published pages, and a draft-only page.
    const drafts = docs.filter((d) => isDraft(d._id))
    expect(drafts.some((d) => byId.has(d._id.slice('drafts.'.length)))).toBe(true)
    expect(drafts.some((d) => !byId.has(d._id.slice('drafts.'.length)))).toBe(true)
    expect(summary.tumourIds).toEqual(expect.arrayContaining(ofType('tumour').map((t) => t._id)))
  })

  it('lists documents in a shuffled, not sorted, order', () => {
    const ids = docs.map((d) => d._id)
    const descents = ids.filter((id, i) => i > 0 && (ids[i - 1] as string) > id).length
    expect(descents).toBeGreaterThan(ids.length / 4)
    const firstTumour = ids.findIndex((id) => id.startsWith('tumour-'))
    const firstSource = ids.findIndex((id) => id.startsWith('source-'))
    expect(Math.max(firstTumour, firstSource)).toBeLessThan(ids.length / 10)
  })

  it('gives every document its system fields and every array object a unique _key', () => {
    const problems: string[] = []
    for (const doc of docs) {
      for (const field of ['_id', '_type', '_rev', '_createdAt', '_updatedAt']) {
        if (typeof doc[field] !== 'string' || doc[field] === '')
          problems.push(`${doc._id} ${field}`)
      }
      if (!/^[A-Za-z0-9]{22}$/.test(doc._rev as string)) problems.push(`${doc._id} _rev`)
      if ((doc._updatedAt as string) < (doc._createdAt as string)) problems.push(`${doc._id} dates`)
      walkArrays(doc, (array) => {
        const keys = array.flatMap((item) =>
          item && typeof item === 'object' ? [(item as {_key?: string})._key] : [],
        )
        if (keys.some((k) => typeof k !== 'string') || new Set(keys).size !== keys.length) {
          problems.push(`${doc._id} keys ${keys.join(',')}`)
        }
      })
    }
    expect(problems).toEqual([])
    expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length)
  })

  it('resolves every reference to a published document', () => {
    const dangling = docs.flatMap((doc) =>
      refsIn(doc)
        .filter((ref) => isDraft(ref) || !byId.has(ref))
        .map((ref) => `${doc._id} → ${ref}`),
    )
    expect(dangling).toEqual([])
  })

  it('shapes tumour pages like the embedded dataset', () => {
    const problems: string[] = []
    const seen = {bullet: 0, number: 0, strong: 0, em: 0, link: 0, citation: 0}
    for (const t of ofType('tumour')) {
      const where = t._id
      if (t.sections.length < 4 || t.sections.length > 6) problems.push(`${where}: sections`)
      if (t.summary.length < 50 || t.summary.length > 300) problems.push(`${where}: summary`)
      if (t.synonyms.length < 1 || new Set(t.synonyms).size !== t.synonyms.length)
        problems.push(`${where}: synonyms`)
      for (const code of t.codes) {
        const problem = checkMedicalCode(code.system, code.code)
        if (problem) problems.push(`${where}: ${problem}`)
      }
      if (t.slug.current !== t._id.slice('tumour-'.length)) problems.push(`${where}: slug`)
      for (const section of t.sections) {
        if (!section.heading || !section.kind || section.body.length === 0)
          problems.push(`${where}: section ${section._key}`)
        if (section.sources.length < 1) problems.push(`${where}: section ${section._key} sources`)
        for (const block of section.body) {
          if (block.listItem === 'bullet') seen.bullet++
          if (block.listItem === 'number') seen.number++
          for (const span of block.children) {
            if (span.marks.includes('strong')) seen.strong++
            if (span.marks.includes('em')) seen.em++
            for (const mark of span.marks) {
              if (
                !['strong', 'em'].includes(mark) &&
                !block.markDefs.some((m: Doc) => m._key === mark)
              )
                problems.push(`${where}: mark ${mark} has no definition`)
            }
          }
          for (const def of block.markDefs) {
            if (def._type === 'link') {
              seen.link++
              const verdict = checkHref(def.href)
              if (!verdict.ok || verdict.kind !== 'absolute' || !def.href.startsWith('https://'))
                problems.push(`${where}: link ${def.href}`)
            }
            if (def._type === 'citation') {
              seen.citation++
              if (byId.get(def.source._ref)?._type !== 'source')
                problems.push(`${where}: citation ${def.source._ref}`)
            }
          }
        }
      }
    }
    expect(problems).toEqual([])
    for (const [feature, count] of Object.entries(seen)) {
      expect(count, feature).toBeGreaterThan(N / 10)
    }
  })

  it('offers each of the 5 kits for its own random subset of tumours', () => {
    const subsets = ofType('kitProduct').map((kit) => {
      const refs = kit.availableFor.map((r: {_ref: string}) => r._ref)
      expect(new Set(refs).size, kit._id).toBe(refs.length)
      expect(refs.length, kit._id).toBeGreaterThanOrEqual(1)
      expect(refs.length, kit._id).toBeLessThan(N)
      for (const ref of refs) expect(byId.get(ref)?._type).toBe('tumour')
      return refs.join(',')
    })
    expect(new Set(subsets).size).toBe(5)
  })

  it('releases every published tumour and kit under four eyes, bound to its exact closure', async () => {
    const keyring = (await loadKeyring(join(ROOT, 'review/demo-keyring.json'))).keyring
    const crypto = nodeLedgerCrypto()
    const byPage = new Map<string, ValidStatement[]>()
    for (const doc of ofType('reviewStatement')) {
      const checked = await checkStatement(doc, keyring, crypto)
      if (!checked.ok) throw new Error(checked.failure.message)
      const id = checked.statement.payload.documentId
      byPage.set(id, [...(byPage.get(id) ?? []), checked.statement])
    }
    const pages = [...ofType('tumour'), ...ofType('kitProduct')]
    expect([...byPage.keys()].sort()).toEqual(pages.map((d) => d._id).sort())
    const lookup = datasetLookup(published())
    for (const page of pages) {
      const release = evaluateChain(buildChain(page._id, byPage.get(page._id) ?? [])).release
      expect(release?.approval.payload.signer).not.toBe(release?.published.payload.signer)
      const closure = closureText(closureOf(page as never, page._id, lookup))
      expect(await decodeClosure(release?.approval.encodedClosure ?? '')).toEqual({
        ok: true,
        text: closure,
      })
      expect(release?.published.payload.contentHash).toBe(crypto.sha256(closure))
    }
  })

  it('passes the Studio validation on a sample of about 200 documents', async () => {
    const pick = (type: string, count: number) => {
      const all = ofType(type)
      const step = Math.max(1, Math.floor(all.length / count))
      return all.filter((_, i) => i % step === 0).slice(0, count)
    }
    const sample = [
      ...pick('tumour', 90),
      ...pick('reviewStatement', 45),
      ...pick('source', 45),
      ...ofType('kitProduct'),
    ]
    expect(sample.length).toBeGreaterThanOrEqual(180)
    const visible = new Set(published().map((d) => d._id))
    const issues = await validateDocuments(sample, {
      dataset: new LocalDatasetClient(docs),
      exists: (id) => visible.has(id),
    })
    const blocking = issues.filter((i) => i.level === 'error' || i.level === 'warning')
    expect(
      blocking,
      blocking.map((i) => `${i.level} ${i.documentId} ${i.path}: ${i.message}`).join('\n'),
    ).toEqual([])
  }, 90_000)

  it('edits one tumour in place and signs its review of exactly the new content', async () => {
    const copy = join(dir, 'edit.ndjson')
    await writeSyntheticDataset(copy, {tumours: 20})
    const before = readDocs(copy)
    const target = before.find((d) => d._type === 'tumour' && !isDraft(d._id)) as Doc
    const edit = await editTumour(copy, target._id)
    const after = readDocs(copy)
    expect(after.map((d) => d._id)).toEqual([...before.map((d) => d._id), ...edit.statementIds])
    const changed = after.filter(
      (d, i) => i < before.length && JSON.stringify(d) !== JSON.stringify(before[i]),
    )
    expect(changed.map((d) => d._id)).toEqual([target._id])
    const tumour = after.find((d) => d._id === target._id) as Doc
    expect(tumour.sections[0].body[0].children[0].text).toMatch(/added by the benchmark\.$/)
    const out = join(dir, 'edit-export')
    const report = await runExport({
      source: {kind: 'ndjson', path: copy},
      outDir: out,
      perspective: 'published',
      strict: false,
      keyring: join(ROOT, 'review/demo-keyring.json'),
    })
    expect(report.issues.filter((i) => i.documentId === target._id)).toEqual([])
    const page = JSON.parse(
      readFileSync(join(out, `json/tumours/${tumour.slug.current}.json`), 'utf8'),
    )
    expect(page.sections[0].body[0].children[0].text).toMatch(/added by the benchmark\.$/)
    expect(page.review.scope).toBe('change')
  })
})

describe('measureChild', () => {
  it.each([true, false])('reports the peak RSS of the child (GNU time: %s)', async (useTime) => {
    const m = await measureChild(['-e', 'globalThis.keep = Buffer.alloc(80 * 2 ** 20, 1)'], {
      scratchDir: dir,
      useTime,
    })
    expect(m.code).toBe(0)
    expect(m.rssFrom).toBe(useTime ? 'time' : 'resourceUsage')
    expect(m.peakRssMb).toBeGreaterThan(80)
    expect(m.wallMs).toBeGreaterThan(0)
  })
})

describe('the export the bench times', () => {
  it('runs with the Node flags of npm run export', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(pkg.scripts.export).toBe(`node ${EXPORT_NODE_FLAGS.join(' ')} scripts/export.ts`)
  })
})

describe('npm run bench (CI smoke run; timings are never asserted)', () => {
  it('runs end to end at 200 tumours and ends with one JSON line of every key', async () => {
    const {stdout} = await promisify(execFile)(
      process.execPath,
      ['scripts/bench.ts', '--tumours', '200'],
      {cwd: ROOT, maxBuffer: 64 << 20},
    )
    const last = stdout.trimEnd().split('\n').at(-1) as string
    const summary = JSON.parse(last) as Record<string, number>
    expect(Object.keys(summary).sort()).toEqual(
      [
        'tumours',
        'documents',
        'floorMs',
        'naiveMs',
        'coldMs',
        'noopMs',
        'oneChangeMs',
        'filesWrittenNoop',
        'filesWrittenOneChange',
        'peakRssMb',
        'ratioToFloor',
        'speedupVsNaive',
        'noopOfCold',
        'oneChangeOfCold',
      ].sort(),
    )
    for (const [key, value] of Object.entries(summary)) {
      expect(Number.isFinite(value), key).toBe(true)
    }
    expect(summary.tumours).toBe(200)
    expect(summary.documents).toBeGreaterThan(700)
    expect(stdout).toMatch(/stage\s+wall ms\s+peak RSS MB\s+files written/)
  }, 180_000)
})
