/**
 * How a statement document keeps its closure: base64 (standard alphabet, padded) of the raw
 * DEFLATE (RFC 1951) of the canonical closure text. Escaped JSON inside a JSON string made the
 * closures most of the dataset's bytes and most of a no-op export's parsing; compressed, a run
 * that needs no closure skips over a short string. Web platform APIs only: the Studio uses it too.
 */

/** The most a closure may inflate to, as the loader's line limit (the Content Lake's 32 MB). */
export const MAX_CLOSURE_BYTES = 32 * 1024 * 1024

export type DecodedClosure = {ok: true; text: string} | {ok: false; problem: string}

/** decodeClosure's contract, for a platform's faster inflater (pipeline/gate/nodeClosureDecoder.ts). */
export type ClosureDecoder = (encoded: string, maxBytes?: number) => Promise<DecodedClosure>

/**
 * Padded base64 of the standard alphabet, nothing else (atob also accepts spaces and no
 * padding); with the length a multiple of 4. A single character-class loop: grouped
 * quantifiers overflow the regexp stack on a closure of a few MB.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
export const isBase64 = (text: string) => text.length % 4 === 0 && BASE64.test(text)

/** Bytes per String.fromCharCode call: below the engines' argument limits. */
const CHARS_PER_CALL = 0x8000

export async function encodeClosure(text: string): Promise<string> {
  const input = new Blob([new TextEncoder().encode(text)]).stream()
  const deflated = input.pipeThrough(new CompressionStream('deflate-raw'))
  const bytes = new Uint8Array(await new Response(deflated).arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHARS_PER_CALL)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHARS_PER_CALL))
  return btoa(binary)
}

/** The closure text, or why it cannot be read; never inflates more than `maxBytes`. */
export async function decodeClosure(
  encoded: string,
  maxBytes = MAX_CLOSURE_BYTES,
): Promise<DecodedClosure> {
  if (!isBase64(encoded)) return {ok: false, problem: NOT_BASE64}
  const binary = atob(encoded)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  const inflated = await inflate(bytes, maxBytes)
  return inflated instanceof Uint8Array ? utf8Text(inflated) : {ok: false, problem: inflated}
}

/** The reasons every decoder gives, word for word. */
export const NOT_BASE64 = 'it is not base64'
export const NOT_DEFLATE = 'it is not raw DEFLATE data'
export const tooLarge = (maxBytes: number) => `it inflates to more than ${maxBytes} bytes`

/** The inflated bytes as text, refused unless they are UTF-8. */
export function utf8Text(inflated: Uint8Array): DecodedClosure {
  try {
    return {ok: true, text: new TextDecoder('utf-8', {fatal: true}).decode(inflated)}
  } catch {
    return {ok: false, problem: 'it inflates to bytes that are not UTF-8'}
  }
}

/** Raw inflate that stops reading, and cancels the stream, as soon as the output passes `maxBytes`. */
async function inflate(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | string> {
  // Written straight to the stream: a Blob's stream in between doubled the cost per closure.
  const stream = new DecompressionStream('deflate-raw')
  const writer = stream.writable.getWriter()
  // Both reject once the stream errs or is cancelled; the reader below reports why.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined)
  writer.close().catch(() => undefined)
  const reader = stream.readable.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      total += next.value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        return tooLarge(maxBytes)
      }
      chunks.push(next.value)
    }
  } catch {
    return NOT_DEFLATE
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
