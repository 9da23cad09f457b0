import {describe, expect, it} from 'vitest'
import {sha256} from '../../pipeline/hash.ts'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {MAX_LINE_BYTES, type NdjsonEntry, readNdjson} from '../../pipeline/load/ndjson.ts'
import {MAX_NESTING_DEPTH, tooDeepAt} from '../../pipeline/load/nestingDepth.ts'
import {nestingDepth, referencesOf} from '../../pipeline/references.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {DEEP, ndjsonWithDeep, withHostileTumour} from '../fixtures/hostileCopy.ts'
import {validDataset} from '../fixtures/validDataset.ts'

const KNOWN = new Set(schemaTypes.map((t) => t.name))

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part
}

async function entries(chunks: AsyncIterable<Uint8Array>, maxLineBytes?: number) {
  const out: NdjsonEntry[] = []
  for await (const entry of readNdjson(chunks, {maxLineBytes})) out.push(entry)
  return out
}

const lines = (...docs: object[]) => docs.map((doc) => `${JSON.stringify(doc)}\n`).join('')

describe('a duplicate _id', () => {
  const tumour = {_id: 'tumour-a', _type: 'tumour', name: 'A'}

  it.each([
    ['of an unknown type', {...tumour, _type: 'tumor'}],
    ['without a _type', {_id: 'tumour-a', name: 'A'}],
    ['nested too deeply', {...tumour, legacy: JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`)}],
  ])('is reported when the first copy, %s, was rejected', async (_, first) => {
    const loaded = await loadDataset(
      chunksOf(lines(first, {_id: 'x', _type: 'source'}, tumour)),
      KNOWN,
    )
    expect(loaded.documents.map((d) => d._id)).toEqual(['x'])
    expect(loaded.issues).toContainEqual(
      expect.objectContaining({
        documentId: 'tumour-a',
        path: '_id',
        line: 3,
        level: 'error',
        message: expect.stringContaining('appears again (first on line 1)'),
      }),
    )
  })
})

describe('the line digests', () => {
  it('are the sha256 of each loaded document’s line, by the parsed object', async () => {
    const docs = [
      {_id: 'source-a', _type: 'source', title: 'A'},
      {_id: 'source-b', _type: 'source', title: 'B'},
    ]
    const loaded = await loadDataset(chunksOf(lines(...docs)), KNOWN)
    expect(loaded.documents.map((doc) => loaded.digests.get(doc))).toEqual(
      docs.map((doc) => sha256(JSON.stringify(doc))),
    )
    // A copy is not what was read: it has no digest, and is fingerprinted by its content.
    expect(loaded.digests.get({...(loaded.documents[0] as SanityDoc)})).toBeUndefined()
  })
})

describe('a line over the length limit', () => {
  it('is an error naming its line; the lines after it are still read', async () => {
    const found = await entries(
      chunksOf('{"_id":"a"}\n', `{"_id":"${'x'.repeat(40)}"}\n`, '{"_id":"c"}\n'),
      32,
    )
    expect(found).toEqual([
      {line: 1, value: {_id: 'a'}, digest: expect.any(String)},
      {line: 2, error: expect.stringMatching(/^The line is longer than 32 bytes/)},
      {line: 3, value: {_id: 'c'}, digest: expect.any(String)},
    ])
  })

  it('counts bytes exactly: the limit passes, one more fails, a CRLF ending does not count', async () => {
    const at = `{"_id":"${'x'.repeat(22)}"}` // 32 bytes
    const found = await entries(chunksOf(`${at}\n`, `${at}\r\n`, `${at}x\n`, at), 32)
    expect(found.map((e) => ('error' in e ? 'error' : 'ok'))).toEqual(['ok', 'ok', 'error', 'ok'])
  })

  it('is found across chunks and at the end of the input without a newline', async () => {
    const found = await entries(chunksOf('{"_id":', '"a"}\n', 'x'.repeat(20), 'x'.repeat(20)), 32)
    expect(found).toEqual([
      {line: 1, value: {_id: 'a'}, digest: expect.any(String)},
      {line: 2, error: expect.stringContaining('longer than 32 bytes')},
    ])
  })

  it('at the default limit, streams a 40 MB line past without parsing it', async () => {
    const piece = new Uint8Array(1 << 20).fill(0x78) // the same 1 MiB of "x", forty times
    const huge = Array.from({length: 40}, () => piece)
    const found = await entries(chunksOf('{"_id":"a"}\n', ...huge, '\n{"_id":"c"}\n'))
    expect(MAX_LINE_BYTES).toBe(32 * 1024 * 1024)
    expect(found.map((e) => ('error' in e ? e.error.slice(0, 40) : e.value))).toEqual([
      {_id: 'a'},
      'The line is longer than 33,554,432 bytes',
      {_id: 'c'},
    ])
  })
})

describe('documents nested deeper than the limit', () => {
  it.each([5000, 100_000])(
    'are dropped at %i levels with the document and the path; the rest loads',
    async (depth) => {
      const text = ndjsonWithDeep(
        withHostileTumour((t) => {
          t.codes[0].extra = DEEP
        }),
        depth,
        'array',
      )
      const loaded = await loadDataset(chunksOf(text), KNOWN)
      expect(loaded.documents.map((d) => d._id).sort()).toEqual(
        validDataset()
          .map((d) => d._id)
          .sort(),
      )
      expect(loaded.issues).toEqual([
        expect.objectContaining({
          documentId: 'tumour-hostile',
          code: 'too-deep',
          line: validDataset().length + 1,
          path: `codes[_key=="c1"].extra${'[0]'.repeat(MAX_NESTING_DEPTH - 3)}`,
          message: expect.stringContaining(`more than ${MAX_NESTING_DEPTH} levels`),
        }),
      ])
    },
  )

  it('walks 100,000 levels without recursion: references, depth and path', () => {
    const doc = JSON.parse(
      `{"_id":"d","_type":"tumour","a":${'{"b":'.repeat(100_000)}{"_ref":"deep"}${'}'.repeat(100_000)}}`,
    )
    expect([...referencesOf(doc).all]).toEqual(['deep'])
    expect(nestingDepth(doc)).toBe(100_002)
    expect(tooDeepAt(doc, 3)).toBe('a.b.b')
    expect(tooDeepAt(doc, 100_002)).toBeUndefined()
  })
})
