import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {inflateRawSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {nodeDecodeClosure} from '../../pipeline/gate/nodeClosureDecoder.ts'
import {closureOf, closureText, readKeptClosure} from '../../pipeline/workflow/closure.ts'
import {
  type ClosureDecoder,
  decodeClosure,
  encodeClosure,
  MAX_CLOSURE_BYTES,
} from '../../pipeline/workflow/closureCodec.ts'
import {deflateBomb, toBase64} from '../support/deflateBomb.ts'

const CHILD = fileURLToPath(new URL('../support/decodeBombChild.ts', import.meta.url))

const UNICODE = closureText({
  v: 1,
  page: {_type: 'tumour', name: 'Léiomyosarcome – 平滑筋肉腫 🧬', summary: 'a "quoted" \\ line\n'},
  references: {'source-ü': {_type: 'source', title: 'Ω'}, missing: null},
  referencedBy: {},
})

const DECODERS: [string, ClosureDecoder][] = [
  ['the Web stream (Studio, report)', decodeClosure],
  ['zlib (the export’s gate)', nodeDecodeClosure],
]

describe.each(DECODERS)('encodeClosure / decode with %s', (name, decodeClosure) => {
  it('round-trip Unicode text through base64 of raw DEFLATE (RFC 1951)', async () => {
    const encoded = await encodeClosure(UNICODE)
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(encoded.length % 4).toBe(0)
    // Any raw inflater reads it: zlib, not only the Web stream it was written with.
    expect(inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8')).toBe(UNICODE)
    expect(await decodeClosure(encoded)).toEqual({ok: true, text: UNICODE})
  })

  it('round-trip the closure of an empty page, and the empty object', async () => {
    const empty = closureText(closureOf({_id: 'p', _type: 'tumour'}, 'p', lookupOfNothing))
    for (const text of [empty, '{}'])
      expect(await decodeClosure(await encodeClosure(text))).toEqual({ok: true, text})
  })

  it('shrink a repetitive closure several times over (what the dataset gains)', async () => {
    const text = closureText({
      v: 1,
      page: {_type: 'tumour', sections: Array.from({length: 200}, (_, i) => ({text: `t ${i}`}))},
      references: {},
      referencedBy: {},
    })
    expect((await encodeClosure(text)).length).toBeLessThan(text.length / 4)
  })

  it('refuse what is not padded standard base64', async () => {
    const encoded = 'q64FAA==' // the raw DEFLATE of "{}"
    expect(await decodeClosure(encoded)).toEqual({ok: true, text: '{}'})
    // JSON text, no padding, a space, the base64url alphabet, three pads.
    for (const bad of ['{"page":{}}', 'q64FAA', ` ${encoded}`, 'q6-F_A==', 'q64F===='])
      expect(await decodeClosure(bad), bad).toEqual({ok: false, problem: 'it is not base64'})
  })

  it('refuse base64 that is not raw DEFLATE, truncated DEFLATE and the empty string', async () => {
    const encoded = await encodeClosure(UNICODE)
    const zlibWrapped = toBase64(new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]))
    const truncated = toBase64(Buffer.from(encoded, 'base64').subarray(0, 10))
    for (const bad of [btoa('plain text, not deflated'), zlibWrapped, truncated, ''])
      expect(await decodeClosure(bad), bad).toEqual({
        ok: false,
        problem: 'it is not raw DEFLATE data',
      })
  })

  it('refuse DEFLATE of bytes that are not UTF-8', async () => {
    // A stored block (BTYPE 00) holding 0xC3 0x28: a lead byte followed by no continuation byte.
    const stored = new Uint8Array([0x01, 0x02, 0x00, 0xfd, 0xff, 0xc3, 0x28])
    expect(inflateRawSync(stored)).toEqual(Buffer.from([0xc3, 0x28]))
    expect(await decodeClosure(toBase64(stored))).toEqual({
      ok: false,
      problem: 'it inflates to bytes that are not UTF-8',
    })
  })

  it('stop at the limit: a small input that inflates past maxBytes fails with the limit', async () => {
    const bomb = deflateBomb(100_000)
    expect(bomb.length).toBeLessThan(1_000)
    expect(inflateRawSync(bomb).length).toBeGreaterThanOrEqual(100_000)
    expect(await decodeClosure(toBase64(bomb), 10_000)).toEqual({
      ok: false,
      problem: 'it inflates to more than 10000 bytes',
    })
    // At the limit exactly is still allowed.
    const text = 'x'.repeat(10_000)
    expect(await decodeClosure(await encodeClosure(text), 10_000)).toEqual({ok: true, text})
  })

  it('refuse a 1 GiB bomb (6.8 MB) at the 32 MiB limit without inflating the rest', async () => {
    expect(MAX_CLOSURE_BYTES).toBe(32 * 1024 * 1024)
    // In a fresh process, so that the peak RSS is this decode's alone.
    const which = name.startsWith('zlib') ? 'node' : 'web'
    const {stdout} = await promisify(execFile)(process.execPath, [CHILD, String(2 ** 30), which])
    const {decoded, grewMiB} = JSON.parse(stdout) as {decoded: unknown; grewMiB: number}
    expect(decoded).toEqual({
      ok: false,
      problem: `it inflates to more than ${MAX_CLOSURE_BYTES} bytes`,
    })
    // Inflating it whole would take 1,024 MiB; stopping at the limit costs its 32 MiB and change.
    expect(grewMiB).toBeLessThan(160)
  })
})

describe('readKeptClosure', () => {
  it('decodes and reads a kept closure, and says why one cannot be read', async () => {
    const kept = await readKeptClosure(await encodeClosure(UNICODE))
    expect(kept.ok && closureText(kept.closure)).toBe(UNICODE)
    expect(await readKeptClosure(await encodeClosure('[1,2]'))).toEqual({
      ok: false,
      problem: 'it is not a page closure',
    })
    expect(await readKeptClosure(UNICODE)).toEqual({ok: false, problem: 'it is not base64'})
    expect(await readKeptClosure(undefined)).toEqual({
      ok: false,
      problem: 'the approval keeps no content',
    })
  })
})

const lookupOfNothing = {get: () => undefined, referencing: () => []}
