import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {sha256} from '../../pipeline/hash.ts'
import {MANIFEST_FILE, type Manifest} from '../../pipeline/write/manifest.ts'
import {
  ExportWriter,
  type OutputFile,
  WriteError,
  type WriteOptions,
} from '../../pipeline/write/writeExport.ts'

const work = mkdtempSync(join(tmpdir(), 'export-writer-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))
let folders = 0
const newOut = () => join(work, `out-${++folders}`)

const OPTIONS = {source: 'test.ndjson', perspective: 'published'}
const page = (slug: string, text: string): OutputFile => ({
  path: `json/tumours/${slug}.json`,
  content: text,
  documentId: `tumour-${slug}`,
  revision: `rev-${slug}`,
})
const A = page('a', '{"name":"A"}\n')
const B = page('b', '{"name":"B"}\n')

/** One ExportWriter run: opens, adds `files` in order, finishes (or aborts on a failure). */
async function run(out: string, files: OutputFile[], options: Partial<WriteOptions> = {}) {
  const writer = await ExportWriter.open(out, {...OPTIONS, ...options})
  try {
    for (const file of files) await writer.add(file)
    return await writer.finish()
  } finally {
    await writer.abort()
  }
}

const manifestOf = (out: string) =>
  JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as Manifest
const inode = (out: string, path: string) => statSync(join(out, path)).ino
const siblings = (out: string) =>
  readdirSync(dirname(out)).filter((n) => n.includes(`out-${folders}`))

describe('ExportWriter', () => {
  it('writes a new export with a manifest of every file: path, sha256, bytes, document, revision', async () => {
    const out = newOut()
    const result = await run(out, [B, A])
    expect(result).toMatchObject({
      written: [B.path, A.path, MANIFEST_FILE],
      unchanged: [],
      removed: [],
    })
    expect(readFileSync(join(out, A.path), 'utf8')).toBe(A.content)
    expect(manifestOf(out)).toMatchObject({
      version: 1,
      source: 'test.ndjson',
      perspective: 'published',
      files: [
        {
          path: A.path,
          sha256: sha256(A.content),
          bytes: 13,
          documentId: 'tumour-a',
          revision: 'rev-a',
        },
        {
          path: B.path,
          sha256: sha256(B.content),
          bytes: 13,
          documentId: 'tumour-b',
          revision: 'rev-b',
        },
      ],
    })
    expect(siblings(out)).toEqual([`out-${folders}`])
  })

  it('touches nothing when nothing changed: no staging folder, no new manifest, same inodes', async () => {
    const out = newOut()
    await run(out, [A, B])
    const before = [inode(out, A.path), inode(out, MANIFEST_FILE)]
    const result = await run(out, [A, B])
    expect(result).toMatchObject({written: [], unchanged: [A.path, B.path], removed: []})
    expect([inode(out, A.path), inode(out, MANIFEST_FILE)]).toEqual(before)
  })

  it('writes only what changed and hard-links the rest from the previous export', async () => {
    const out = newOut()
    await run(out, [A, B])
    const unchangedInode = inode(out, A.path)
    const result = await run(out, [A, {...B, content: '{"name":"B2"}\n'}])
    expect(result).toMatchObject({written: [B.path, MANIFEST_FILE], unchanged: [A.path]})
    expect(inode(out, A.path)).toBe(unchangedInode)
    expect(readFileSync(join(out, B.path), 'utf8')).toBe('{"name":"B2"}\n')
    expect(siblings(out)).toEqual([`out-${folders}`])
  })

  it('sweeps files no longer added, unless carryOver keeps them', async () => {
    const out = newOut()
    await run(out, [A, B])
    const kept = await run(out, [A], {carryOver: (entry) => entry.path === B.path})
    expect(kept).toMatchObject({written: [], unchanged: [A.path, B.path], removed: []})
    const swept = await run(out, [A])
    expect(swept).toMatchObject({written: [MANIFEST_FILE], removed: [B.path]})
    expect(existsSync(join(out, B.path))).toBe(false)
    expect(manifestOf(out).files.map((f) => f.path)).toEqual([A.path])
  })

  it('records manifest fields known only at the end (finish), over those given to open', async () => {
    const out = newOut()
    const writer = await ExportWriter.open(out, {...OPTIONS, rules: 'old'})
    await writer.add(A)
    await writer.finish({rules: 'new', gate: {keyring: 'k', released: {'tumour-a': 'h'}}})
    expect(manifestOf(out)).toMatchObject({
      rules: 'new',
      gate: {keyring: 'k', released: {'tumour-a': 'h'}},
    })
  })

  it('refuses two files on one path, or one named manifest.json, and leaves the old export as it was', async () => {
    const out = newOut()
    await run(out, [A])
    const manifest = readFileSync(join(out, MANIFEST_FILE), 'utf8')
    await expect(run(out, [B, {...A, content: 'x'}, {...A, content: 'y'}])).rejects.toThrow(
      new WriteError(`Two outputs claim the path "${A.path}".`),
    )
    await expect(run(out, [{path: MANIFEST_FILE, content: '{}'}])).rejects.toThrow(WriteError)
    expect(readFileSync(join(out, MANIFEST_FILE), 'utf8')).toBe(manifest)
    expect(readFileSync(join(out, A.path), 'utf8')).toBe(A.content)
    expect(existsSync(join(out, B.path))).toBe(false)
    expect(siblings(out)).toEqual([`out-${folders}`])
  })

  it('refuses a path outside the export, naming the document', async () => {
    const out = newOut()
    await expect(run(out, [{...A, path: '../escape.json'}])).rejects.toThrow(/tumour-a/)
    expect(existsSync(join(work, 'escape.json'))).toBe(false)
  })
})
