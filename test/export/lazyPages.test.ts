import {copyFileSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import {DEMO_KEYRING} from '../../pipeline/gate/keyringFile.ts'
import {isUnparsed} from '../../pipeline/load/lazyDocument.ts'
import {LINE_FACTS, type LineFacts} from '../../pipeline/load/lineFacts.ts'
import {forgeCache} from '../support/exportCache.ts'
import {snapshot, tempDir} from '../support/exportHarness.ts'

/** Every page the loader made from line facts, to see which ones a run had to parse. */
const made = vi.hoisted(() => [] as object[])
vi.mock('../../pipeline/load/lazyDocument.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../pipeline/load/lazyDocument.ts')>()
  return {
    ...real,
    lazyDocument: (...args: Parameters<typeof real.lazyDocument>) => {
      const doc = real.lazyDocument(...args)
      made.push(doc)
      return doc
    },
  }
})

const EMBEDDED = join(import.meta.dirname, '../../content/production.ndjson')
const TUMOUR_LINES = readFileSync(EMBEDDED, 'utf8')
  .split('\n')
  .filter((line) => line.includes('"_type":"tumour"')).length

/** The embedded dataset in a folder of its own, so that a test can edit it. */
function datasetCopy(): string {
  const path = join(tempDir('lazy-source-'), 'data.ndjson')
  copyFileSync(EMBEDDED, path)
  return path
}

const exportInto = (source: string, outDir: string, repair = false) =>
  runExport({
    source: {kind: 'ndjson', path: source},
    outDir,
    perspective: 'published',
    strict: false,
    keyring: DEMO_KEYRING,
    repair,
  })

/** Changes one field of one document in an NDJSON file, as an editor would. */
function editLine(path: string, id: string, field: string, value: unknown) {
  const lines = readFileSync(path, 'utf8').split('\n')
  const at = lines.findIndex((line) => line.includes(`"_id":"${id}"`))
  lines[at] = JSON.stringify({...JSON.parse(lines[at] as string), [field]: value})
  writeFileSync(path, lines.join('\n'))
}

beforeEach(() => {
  made.length = 0
})

describe('pages known from the last run', () => {
  it('are not parsed by a run with nothing changed, which writes nothing and reports the same', async () => {
    const source = datasetCopy()
    const out = tempDir()
    const cold = await exportInto(source, out)
    expect(made).toHaveLength(0)
    const files = await snapshot(out)
    const noop = await exportInto(source, out)
    expect(noop.files?.written).toEqual([])
    expect(made).toHaveLength(TUMOUR_LINES)
    // Only a page that drifted from its approval is read, to say what changed since.
    const parsed = made.filter((doc) => !isUnparsed(doc)).map((doc) => (doc as {_id: string})._id)
    const drifted = noop.issues
      .filter((i) => i.code === 'published-differs')
      .map((i) => i.documentId)
    expect(parsed.length).toBeLessThan(made.length / 4)
    expect(parsed.sort()).toEqual([...new Set(drifted)].sort())
    expect(await snapshot(out)).toEqual(files)
    expect(noop.issues).toEqual(cold.issues)
  })

  it.each([
    ['a page', 'tumour-leiomyosarcoma', 'summary', 'Edited after its approval.'],
    ['a kit that lists pages', 'kit-oncoprofile-sarcoma-fusion', 'tagline', 'Edited.'],
    ['a cited source', 'source-wikipedia-leiomyosarcoma', 'title', 'Edited'],
  ])('give the same export as a cold run after %s changed', async (_, id, field, value) => {
    const source = datasetCopy()
    const out = tempDir()
    await exportInto(source, out)
    editLine(source, id, field, value)
    made.length = 0
    const incremental = await exportInto(source, out)
    expect(made.length).toBeGreaterThan(0)
    const fresh = tempDir()
    const cold = await exportInto(source, fresh)
    expect(await snapshot(out)).toEqual(await snapshot(fresh))
    expect(incremental.issues).toEqual(cold.issues)
  })

  it('are all parsed under --repair, which trusts no fact the output folder holds', async () => {
    const source = datasetCopy()
    const out = tempDir()
    await exportInto(source, out)
    const files = await snapshot(out)
    // Whoever can write to the output folder gives every page another slug in the cache.
    const forged = forgeCache(out, LINE_FACTS.name, (entries) => {
      for (const facts of Object.values(entries) as LineFacts[])
        facts.fields.slug = {_type: 'slug', current: 'forged'}
    })
    expect(forged).toBeGreaterThan(0)
    made.length = 0
    await exportInto(source, out, true)
    expect(made).toHaveLength(0)
    expect(await snapshot(out)).toEqual(files)
  })
})
