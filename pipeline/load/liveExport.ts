import {createClient} from '@sanity/client'

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

export class LiveSourceError extends Error {
  override name = 'LiveSourceError'
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, {once: true})
  })

/** Seconds or an HTTP date, as RFC 9110 allows; falls back to exponential backoff. */
function retryDelay(header: string | null, attempt: number, cap: number): number {
  const seconds = header === null ? Number.NaN : Number(header)
  const fromHeader = Number.isFinite(seconds)
    ? seconds * 1000
    : header
      ? Date.parse(header) - Date.now()
      : Number.NaN
  const delay = Number.isFinite(fromHeader) ? fromHeader : 500 * 2 ** attempt
  return Math.min(Math.max(delay, 0), cap)
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
  const client = createClient({
    projectId: config.projectId,
    dataset: config.dataset,
    apiVersion: config.apiVersion,
    token: config.token,
    useCdn: false,
    ...(config.apiHost ? {apiHost: config.apiHost, useProjectHostname: false} : {}),
  })
  const url = client.getUrl(`/data/export/${encodeURIComponent(config.dataset)}`)
  const where = `${config.projectId}/${config.dataset}`
  const maxAttempts = config.maxAttempts ?? 4
  const idleTimeoutMs = config.idleTimeoutMs ?? 60_000
  const headers: Record<string, string> = {accept: 'application/x-ndjson'}
  if (config.token) headers.authorization = `Bearer ${config.token}`

  let response: Response | undefined
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new LiveSourceError('timeout')), idleTimeoutMs)
    try {
      response = await fetch(url, {
        headers,
        signal: AbortSignal.any([controller.signal, ...(signal ? [signal] : [])]),
      })
    } catch (error) {
      clearTimeout(timer)
      if (signal?.aborted) throw signal.reason
      const reason = controller.signal.aborted
        ? `no response within ${idleTimeoutMs} ms`
        : describeNetworkError(error)
      if (attempt + 1 >= maxAttempts) {
        throw new LiveSourceError(
          `Cannot reach the Sanity export API for ${where}: ${reason}. Check the network and SANITY_PROJECT_ID.`,
        )
      }
      await sleep(retryDelay(null, attempt, config.maxRetryDelayMs ?? 30_000), signal)
      continue
    }
    clearTimeout(timer)
    if (response.ok) break
    const retryable = response.status === 429 || response.status >= 500
    if (retryable && attempt + 1 < maxAttempts) {
      await response.body?.cancel()
      await sleep(
        retryDelay(response.headers.get('retry-after'), attempt, config.maxRetryDelayMs ?? 30_000),
        signal,
      )
      continue
    }
    const detail = await errorDetail(response)
    const hint =
      response.status === 401 || response.status === 403
        ? ' Check SANITY_API_READ_TOKEN: it must be a valid token with read access to this dataset.'
        : response.status === 404
          ? ' Check SANITY_PROJECT_ID and SANITY_DATASET.'
          : response.status === 429
            ? ' The API kept rate-limiting the export; try again later.'
            : ''
    throw new LiveSourceError(
      `The Sanity export API answered HTTP ${response.status} for ${where}${detail}.${hint}`,
    )
  }
  if (!response.body) throw new LiveSourceError(`The Sanity export API sent no body for ${where}.`)

  // Watch for an error object that the API appends mid-stream (`{"error":…}` on its own
  // line or glued to a half-written line), and for a stream that stalls.
  let tail = ''
  let lastLine: Uint8Array[] = []
  let bytes = 0
  const reader = response.body.getReader()
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new LiveSourceError(
                `The Sanity export stream for ${where} stalled: no data for ${idleTimeoutMs} ms after ${bytes} bytes.`,
              ),
            ),
          idleTimeoutMs,
        )
      })
      let result: ReadableStreamReadResult<Uint8Array>
      try {
        result = await Promise.race([reader.read(), stalled])
      } catch (error) {
        if (error instanceof LiveSourceError) throw error
        throw new LiveSourceError(
          `The Sanity export stream for ${where} broke off after ${bytes} bytes: ${describeNetworkError(error)}. Nothing was written; run the export again.`,
        )
      } finally {
        clearTimeout(timer)
      }
      if (result.done) break
      bytes += result.value.length
      tail = (tail + Buffer.from(result.value).toString('latin1')).slice(-4096)
      const newline = result.value.lastIndexOf(0x0a)
      lastLine = newline === -1 ? [...lastLine, result.value] : [result.value.subarray(newline + 1)]
      const apiError = findApiError(tail, false)
      if (apiError)
        throw new LiveSourceError(
          `The Sanity export API reported an error mid-stream for ${where}: ${apiError}`,
        )
      yield result.value
    }
  } finally {
    reader.releaseLock()
    await response.body.cancel().catch(() => {})
  }
  const apiError = findApiError(tail, true)
  if (apiError) {
    throw new LiveSourceError(
      `The Sanity export API reported an error mid-stream for ${where}: ${apiError}`,
    )
  }
  if (!isCompleteLine(Buffer.concat(lastLine).toString('utf8'))) {
    throw new LiveSourceError(
      `The Sanity export stream for ${where} ended in the middle of a document after ${bytes} bytes. Nothing was written; run the export again.`,
    )
  }
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

function describeNetworkError(error: unknown): string {
  const cause = (error as {cause?: {code?: string; message?: string}})?.cause
  if (cause?.code) return cause.code
  return error instanceof Error ? error.message : String(error)
}

async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as {
      message?: string
      error?: {description?: string} | string
    }
    const text =
      body.message ?? (typeof body.error === 'string' ? body.error : body.error?.description)
    return text ? ` (${text})` : ''
  } catch {
    return ''
  }
}
