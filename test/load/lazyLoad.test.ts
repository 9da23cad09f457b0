import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {keptLinesFor, linesInMemory} from '../../pipeline/load/keptLines.ts'
import {isUnparsed, plainDocument} from '../../pipeline/load/lazyDocument.ts'
import {
  FACT_FIELDS,
  isLineFacts,
  LINE_FACTS,
  type LineFactsCache,
} from '../../pipeline/load/lineFacts.ts'
import {type LoadOptions, loadDataset} from '../../pipeline/load/loadDataset.ts'
import {nestingDepth, referencesOf} from '../../pipeline/references.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {planShards, readSpace, spaceFolder} from '../../pipeline/write/cacheShards.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {tempDir} from '../support/exportHarness.ts'

const KNOWN = new Set(schemaTypes.map((t) => t.name))
const EMBEDDED = join(import.meta.dirname, '../../content/production.ndjson')

async function* chunksOf(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

/** Loads a file twice: once parsing everything, then with the first load's facts. */
async function loadTwice(path: string, options: Partial<LoadOptions> = {}) {
  const bytes = readFileSync(path)
  const eager = await loadDataset(chunksOf(bytes), KNOWN)
  const lazy = await loadDataset(chunksOf(bytes), KNOWN, {
    facts: eager.facts,
    kept: keptLinesFor(path),
    ...options,
  })
  return {eager, lazy}
}

const tumoursOf = (docs: readonly SanityDoc[]) => docs.filter((d) => d._type === 'tumour')

describe('a page known by its line facts', () => {
  it('is not parsed for its id, type, slug, name, summary, newest edit, references or depth', async () => {
    const {eager, lazy} = await loadTwice(EMBEDDED)
    const pages = tumoursOf(lazy.documents)
    expect(pages.length).toBe(15)
    for (const [i, page] of pages.entries()) {
      const twin = tumoursOf(eager.documents)[i] as SanityDoc
      for (const field of FACT_FIELDS) expect(page[field]).toEqual(twin[field])
      expect(referencesOf(page)).toEqual(referencesOf(twin))
      expect(nestingDepth(page)).toBe(nestingDepth(twin))
      expect(lazy.digests.get(page)).toBe(eager.digests.get(twin))
      expect(isUnparsed(page)).toBe(true)
    }
    expect(lazy.facts).toEqual(eager.facts)
  })

  it('reads as the parsed document in every other way, parsing its line once', async () => {
    const {eager, lazy} = await loadTwice(EMBEDDED)
    const [page, twin] = [tumoursOf(lazy.documents)[0], tumoursOf(eager.documents)[0]] as [
      SanityDoc,
      SanityDoc,
    ]
    expect(page.sections).toEqual(twin.sections)
    expect(isUnparsed(page)).toBe(false)
    expect(page.sections).toBe(page.sections)
    expect(JSON.stringify(page)).toBe(JSON.stringify(twin))
    expect(Object.keys(page)).toEqual(Object.keys(twin))
    expect({...page}).toEqual(twin)
    expect('sections' in page && !('nothing' in page)).toBe(true)
    expect(structuredClone(plainDocument(page))).toEqual(twin)
    expect(() => structuredClone(page)).toThrow()
    // Every other document is parsed as before: only pages are kept as lines.
    const others = lazy.documents.filter((d) => d._type !== 'tumour')
    expect(others.some((d) => isUnparsed(d))).toBe(false)
  })

  it('is read again from memory when the source cannot be read twice (an archive, the live API)', async () => {
    const {eager, lazy} = await loadTwice(EMBEDDED, {kept: linesInMemory()})
    expect(JSON.stringify(lazy.documents)).toBe(JSON.stringify(eager.documents))
  })

  it('is parsed, and its facts taken again, when its line changed', async () => {
    const dir = tempDir('lazy-')
    const path = join(dir, 'data.ndjson')
    const text = readFileSync(EMBEDDED, 'utf8')
    const first = await loadDataset(chunksOf(Buffer.from(text)), KNOWN)
    const edited = text
      .split('\n')
      .map((line) =>
        line.includes('"_id":"tumour-leiomyosarcoma"')
          ? JSON.stringify({...JSON.parse(line), name: 'Leiomyosarcoma (edited)'})
          : line,
      )
      .join('\n')
    expect(edited).not.toBe(text)
    writeFileSync(path, edited)
    const second = await loadDataset(chunksOf(Buffer.from(edited)), KNOWN, {
      facts: first.facts,
      kept: keptLinesFor(path),
    })
    const page = second.documents.find((d) => d._id === 'tumour-leiomyosarcoma') as SanityDoc
    expect(isUnparsed(page)).toBe(false)
    expect(page.name).toBe('Leiomyosarcoma (edited)')
    expect(second.facts.get(second.digests.get(page) as string)?.fields.name).toBe(
      'Leiomyosarcoma (edited)',
    )
    expect(second.facts.size).toBe(15)
  })
})

describe('line facts that cannot be trusted', () => {
  it('stop the export with a clear error when the file changed after it was read', async () => {
    const dir = tempDir('lazy-')
    const path = join(dir, 'data.ndjson')
    writeFileSync(path, readFileSync(EMBEDDED))
    const {lazy} = await loadTwice(path)
    // Someone rewrites the file while the export runs: the kept line no longer has its digest.
    writeFileSync(path, readFileSync(EMBEDDED, 'utf8').replaceAll('a', 'b'))
    const page = tumoursOf(lazy.documents)[0] as SanityDoc
    expect(() => page.sections).toThrow(/changed while it was exported: line \d+/)
  })

  it('are caught when the page is parsed, if a cache claimed other facts for its line', async () => {
    const bytes = readFileSync(EMBEDDED)
    const eager = await loadDataset(chunksOf(bytes), KNOWN)
    const forged: LineFactsCache = structuredClone(eager.facts)
    for (const facts of forged.values()) facts.fields.slug = {current: 'elsewhere'}
    const lazy = await loadDataset(chunksOf(bytes), KNOWN, {facts: forged, kept: linesInMemory()})
    const page = tumoursOf(lazy.documents)[0] as SanityDoc
    expect(() => page.sections).toThrow(/does not hold what the last export's cache says/)
  })

  it('are not used when they were taken for other fields, or are not facts at all', () => {
    const facts = {fields: {_id: 'x', _type: 'tumour'}, strong: [], weak: [], depth: 1}
    expect(LINE_FACTS.qualifier).toBe(FACT_FIELDS.join('\n'))
    // Facts for other fields live in another folder, which this code does not read.
    const fewer = {...LINE_FACTS, qualifier: '_id\n_type'}
    expect(spaceFolder(fewer)).not.toBe(spaceFolder(LINE_FACTS))
    expect(isLineFacts(facts)).toBe(true)
    expect(isLineFacts({...facts, fields: {_id: 'x', _type: 'kitProduct'}})).toBe(false)
    expect(isLineFacts({...facts, depth: '1'})).toBe(false)
    expect(isLineFacts({fields: {_id: 1}})).toBe(false)
  })

  it('are ignored line by line when a cached entry is not shaped like facts', async () => {
    const bytes = readFileSync(EMBEDDED)
    const eager = await loadDataset(chunksOf(bytes), KNOWN)
    const broken = new Map([...eager.facts.keys()].map((digest) => [digest, {fields: {_id: 1}}]))
    // Written as the export writes its cache, then read back as the next run reads it.
    const dir = tempDir('lazy-')
    const anything = (_: unknown): _ is unknown => true
    const plan = planShards({...LINE_FACTS, isValue: anything}, broken, {
      get: () => undefined,
      shards: new Map(),
    })
    for (const file of plan.write) {
      mkdirSync(dirname(join(dir, file.path)), {recursive: true})
      writeFileSync(join(dir, file.path), file.content)
    }
    const files = plan.write.map((f) => ({path: f.path, sha256: '', bytes: 0}))
    const facts = readSpace(dir, files, LINE_FACTS)
    expect([...facts.shards.values()]).toEqual([undefined])
    const lazy = await loadDataset(chunksOf(bytes), KNOWN, {facts})
    expect(lazy.documents.some((d) => isUnparsed(d))).toBe(false)
    expect(JSON.stringify(lazy.documents)).toBe(JSON.stringify(eager.documents))
  })
})
