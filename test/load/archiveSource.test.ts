import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gunzipSync, gzipSync} from 'node:zlib'
import {pack} from 'tar-stream'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {toNdjson} from '../../pipeline/load/ndjson.ts'
import {openSource, parseSourceArgument, SourceError} from '../../pipeline/load/openSource.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {validDataset} from '../fixtures/validDataset.ts'

/** The fixture as it comes out of the Content Lake: every document with _rev and _updatedAt. */
function exportedDocuments(): SanityDoc[] {
  return validDataset().map((doc, i) => ({
    ...doc,
    _rev: `rev${i}Abc${doc._id.length}`,
    _updatedAt: `2026-10-0${(i % 9) + 1}T10:00:00Z`,
  }))
}

/** A 1×1 PNG padded past tar-stream's buffer size, so skipping it exercises backpressure. */
const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  Buffer.alloc(200_000, 7),
])

type Entry = {name: string; content: Buffer | string}

/** A gzipped tarball of `entries`, as tar-stream packs them. */
async function tarGz(entries: Entry[]): Promise<Buffer> {
  const tar = pack()
  const parts: Buffer[] = []
  tar.on('data', (part) => {
    parts.push(part as Buffer)
  })
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve)
    tar.on('error', reject)
  })
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) =>
      tar.entry({name: entry.name, mtime: new Date(0)}, entry.content, (error) =>
        error ? reject(error) : resolve(),
      ),
    )
  }
  tar.finalize()
  await ended
  return gzipSync(Buffer.concat(parts))
}

/** The layout `sanity dataset export` writes: one folder with assets and data.ndjson. */
function sanityExportEntries(ndjson: string, folder = 'production-export-2026-10-09'): Entry[] {
  return [
    {name: `${folder}/images/x.png`, content: PNG},
    {name: `${folder}/data.ndjson`, content: ndjson},
    {
      name: `${folder}/assets.json`,
      content: JSON.stringify({
        'image-x-1x1-png': {originalFilename: 'x.png', _type: 'sanity.imageAsset'},
      }),
    },
  ]
}

/** Every file below `dir`, by relative path, as text. */
async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files.set(path.slice(dir.length + 1), await readFile(path, 'utf8'))
  }
  return files
}

async function sourceFailure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the source to fail, but it succeeded')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SourceError)
  return error as SourceError
}

const KNOWN = new Set(validDataset().map((d) => d._type))

let tmp: string
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'archive-source-'))
})
afterEach(() => rm(tmp, {recursive: true, force: true}))

