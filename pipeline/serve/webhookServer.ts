import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {Socket} from 'node:net'
import {SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import {
  type ConnectionGuard,
  type ConnectionLimits,
  type ConnectionStats,
  guardConnections,
  limitsFor,
  openFileLimit,
} from './connectionGuard.ts'
import type {ExportScheduler} from './exportScheduler.ts'
import {readBody} from './readBody.ts'
import {redact} from './redact.ts'
import {createReplayGuard, type ReplayGuard} from './replayGuard.ts'
import type {ReplayStore} from './replayStore.ts'
import {DEFAULT_WINDOW, parseSignatureHeader, verifySignature} from './verifySignature.ts'

export const WEBHOOK_PATH = '/webhooks/sanity'
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
export const DEFAULT_BODY_IDLE_MS = 5_000

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
  'body-timeout',
  'replay-store-failed',
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
  /** Caps on connections and uploads; the defaults fit under the process's open-file limit. */
  limits?: Partial<ConnectionLimits>
  /** A body that sends nothing for this long (ms) is answered 408; default 5 s. */
  bodyIdleMs?: number
  /** How long stop() lets answers in progress finish before closing them; default 2 s. */
  stopDeadlineMs?: number
  /** The replay cache on disk (kept across restarts); without it, it lives in memory only. */
  replayStore?: ReplayStore
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
  'body-timeout': 'The body stopped arriving before it was complete.',
  'replay-store-failed': 'The webhook could not be recorded against replays; retry later.',
  'internal-error': 'Internal error.',
}

export interface WebhookServer extends Server {
  /**
   * Shutdown: stops accepting, closes stalled uploads and idle connections at once, and gives
   * answers in progress a moment to finish. Resolves when every connection is closed.
   */
  stop(): Promise<void>
  connectionStats(): ConnectionStats
  readonly limits: ConnectionLimits
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

interface Counters {
  accepted: number
  rejected: Record<RejectionReason, number>
}

/** One request's way out: every answer is logged once, with its reason and duration. */
function responder(
  req: IncomingMessage,
  res: ServerResponse,
  hooks: {counters: Counters; closing: () => boolean; onRequest?: (e: RequestLogEntry) => void},
) {
  const started = performance.now()
  const method = req.method ?? 'GET'
  const declaresBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0
  let bodyRead = false
  const log = (status: number, reason: string) =>
    hooks.onRequest?.({
      method,
      path: logPath(req.url),
      status,
      reason,
      durationMs: Math.round(performance.now() - started),
    })
  const send = (status: number, reason: string, body: unknown, headers = {}) => {
    // An unread body is not drained for keep-alive: the connection closes after the answer.
    const close = hooks.closing() || (declaresBody && !bodyRead && !req.complete)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(close && {connection: 'close'}),
      ...headers,
    })
    res.end(method === 'HEAD' ? undefined : `${JSON.stringify(body)}\n`)
    log(status, reason)
  }
  const refuse = (status: number, reason: RejectionReason, headers = {}) => {
    hooks.counters.rejected[reason]++
    send(status, reason, {ok: false, error: reason, message: MESSAGES[reason]}, headers)
  }
  return {
    method,
    res,
    send,
    refuse,
    log,
    bodyRead: () => {
      bodyRead = true
    },
  }
}
type Responder = ReturnType<typeof responder>

interface WebhookContext {
  secret: string
  scheduler: WebhookServerOptions['scheduler']
  counters: Counters
  guard: ConnectionGuard
  replayGuard: ReplayGuard
  replayStore?: ReplayStore
  window: {maxAgeMs: number; maxFutureMs: number}
  maxBodyBytes: number
  bodyIdleMs: number
  now: () => number
  onError?: (error: unknown) => void
  /** Set by stop(): requests still arriving on open connections get 503. */
  closing: boolean
}

/**
 * POST /webhooks/sanity. Checks, in order: method (405), content type (415), declared length
 * (413), signature header present and well-formed (401) — all before a byte of the body is
 * read — then the body within the limit (413) and without stalling (408), HMAC over the raw
 * bytes (401), timestamp window (401), replay (401), JSON (400); the signature is recorded on
 * disk, and only then 202.
 */
