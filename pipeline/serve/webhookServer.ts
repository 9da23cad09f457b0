import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import type {ExportScheduler} from './exportScheduler.ts'
import {redact} from './redact.ts'
import {createReplayGuard} from './replayGuard.ts'
import {DEFAULT_WINDOW, parseSignatureHeader, verifySignature} from './verifySignature.ts'

export const WEBHOOK_PATH = '/webhooks/sanity'
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** Every way a webhook can be turned away; a fixed set, so the counters stay bounded. */
export const REJECTION_REASONS = [
  'method-not-allowed',
  'unsupported-media-type',
  'body-too-large',
  'missing-signature',
  'malformed-signature',
  'invalid-signature',
  'stale-timestamp',
  'future-timestamp',
  'replay',
  'replay-cache-full',
  'malformed-json',
  'client-aborted',
] as const
export type RejectionReason = (typeof REJECTION_REASONS)[number]

export interface RequestLogEntry {
  method: string
  /** The path only: a query string could carry anything. */
  path: string
  status: number
  reason: string
  durationMs: number
}

export interface WebhookServerOptions {
  secret: string
  scheduler: Pick<ExportScheduler, 'trigger' | 'status'>
  maxBodyBytes?: number
  /** The signature window (ms); default 5 minutes. */
  maxAgeMs?: number
  /** Accepted clock skew (ms) for timestamps ahead of ours; default 1 minute (or maxAgeMs). */
  maxFutureMs?: number
  maxReplayEntries?: number
  now?: () => number
  onRequest?: (entry: RequestLogEntry) => void
  onError?: (error: unknown) => void
}

const MESSAGES: Record<RejectionReason | 'not-found' | 'accepted' | 'internal-error', string> = {
  accepted: 'Export scheduled.',
  'not-found': 'Not found.',
  'method-not-allowed': 'Method not allowed.',
  'unsupported-media-type': 'Send the webhook body as content-type: application/json.',
  'body-too-large': 'The body is larger than the limit.',
  'missing-signature': 'The request has no sanity-webhook-signature header.',
  'malformed-signature': 'The sanity-webhook-signature header is not of the form t=<ms>,v1=<hmac>.',
  'invalid-signature': 'The signature does not match the body and the webhook secret.',
  'stale-timestamp': 'The signature timestamp is older than the accepted window.',
  'future-timestamp': 'The signature timestamp lies too far in the future.',
  replay: 'This signature was already accepted once; replays are refused.',
  'replay-cache-full': 'Too many webhooks within the signature window; retry later.',
  'malformed-json': 'The body is not valid JSON.',
  'client-aborted': 'The client closed the request before the body was complete.',
  'internal-error': 'Internal error.',
}

type BodyResult = {kind: 'ok'; body: Buffer} | {kind: 'too-large'} | {kind: 'aborted'}

/** Buffers the body up to `limit` bytes; past it, stops buffering and answers at once. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = []
    let total = 0
    const finish = (result: BodyResult) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      req.off('error', onClose)
      chunks = []
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > limit) finish({kind: 'too-large'})
      else chunks.push(chunk)
    }
    const onEnd = () => finish({kind: 'ok', body: Buffer.concat(chunks, total)})
    const onClose = () => finish({kind: 'aborted'})
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('close', onClose)
    req.on('error', onClose)
  })
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p))
}

/** A log-safe rendering of a path: printable ASCII only, bounded. */
function logPath(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/'
  const clean = path.replace(/[^\x21-\x7e]/g, '?')
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean
}

/**
 * The HTTP server for Sanity's GROQ-powered webhooks: `POST /webhooks/sanity` schedules an
 * export, `GET /healthz` and `GET /status` report. Checks, in order: path (404), method (405),
 * content type (415), declared length (413), signature header present and well-formed (401),
 * body streamed up to the limit (413), HMAC over the raw bytes (401), timestamp window (401),
 * replay (401), JSON (400); then 202.
 */
