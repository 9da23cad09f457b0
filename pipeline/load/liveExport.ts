import {createClient} from '@sanity/client'
import {connectLiveExport, describeNetworkError, type LiveRequest} from './liveConnect.ts'
import {LiveSourceError} from './liveSourceError.ts'

export interface LiveSourceConfig {
  projectId: string
  dataset: string
  token?: string
  apiVersion: string
  /** Only for tests against a local stand-in of the Content Lake. */
  apiHost?: string
  /** Abort when no bytes arrive for this long. */
  idleTimeoutMs?: number
  /** Attempts for 429 / 5xx / connection failures before any byte arrived. */
  maxAttempts?: number
  /** Upper bound for one wait between attempts. */
  maxRetryDelayMs?: number
}

export {LiveSourceError}

/** The export request for a config: the URL as @sanity/client builds it, and the limits. */
function liveRequest(config: LiveSourceConfig): LiveRequest {
  const client = createClient({
    projectId: config.projectId,
    dataset: config.dataset,
    apiVersion: config.apiVersion,
    token: config.token,
    useCdn: false,
    ...(config.apiHost ? {apiHost: config.apiHost, useProjectHostname: false} : {}),
  })
  const headers: Record<string, string> = {accept: 'application/x-ndjson'}
  if (config.token) headers.authorization = `Bearer ${config.token}`
  return {
    url: client.getUrl(`/data/export/${encodeURIComponent(config.dataset)}`),
    where: `${config.projectId}/${config.dataset}`,
    headers,
    maxAttempts: config.maxAttempts ?? 4,
    idleTimeoutMs: config.idleTimeoutMs ?? 60_000,
    maxRetryDelayMs: config.maxRetryDelayMs ?? 30_000,
  }
}

/**
 * Streams a dataset through the Content Lake's export endpoint (`/data/export/<dataset>`),
 * the same endpoint `sanity dataset export` uses. The URL comes from @sanity/client so that
 * API host, version and project hostname follow Sanity's own rules (and `useCdn: false`).
 *
 * The token travels only in the Authorization header and never appears in an error.
 */
export async function* streamLiveExport(
  config: LiveSourceConfig,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const request = liveRequest(config)
  const response = await connectLiveExport(request, signal)
  if (!response.body)
    throw new LiveSourceError(`The Sanity export API sent no body for ${request.where}.`)
  yield* readExportStream(request, response.body)
}

/** What has been read so far: the stream's last 4 KiB, its unfinished last line, its size. */
interface StreamSoFar {
  tail: string
  lastLine: Uint8Array[]
  bytes: number
}

/**
 * Yields the body's chunks, watching for an error object the API appends mid-stream
 * (`{"error":…}` on its own line or glued to a half-written line), and for a stream that stalls.
 */
async function* readExportStream(
  request: LiveRequest,
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const soFar: StreamSoFar = {tail: '', lastLine: [], bytes: 0}
  const reader = body.getReader()
  try {
    for (;;) {
      const result = await readWithin(request, reader, soFar.bytes)
      if (result.done) break
      record(request, soFar, result.value)
      yield result.value
    }
  } finally {
    reader.releaseLock()
    await body.cancel().catch(() => {})
  }
  checkEnding(request, soFar)
}

/** The next chunk, or an error when none comes within idleTimeoutMs or the stream breaks. */
async function readWithin(
  request: LiveRequest,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  bytes: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LiveSourceError(
            `The Sanity export stream for ${request.where} stalled: no data for ${request.idleTimeoutMs} ms after ${bytes} bytes.`,
          ),
        ),
      request.idleTimeoutMs,
    )
  })
  try {
    return await Promise.race([reader.read(), stalled])
  } catch (error) {
    if (error instanceof LiveSourceError) throw error
    throw new LiveSourceError(
      `The Sanity export stream for ${request.where} broke off after ${bytes} bytes: ${describeNetworkError(error)}. Nothing was written; run the export again.`,
    )
  } finally {
    clearTimeout(timer)
  }
}

/** Adds a chunk to what was read so far; throws if the API has appended an error object. */
function record(request: LiveRequest, soFar: StreamSoFar, chunk: Uint8Array): void {
  soFar.bytes += chunk.length
  soFar.tail = (soFar.tail + Buffer.from(chunk).toString('latin1')).slice(-4096)
  const newline = chunk.lastIndexOf(0x0a)
  soFar.lastLine = newline === -1 ? [...soFar.lastLine, chunk] : [chunk.subarray(newline + 1)]
  throwApiError(request, findApiError(soFar.tail, false))
}

/** Throws when the stream ended on an API error object or in the middle of a document. */
function checkEnding(request: LiveRequest, soFar: StreamSoFar): void {
  throwApiError(request, findApiError(soFar.tail, true))
  if (!isCompleteLine(Buffer.concat(soFar.lastLine).toString('utf8'))) {
    throw new LiveSourceError(
      `The Sanity export stream for ${request.where} ended in the middle of a document after ${soFar.bytes} bytes. Nothing was written; run the export again.`,
    )
  }
}

/** Throws the API's mid-stream error, when there is one. */
function throwApiError(request: LiveRequest, apiError: string | undefined): void {
  if (apiError)
    throw new LiveSourceError(
      `The Sanity export API reported an error mid-stream for ${request.where}: ${apiError}`,
    )
}

/** The last line of a stream is either empty or a whole JSON document. */
function isCompleteLine(line: string): boolean {
  if (line.trim() === '') return true
  try {
    JSON.parse(line)
    return true
  } catch {
    return false
  }
}

/**
 * An error object the API appended. Until the stream ends, only a candidate followed by a
 * newline counts: a chunk may stop right after a document's own nested `{"error":…}` object.
 */
function findApiError(tail: string, ended: boolean): string | undefined {
  const at = tail.lastIndexOf('{"error":')
  if (at === -1) return undefined
  const newline = tail.indexOf('\n', at)
  if (newline === -1 && !ended) return undefined
  const candidate = tail.slice(at, newline === -1 ? undefined : newline)
  try {
    const parsed = JSON.parse(candidate) as {error?: unknown; statusCode?: number; message?: string}
    const error = parsed.error as {description?: string; message?: string} | string | undefined
    const text =
      typeof error === 'string'
        ? error
        : (error?.description ?? error?.message ?? JSON.stringify(error))
    return [parsed.statusCode ? `HTTP ${parsed.statusCode}` : undefined, text, parsed.message]
      .filter(Boolean)
      .join(': ')
  } catch {
    return undefined // not complete yet; checked again when more bytes arrive
  }
}