async function receiveWebhook(req: IncomingMessage, reply: Responder, ctx: WebhookContext) {
  if (reply.method !== 'POST') return reply.refuse(405, 'method-not-allowed', {allow: 'POST'})
  if (!isJsonContentType(req.headers['content-type']))
    return reply.refuse(415, 'unsupported-media-type')
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > ctx.maxBodyBytes) return reply.refuse(413, 'body-too-large')
  const header = req.headers[SIGNATURE_HEADER_NAME]
  const early = parseSignatureHeader(header)
  if (!early.ok) return reply.refuse(401, early.reason)

  const socket = req.socket as Socket
  ctx.guard.beginUpload(socket)
  // Only now may a client that sent `Expect: 100-continue` send its body.
  if (req.headers.expect?.toLowerCase() === '100-continue') reply.res.writeContinue()
  const body = await readBody(req, {
    limit: ctx.maxBodyBytes,
    idleMs: ctx.bodyIdleMs,
    onChunk: () => ctx.guard.touch(socket),
  })
  ctx.guard.endUpload(socket)
  if (body.kind === 'aborted') {
    // Nothing can be sent; 499 is the customary log code for "client closed request".
    if (ctx.guard.evicted(socket)) return reply.log(503, 'evicted')
    ctx.counters.rejected['client-aborted']++
    return reply.log(499, 'client-aborted')
  }
  if (body.kind === 'too-large') return reply.refuse(413, 'body-too-large')
  if (body.kind === 'timeout') return reply.refuse(408, 'body-timeout')
  reply.bodyRead()
  await acceptSigned(body.body, header, reply, ctx)
}

/** A whole body: HMAC, window, replay, JSON, then recorded on disk before the 202. */
async function acceptSigned(
  body: Buffer,
  header: string | string[] | undefined,
  reply: Responder,
  ctx: WebhookContext,
) {
  const at = ctx.now()
  const verdict = await verifySignature(ctx.secret, body, header, at, ctx.window)
  if (!verdict.ok) return reply.refuse(401, verdict.reason)
  const seen = ctx.replayGuard.remember(verdict.signature, verdict.timestamp, at)
  if (seen === 'replay') return reply.refuse(401, 'replay')
  if (seen === 'full') return reply.refuse(429, 'replay-cache-full', {'retry-after': '30'})
  try {
    JSON.parse(body.toString('utf8'))
  } catch {
    return reply.refuse(400, 'malformed-json')
  }
  if (ctx.replayStore) {
    try {
      await ctx.replayStore.persist(() => ctx.replayGuard.entries())
    } catch (error) {
      // Not on disk, so a replay after a restart would pass: refuse, and let Sanity retry.
      ctx.replayGuard.forget(verdict.signature)
      const code = (error as NodeJS.ErrnoException).code ?? String(error)
      ctx.onError?.(new Error(`Cannot write the replay file ${ctx.replayStore.path}: ${code}`))
      return reply.refuse(503, 'replay-store-failed', {'retry-after': '30'})
    }
  }
  ctx.counters.accepted++
  ctx.scheduler.trigger()
  reply.send(202, 'accepted', {ok: true, message: MESSAGES.accepted})
}

function webhookContext(options: WebhookServerOptions, server: Server): WebhookContext {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_WINDOW.maxAgeMs
  const now = options.now ?? Date.now
  const store = options.replayStore
  return {
    secret: options.secret,
    scheduler: options.scheduler,
    counters: {
      accepted: 0,
      rejected: Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Counters['rejected'],
    },
    guard: guardConnections(server, limitsFor(openFileLimit(), options.limits)),
    replayGuard: createReplayGuard({
      windowMs: maxAgeMs,
      maxEntries: options.maxReplayEntries,
      entries: store?.entries,
      // A replay file that cannot be trusted: refuse all that could have come before it.
      ...(store?.problem !== undefined && {notBefore: now()}),
    }),
    replayStore: store,
    window: {maxAgeMs, maxFutureMs: options.maxFutureMs ?? Math.min(60_000, maxAgeMs)},
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    bodyIdleMs: options.bodyIdleMs ?? DEFAULT_BODY_IDLE_MS,
    now,
    onError: options.onError,
    closing: false,
  }
}