export function createWebhookServer(options: WebhookServerOptions): Server {
  const {secret, scheduler} = options
  if (!secret) throw new Error('createWebhookServer needs a secret.')
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_WINDOW.maxAgeMs
  const window = {maxAgeMs, maxFutureMs: options.maxFutureMs ?? Math.min(60_000, maxAgeMs)}
  const now = options.now ?? Date.now
  const replayGuard = createReplayGuard({
    windowMs: maxAgeMs,
    maxEntries: options.maxReplayEntries,
  })
  const webhooks = {
    accepted: 0,
    rejected: Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<
      RejectionReason,
      number
    >,
  }

  const statusBody = () => {
    const status = scheduler.status()
    const lastRun = status.lastRun && {
      ...status.lastRun,
      ...(status.lastRun.error !== undefined && {error: redact(status.lastRun.error, [secret])}),
    }
    return {
      ok: true,
      state: status.state,
      pending: status.pending,
      exports: status.runs,
      lastExport: lastRun,
      lastSuccessAt: status.lastSuccessAt,
      webhooks: {
        accepted: webhooks.accepted,
        rejected: {...webhooks.rejected},
        rejectedTotal: Object.values(webhooks.rejected).reduce((a, b) => a + b, 0),
      },
      replayCache: {size: replayGuard.size, maxEntries: replayGuard.maxEntries},
      limits: {maxBodyBytes, maxAgeMs: window.maxAgeMs, maxFutureMs: window.maxFutureMs},
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse, started: number) => {
    const path = (req.url ?? '/').split('?')[0]
    const method = req.method ?? 'GET'
    const declaresBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0
    let bodyRead = false

    const logRequest = (status: number, reason: string) =>
      options.onRequest?.({
        method,
        path: logPath(req.url),
        status,
        reason,
        durationMs: Math.round(performance.now() - started),
      })
    const send = (status: number, reason: string, body: unknown, headers = {}) => {
      // An unread body is not drained for keep-alive: the connection closes after the answer.
      const close = declaresBody && !bodyRead && !req.complete
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(close && {connection: 'close'}),
        ...headers,
      })
      res.end(method === 'HEAD' ? undefined : `${JSON.stringify(body)}\n`)
      logRequest(status, reason)
    }
    const refuse = (status: number, reason: RejectionReason, headers = {}) => {
      webhooks.rejected[reason]++
      send(status, reason, {ok: false, error: reason, message: MESSAGES[reason]}, headers)
    }

    if (path === '/healthz' || path === '/status') {
      if (method !== 'GET' && method !== 'HEAD') {
        send(
          405,
          'method-not-allowed',
          {ok: false, error: 'method-not-allowed'},
          {allow: 'GET, HEAD'},
        )
        return
      }
      send(200, 'ok', path === '/healthz' ? {ok: true} : statusBody())
      return
    }
    if (path !== WEBHOOK_PATH) {
      send(404, 'not-found', {ok: false, error: 'not-found', message: MESSAGES['not-found']})
      return
    }
    if (method !== 'POST') return refuse(405, 'method-not-allowed', {allow: 'POST'})
    if (!isJsonContentType(req.headers['content-type']))
      return refuse(415, 'unsupported-media-type')
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > maxBodyBytes) return refuse(413, 'body-too-large')
    const header = req.headers[SIGNATURE_HEADER_NAME]
    const early = parseSignatureHeader(header)
    if (!early.ok) return refuse(401, early.reason)

    const body = await readBody(req, maxBodyBytes)
    if (body.kind === 'aborted') {
      // Nothing can be sent; 499 is the customary log code for "client closed request".
      webhooks.rejected['client-aborted']++
      logRequest(499, 'client-aborted')
      return
    }
    if (body.kind === 'too-large') return refuse(413, 'body-too-large')
    bodyRead = true

    const at = now()
    const verdict = await verifySignature(secret, body.body, header, at, window)
    if (!verdict.ok) return refuse(401, verdict.reason)
    const seen = replayGuard.remember(verdict.signature, verdict.timestamp, at)
    if (seen === 'replay') return refuse(401, 'replay')
    if (seen === 'full') return refuse(429, 'replay-cache-full', {'retry-after': '30'})
    try {
      JSON.parse(body.body.toString('utf8'))
    } catch {
      return refuse(400, 'malformed-json')
    }
    webhooks.accepted++
    scheduler.trigger()
    send(202, 'accepted', {ok: true, message: MESSAGES.accepted})
  }

  const server = createServer((req, res) => {
    const started = performance.now()
    handle(req, res, started).catch((error) => {
      options.onError?.(error)
      options.onRequest?.({
        method: req.method ?? 'GET',
        path: logPath(req.url),
        status: 500,
        reason: 'internal-error',
        durationMs: Math.round(performance.now() - started),
      })
      if (!res.headersSent) {
        res.writeHead(500, {'content-type': 'application/json; charset=utf-8', connection: 'close'})
        res.end(`${JSON.stringify({ok: false, error: 'internal-error'})}\n`)
      } else {
        res.destroy()
      }
    })
  })
  // A webhook is small and quick; slow senders do not get to hold sockets for minutes.
  server.requestTimeout = 30_000
  server.headersTimeout = 10_000
  server.keepAliveTimeout = 5_000
  return server
}
