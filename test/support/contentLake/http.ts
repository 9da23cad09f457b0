import type {IncomingHttpHeaders, IncomingMessage} from 'node:http'
import type {Http2ServerRequest} from 'node:http2'

/** HTTP/2 requests, or HTTP/1.1 ones (the presence websocket, Node clients) on the same port. */
export type RawRequest = IncomingMessage | Http2ServerRequest
/** What the handlers use of a response; both HTTP/2 and HTTP/1.1 responses have it. */
export interface RawResponse {
  statusCode: number
  setHeader(name: string, value: string): unknown
  writeHead(status: number, headers?: Record<string, string | number>): unknown
  write(chunk: string): boolean
  end(chunk: string): unknown
  on(event: 'finish', listener: () => void): unknown
}

/** An error the stand-in answers with, in the Content Lake's error shape. */
export class LakeHttpError extends Error {
  readonly status: number
  readonly type: string
  readonly details: Record<string, unknown>

  constructor(status: number, message: string, type = 'httpError', details = {}) {
    super(message)
    this.status = status
    this.type = type
    this.details = details
  }
}

const MAX_BODY_BYTES = 5 * 1024 * 1024

/** The request body as JSON (undefined when empty); 400 for anything that is not JSON. */
export async function readJsonBody(req: RawRequest): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new LakeHttpError(413, 'The request body is over 5 MB.')
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new LakeHttpError(400, 'The request body is not valid JSON.', 'invalidJson')
  }
}

export function sendJson(res: RawResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function sendError(res: RawResponse, error: LakeHttpError): void {
  sendJson(res, error.status, {
    statusCode: error.status,
    error: {description: error.message, type: error.type, ...error.details},
    message: error.message,
  })
}

/**
 * The Studio runs on another origin than the API, as a deployed Studio does: answer CORS the
 * way the Content Lake does for an origin listed in the project's CORS settings.
 */
export function allowCors(
  headers: IncomingHttpHeaders,
  res: RawResponse,
  allowedOrigins: readonly string[],
): boolean {
  const origin = headers.origin
  if (origin === undefined) return true
  if (!allowedOrigins.includes(origin)) return false
  res.setHeader('access-control-allow-origin', origin)
  res.setHeader('access-control-allow-credentials', 'true')
  res.setHeader('vary', 'origin')
  return true
}

/** Answers a CORS preflight for an allowed origin. */
export function answerPreflight(headers: IncomingHttpHeaders, res: RawResponse): void {
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
  res.setHeader(
    'access-control-allow-headers',
    headers['access-control-request-headers'] ?? 'authorization, content-type',
  )
  res.setHeader('access-control-max-age', '600')
  res.writeHead(204)
  res.end('')
}

/**
 * A known endpoint used in a way the stand-in does not model (an action type, a patch
 * operation, a perspective). It is recorded like an unknown request, so the test fails.
 */
export class NotModelled extends LakeHttpError {
  constructor(message: string, status = 501) {
    super(status, message, 'notModelledByStandIn')
  }
}