/** GET /status: numbers and states only, nothing from content, headers or the environment. */
function statusBody(ctx: WebhookContext) {
  const status = ctx.scheduler.status()
  const lastRun = status.lastRun && {
    ...status.lastRun,
    ...(status.lastRun.error !== undefined && {error: redact(status.lastRun.error, [ctx.secret])}),
  }
  const {counters, guard, replayGuard} = ctx
  return {
    ok: true,
    state: status.state,
    pending: status.pending,
    exports: status.runs,
    lastExport: lastRun,
    lastSuccessAt: status.lastSuccessAt,
    webhooks: {
      accepted: counters.accepted,
      rejected: {...counters.rejected},
      rejectedTotal: Object.values(counters.rejected).reduce((a, b) => a + b, 0),
    },
    connections: guard.stats(),
    replayCache: {
      size: replayGuard.size,
      maxEntries: replayGuard.maxEntries,
      persisted: ctx.replayStore !== undefined,
    },
    limits: {
      maxBodyBytes: ctx.maxBodyBytes,
      maxAgeMs: ctx.window.maxAgeMs,
      maxFutureMs: ctx.window.maxFutureMs,
      bodyIdleMs: ctx.bodyIdleMs,
      ...guard.limits,
    },
  }
}

async function route(req: IncomingMessage, reply: Responder, ctx: WebhookContext) {
  const path = (req.url ?? '/').split('?')[0]
  if (ctx.closing) return reply.send(503, 'shutting-down', {ok: false, error: 'shutting-down'})
  if (path === '/healthz' || path === '/status') {
    if (reply.method !== 'GET' && reply.method !== 'HEAD') {
      const body = {ok: false, error: 'method-not-allowed'}
      return reply.send(405, 'method-not-allowed', body, {allow: 'GET, HEAD'})
    }
    return reply.send(200, 'ok', path === '/healthz' ? {ok: true} : statusBody(ctx))
  }
  if (path === WEBHOOK_PATH) return receiveWebhook(req, reply, ctx)
  reply.send(404, 'not-found', {ok: false, error: 'not-found', message: MESSAGES['not-found']})
}

/**
 * The HTTP server for Sanity's GROQ-powered webhooks: `POST /webhooks/sanity` schedules an
 * export, `GET /healthz` and `GET /status` report. Connections and uploads are capped (see
 * connectionGuard.ts), so stalled clients cannot take its memory or its file descriptors.
 */
export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  if (!options.secret) throw new Error('createWebhookServer needs a secret.')
  // Timeouts are Node's own; the check interval makes them bite within a second.
  const server = createServer({
    connectionsCheckingInterval: 1_000,
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
  })
  const ctx = webhookContext(options, server)

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket as Socket
    ctx.guard.requestStarted(socket)
    res.once('finish', () => ctx.guard.requestFinished(socket))
    const reply = responder(req, res, {
      counters: ctx.counters,
      closing: () => ctx.closing,
      onRequest: options.onRequest,
    })
    route(req, reply, ctx).catch((error) => {
      options.onError?.(error)
      reply.log(500, 'internal-error')
      if (!res.headersSent) {
        res.writeHead(500, {'content-type': 'application/json; charset=utf-8', connection: 'close'})
        res.end(`${JSON.stringify({ok: false, error: 'internal-error'})}\n`)
      } else {
        res.destroy()
      }
    })
  }
  server.on('request', onRequest)
  // Handled like any request: 100 Continue is sent only once the headers have passed.
  server.on('checkContinue', onRequest)

  return Object.assign(server, {
    connectionStats: () => ctx.guard.stats(),
    limits: ctx.guard.limits,
    async stop() {
      ctx.closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      ctx.guard.close()
      server.closeIdleConnections()
      const deadline = setTimeout(
        () => server.closeAllConnections(),
        options.stopDeadlineMs ?? 2_000,
      )
      await closed
      clearTimeout(deadline)
    },
  })
}