describe('a .tar.gz from `sanity dataset export` as the source', () => {
  it('exports exactly what the same documents give as a plain .ndjson file', async () => {
    const ndjson = toNdjson(exportedDocuments())
    const archive = join(tmp, 'production.tar.gz')
    const plain = join(tmp, 'production.ndjson')
    await writeFile(archive, await tarGz(sanityExportEntries(ndjson)))
    await writeFile(plain, ndjson)

    const fromArchive = await runExport({
      source: {kind: 'archive', path: archive},
      outDir: join(tmp, 'out-archive'),
      perspective: 'published',
      strict: false,
      requireApproval: false,
    })
    const fromPlain = await runExport({
      source: {kind: 'ndjson', path: plain},
      outDir: join(tmp, 'out-plain'),
      perspective: 'published',
      strict: false,
      requireApproval: false,
    })
    expect(fromArchive.aborted).toBeUndefined()
    expect(fromArchive.issues.filter((i) => i.level === 'error')).toEqual([])
    expect(fromArchive.exported).toEqual(fromPlain.exported)
    expect(fromArchive.exported.tumours).toBe(1)
    expect(fromArchive.exported.kits).toBe(1)
    expect(fromArchive.source).toBe(archive)

    const a = await readTree(join(tmp, 'out-archive'))
    const b = await readTree(join(tmp, 'out-plain'))
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    expect(a.has('json/tumours/leiomyosarcoma.json')).toBe(true)
    for (const [path, text] of b) {
      if (path === 'manifest.json') continue
      expect(a.get(path), path).toBe(text)
    }
    // The manifests differ only in the source they name.
    const manifestA = JSON.parse(a.get('manifest.json') ?? '')
    const manifestB = JSON.parse(b.get('manifest.json') ?? '')
    expect(manifestA.source).toBe(archive)
    expect(manifestB.source).toBe(plain)
    expect({...manifestA, source: ''}).toEqual({...manifestB, source: ''})
  })

  it('streams data.ndjson only, wherever it sits among the asset files', async () => {
    const docs = exportedDocuments()
    const archive = join(tmp, 'export.tgz')
    const entries = sanityExportEntries(toNdjson(docs))
    await writeFile(archive, await tarGz([...entries.slice(1), ...entries.slice(0, 1)]))
    const spec = parseSourceArgument(archive, {})
    expect(spec.kind).toBe('archive')
    const loaded = await loadDataset(await openSource(spec), KNOWN)
    expect(loaded.fatal).toEqual([])
    expect(loaded.documents).toEqual(docs)
  })

  it('fails with a clear SourceError when the archive holds no data.ndjson', async () => {
    const archive = join(tmp, 'assets-only.tar.gz')
    await writeFile(
      archive,
      await tarGz(sanityExportEntries('').filter((e) => !e.name.endsWith('data.ndjson'))),
    )
    const error = await sourceFailure(
      loadDataset(await openSource({kind: 'archive', path: archive}), KNOWN),
    )
    expect(error.message).toContain(archive)
    expect(error.message).toContain('holds no data.ndjson')
    expect(error.message).toContain('sanity dataset export')
  })

  it('fails with a clear SourceError for a file that is not gzip at all', async () => {
    const archive = join(tmp, 'not-gzip.tar.gz')
    await writeFile(archive, toNdjson(exportedDocuments()))
    const error = await sourceFailure(
      loadDataset(await openSource({kind: 'archive', path: archive}), KNOWN),
    )
    expect(error.message).toContain(archive)
    expect(error.message).toContain('is not a readable .tar.gz archive')
  })

  it('fails with a clear SourceError for a gzip cut off in the middle of data.ndjson', async () => {
    const bigDocs = Array.from({length: 400}, (_, i) => ({
      _id: `source-${i}`,
      _type: 'source',
      title: `Source ${i} ${'x'.repeat(200)}`,
    }))
    const whole = await tarGz(sanityExportEntries(toNdjson(bigDocs)))
    const archive = join(tmp, 'cut.tar.gz')
    await writeFile(archive, whole.subarray(0, Math.floor(whole.length * 0.9)))
    const error = await sourceFailure(
      loadDataset(await openSource({kind: 'archive', path: archive}), KNOWN),
    )
    expect(error.message).toContain(archive)
    expect(error.message).toContain('is not a readable .tar.gz archive')
  })

  it('fails with a clear SourceError for a gzip with corrupted bytes', async () => {
    const whole = await tarGz(sanityExportEntries(toNdjson(exportedDocuments())))
    const corrupt = Buffer.from(whole)
    for (let i = 20; i < corrupt.length - 20; i += 97) corrupt[i] = (corrupt[i] as number) ^ 0xff
    const archive = join(tmp, 'corrupt.tar.gz')
    await writeFile(archive, corrupt)
    const error = await sourceFailure(
      loadDataset(await openSource({kind: 'archive', path: archive}), KNOWN),
    )
    expect(error.message).toContain(archive)
    expect(error.message).toContain('is not a readable .tar.gz archive')
  })

  // BUG in openSource.ts: only gunzip errors become a SourceError. tar-stream's own errors
  // ("Invalid tar header…", "Unexpected end of data") escape as plain Errors, so the CLI crashes
  // with a stack trace and exit code 1 (content errors) instead of exit 2 and a clear message.
  it('fails with a clear SourceError for a gzip that does not hold a tar', async () => {
    const archive = join(tmp, 'plain.tar.gz')
    await writeFile(archive, gzipSync(toNdjson(exportedDocuments())))
    const error = await sourceFailure(
      loadDataset(await openSource({kind: 'archive', path: archive}), KNOWN),
    )
    expect(error.message).toContain(archive)
  })

  it('fails with a clear SourceError for a whole gzip around a cut-off tar', async () => {
    const tar = gunzipSync(await tarGz(sanityExportEntries(toNdjson(exportedDocuments()))))
    const archive = join(tmp, 'cut-tar.tar.gz')
    await writeFile(archive, gzipSync(tar.subarray(0, Math.floor(tar.length * 0.5))))
    const error = await sourceFailure(
      loadDataset(await openSource({kind: 'archive', path: archive}), KNOWN),
    )
    expect(error.message).toContain(archive)
  })

  it('fails with a clear SourceError for a missing archive', async () => {
    const archive = join(tmp, 'missing.tar.gz')
    const error = await sourceFailure(openSource({kind: 'archive', path: archive}))
    expect(error.message).toContain(archive)
    expect(error.message).toContain('ENOENT')
  })
})

describe('parseSourceArgument', () => {
  it('picks the archive kind for .tar.gz and .tgz, and ndjson otherwise', () => {
    expect(parseSourceArgument('x.tar.gz', {})).toEqual({kind: 'archive', path: 'x.tar.gz'})
    expect(parseSourceArgument('backups/X.TGZ', {})).toEqual({
      kind: 'archive',
      path: 'backups/X.TGZ',
    })
    expect(parseSourceArgument('x.ndjson', {})).toEqual({kind: 'ndjson', path: 'x.ndjson'})
  })

  it('needs SANITY_PROJECT_ID for --source sanity, and names the variable', () => {
    expect(() =>
      parseSourceArgument('sanity', {SANITY_API_READ_TOKEN: 'sk-secret-TOKEN-123'}),
    ).toThrow(SourceError)
    try {
      parseSourceArgument('sanity', {SANITY_API_READ_TOKEN: 'sk-secret-TOKEN-123'})
    } catch (error) {
      expect((error as Error).message).toContain('SANITY_PROJECT_ID')
      expect((error as Error).message).not.toContain('sk-secret-TOKEN-123')
    }
  })

  it('reads the live configuration from the environment, with defaults', () => {
    expect(parseSourceArgument('sanity', {SANITY_PROJECT_ID: 'abc123'})).toEqual({
      kind: 'live',
      config: {
        projectId: 'abc123',
        dataset: 'production',
        token: undefined,
        apiVersion: '2025-02-19',
        apiHost: undefined,
      },
    })
  })
})
