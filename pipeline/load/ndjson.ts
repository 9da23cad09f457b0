import {createHash} from 'node:crypto'

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

function parseLine(bytes: Uint8Array, line: number): NdjsonEntry | undefined {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return {
      line,
      error:
        'The line is not valid UTF-8. Re-export the dataset, or fix the encoding of this line.',
    }
  }
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.endsWith('\r')) text = text.slice(0, -1)
  if (text.trim() === '') return undefined
  try {
    return {line, value: JSON.parse(text), digest: createHash('sha256').update(bytes).digest('hex')}
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      line,
      error: `The line is not valid JSON (${reason}). Each line must hold one whole document.`,
    }
  }
}

export async function* readNdjson(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NdjsonEntry> {
  let pending: Uint8Array[] = []
  let line = 0
  for await (const chunk of chunks) {
    let start = 0
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      pending.push(chunk.subarray(start, i))
      line++
      const entry = parseLine(
        pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending),
        line,
      )
      if (entry) yield entry
      pending = []
      start = i + 1
    }
    if (start < chunk.length) pending.push(chunk.subarray(start))
  }
  if (pending.length > 0) {
    const entry = parseLine(Buffer.concat(pending), ++line)
    if (entry) yield entry
  }
}

/** Serializes documents the way `sanity dataset export` does: one compact JSON per line. */
export function toNdjson(documents: Iterable<unknown>): string {
  let out = ''
  for (const doc of documents) out += `${JSON.stringify(doc)}\n`
  return out
}
