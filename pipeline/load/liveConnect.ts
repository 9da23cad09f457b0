import {LiveSourceError} from './liveSourceError.ts'

/** One export request: where it goes, what it sends, and how patient it is. */
export interface LiveRequest {
  url: string
  /** `projectId/dataset`, for messages. */
  where: string
  headers: Record<string, string>
  maxAttempts: number
  /** Abort when no bytes arrive for this long (the response headers included). */
  idleTimeoutMs: number
  /** Upper bound for one wait between attempts. */
  maxRetryDelayMs: number
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

/** One attempt: the response, or why no response came (the caller's abort is rethrown). */
async function attemptFetch(
  request: LiveRequest,
  signal: AbortSignal | undefined,
): Promise<{response: Response} | {failure: string}> {
  const controller = new AbortController()
  const timer = setTimeout(
    () => controller.abort(new LiveSourceError('timeout')),
    request.idleTimeoutMs,
  )
  try {
    const response = await fetch(request.url, {
      headers: request.headers,
      signal: AbortSignal.any([controller.signal, ...(signal ? [signal] : [])]),
    })
    return {response}
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    const failure = controller.signal.aborted
      ? `no response within ${request.idleTimeoutMs} ms`
      : describeNetworkError(error)
    return {failure}
  } finally {
    clearTimeout(timer)
  }
}

/** What to check for an HTTP status the export API answered with. */
function statusHint(status: number): string {
  if (status === 401 || status === 403)
    return ' Check SANITY_API_READ_TOKEN: it must be a valid token with read access to this dataset.'
  if (status === 404) return ' Check SANITY_PROJECT_ID and SANITY_DATASET.'
  if (status === 429) return ' The API kept rate-limiting the export; try again later.'
  return ''
}

/** The error for a response that is not OK, with the API's own message and a hint. */
async function httpError(request: LiveRequest, response: Response): Promise<LiveSourceError> {
  const detail = await errorDetail(response)
  return new LiveSourceError(
    `The Sanity export API answered HTTP ${response.status} for ${request.where}${detail}.${statusHint(response.status)}`,
  )
}

/**
 * Requests the export, retrying 429, 5xx and connection failures (as Retry-After says, else
 * with exponential backoff) up to maxAttempts; the first OK response.
 */
export async function connectLiveExport(
  request: LiveRequest,
  signal?: AbortSignal,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const last = attempt + 1 >= request.maxAttempts
    const outcome = await attemptFetch(request, signal)
    if ('failure' in outcome) {
      if (last) {
        throw new LiveSourceError(
          `Cannot reach the Sanity export API for ${request.where}: ${outcome.failure}. Check the network and SANITY_PROJECT_ID.`,
        )
      }
      await sleep(retryDelay(null, attempt, request.maxRetryDelayMs), signal)
      continue
    }
    const {response} = outcome
    if (response.ok) return response
    const retryable = response.status === 429 || response.status >= 500
    if (!retryable || last) throw await httpError(request, response)
    await response.body?.cancel()
    const retryAfter = response.headers.get('retry-after')
    await sleep(retryDelay(retryAfter, attempt, request.maxRetryDelayMs), signal)
  }
}

/** The network error's code (ECONNREFUSED …) when it has one, else its message. */
export function describeNetworkError(error: unknown): string {
  const cause = (error as {cause?: {code?: string; message?: string}})?.cause
  if (cause?.code) return cause.code
  return error instanceof Error ? error.message : String(error)
}

/** The message of an API error body, as " (message)", or nothing. */
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
