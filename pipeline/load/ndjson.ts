import {sha256} from '../hash.ts'

/**
 * Streaming NDJSON reader for Sanity's export format. Lines are split on raw bytes and each
 * line is decoded strictly, so invalid UTF-8 is reported with its line number instead of
 * being replaced silently. A UTF-8 byte-order mark and CRLF line endings are accepted.
 */
export type NdjsonEntry =
  /** `digest`: sha256 (hex) of the line's bytes, a cheap fingerprint of what it holds. */
  {line: number; value: unknown; digest: string} | {line: number; error: string}

const decoder = new TextDecoder('utf-8', {fatal: true})
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

/** A line kept as bytes, unparsed, because `keep` knew its digest (see loadDataset). */
export interface KeptLine {
  line: number
  digest: string
  bytes: Uint8Array
  /** Where the line starts in the source, in bytes: a file can be read there again. */
  offset: number
}

/** The document on a line, decoded strictly, or why it cannot be read. */
export function decodeLine(bytes: Uint8Array, line: number): {value: unknown} | {error: string} {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return {
      error:
        'The line is not valid UTF-8. Re-export the dataset, or fix the encoding of this line.',
    }
  }
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.endsWith('\r')) text = text.slice(0, -1)
  if (text.trim() === '') return {value: undefined}
  try {
    return {value: JSON.parse(text)}
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      error: `The line is not valid JSON (${reason}). Each line must hold one whole document.`,
    }
  }
}

type Keep = (digest: string) => boolean

function parseLine(
  bytes: Uint8Array,
  line: number,
  offset: number,
  keep?: Keep,
): NdjsonEntry | KeptLine | undefined {
  const digest = sha256(bytes)
  if (keep?.(digest)) return {line, digest, bytes, offset}
  const decoded = decodeLine(bytes, line)
  if ('error' in decoded) return {line, error: decoded.error}
  return decoded.value === undefined ? undefined : {line, value: decoded.value, digest}
}

/**
 * The longest line read, in bytes: 32 MiB, just above the Content Lake's largest document
 * (32 MB, sanity.io/docs/content-lake/technical-limits), so any document Sanity can export
 * fits, and one damaged or hostile line cannot make the reader hold gigabytes.
 */
export const MAX_LINE_BYTES = 32 * 1024 * 1024

const tooLong = (line: number, limit: number): NdjsonEntry => ({
  line,
  error: `The line is longer than ${limit.toLocaleString('en')} bytes, larger than any document the Content Lake stores (32 MB). Re-export the dataset, or remove this line.`,
})

const joined = (parts: Uint8Array[]) =>
  parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts)
const withoutCr = (bytes: Uint8Array) =>
  bytes.at(-1) === CARRIAGE_RETURN ? bytes.length - 1 : bytes.length

/**
 * Lines, parsed, as the bytes arrive. A line over `maxLineBytes` is reported without being
 * held: its bytes are dropped as they come until its newline.
 */
export function readNdjson(
  chunks: AsyncIterable<Uint8Array>,
  options: {maxLineBytes?: number} = {},
): AsyncGenerator<NdjsonEntry> {
  return readNdjsonKeeping(chunks, options) as AsyncGenerator<NdjsonEntry>
}

/** readNdjson, except that a line whose digest `keep` accepts is kept as bytes, not parsed. */
export async function* readNdjsonKeeping(
  chunks: AsyncIterable<Uint8Array>,
  {maxLineBytes = MAX_LINE_BYTES, keep: unparsed}: {maxLineBytes?: number; keep?: Keep} = {},
): AsyncGenerator<NdjsonEntry | KeptLine> {
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let overlong = false
  let line = 0
  let offset = 0
  const finishLine = (): NdjsonEntry | KeptLine | undefined => {
    line++
    const bytes = overlong ? undefined : joined(pending)
    const at = offset
    offset += pendingBytes + 1
    pending = []
    pendingBytes = 0
    overlong = false
    return bytes && withoutCr(bytes) <= maxLineBytes
      ? parseLine(bytes, line, at, unparsed)
      : tooLong(line, maxLineBytes)
  }
  const keep = (part: Uint8Array) => {
    pendingBytes += part.length
    // One byte of room for the CR of a CRLF line ending; finishLine checks the exact length.
    if (pendingBytes > maxLineBytes + 1) {
      overlong = true
      pending = []
    } else if (!overlong) pending.push(part)
  }
  for await (const chunk of chunks) {
    let start = 0
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      keep(chunk.subarray(start, i))
      const entry = finishLine()
      if (entry) yield entry
      start = i + 1
    }
    if (start < chunk.length) keep(chunk.subarray(start))
  }
  if (pendingBytes > 0) {
    const entry = finishLine()
    if (entry) yield entry
  }
}

/** Serializes documents the way `sanity dataset export` does: one compact JSON per line. */
export function toNdjson(documents: Iterable<unknown>): string {
  let out = ''
  for (const doc of documents) out += `${JSON.stringify(doc)}\n`
  return out
}
