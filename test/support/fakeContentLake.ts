import {createServer, type IncomingHttpHeaders, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

/**
 * A local stand-in for the Content Lake's export endpoint (`GET /v<apiVersion>/data/export/<dataset>`)
 * on 127.0.0.1, for tests of the live source. Reached through `apiHost`, so the client builds
 * `http://127.0.0.1:PORT/v2025-02-19/data/export/<dataset>` (no project hostname, no API CDN).
 */

/** How the body of a successful (200) response ends. */
export type StreamEnding =
  /** The whole fixture. */
  | 'complete'
  /** Whole lines up to about the middle, then the API's error object on its own line. */
  | 'error-line'
  /** Up to the middle of a document, then the error object glued to the half-written line. */
  | 'error-glued'
  /** Up to the middle of a document, then the socket is destroyed (a connection reset). */
  | 'reset'
  /** Up to the middle of a document, then a clean end of the response: a truncated export. */
  | 'truncate'
  /** Up to the middle of a document, then nothing more while the connection stays open. */
  | 'stall'

export interface FakeBehaviour {
  /** The body is written in this many pieces, cut at byte offsets (not at line ends). */
  chunks: number
  /** Pause between two pieces, so they reach the client as separate reads. */
  chunkDelayMs: number
  /** Cut the body into pieces at exactly these byte offsets instead (overrides `chunks`). */
  splitAt?: number[]
  ending: StreamEnding
  /** Bytes of the fixture sent before a failing ending (default: the middle of a document near half way). */
  cutAt?: number
  /** Require `Authorization: Bearer <token>`; any other request gets 401. */
  token?: string
  /** The first `count` requests are answered with `status` (429 carries `Retry-After: 1`). */
  failFirst: {count: number; status: number}
  /** The first `count` requests have their socket destroyed before any response byte. */
  resetFirst: number
  /** Delay before the response headers (the first byte) of the first `count` requests. */
  slowFirstByte: {ms: number; count: number}
}

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  /** The client hung up before the response was complete (set once the socket closes). */
  clientClosed: boolean
}

export interface FakeContentLake {
  url: string
  requests: RecordedRequest[]
  /** Changes the behaviour for the following requests; omitted fields keep their values. */
  behave: (change: Partial<FakeBehaviour>) => void
  /** Back to normal streaming, and forgets the recorded requests. */
  reset: () => void
  close: () => Promise<void>
}

export const API_ERROR_LINE = '{"error":{"description":"Query timed out"},"statusCode":500}'

const normal = (): FakeBehaviour => ({
  chunks: 4,
  chunkDelayMs: 2,
  ending: 'complete',
  failFirst: {count: 0, status: 500},
  resetFirst: 0,
  slowFirstByte: {ms: 0, count: 0},
})

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

function sendError(res: ServerResponse, status: number, message: string, extra = {}) {
  res.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...extra})
  res.end(JSON.stringify({statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message}))
}

/** A byte offset in the middle of a document (never at a line end), near `fraction` of the body. */
export function midDocumentOffset(body: Uint8Array, fraction = 0.5): number {
  let at = Math.max(1, Math.floor(body.length * fraction))
  while (at < body.length && (body[at - 1] === 0x0a || body[at] === 0x0a)) at++
  return at
}

/** The end of the last whole line before `fraction` of the body. */
function lineEndBefore(body: Uint8Array, fraction = 0.5): number {
  const at = body.lastIndexOf(0x0a, Math.floor(body.length * fraction))
  return at === -1 ? 0 : at + 1
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts the fake on 127.0.0.1, port 0. `datasets` maps dataset names to their NDJSON export;
 * any other dataset gets 404 as from the real API.
 */
export async function startFakeContentLake(
  datasets: Record<string, string | Uint8Array>,
  initial: Partial<FakeBehaviour> = {},
): Promise<FakeContentLake> {
  let behaviour: FakeBehaviour = {...normal(), ...initial}
  const requests: RecordedRequest[] = []
  const bodies = new Map(
    Object.entries(datasets).map(([name, body]) => [
      name,
      typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body),
    ]),
  )
  let served = 0

  const server = createServer(async (req, res) => {
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      clientClosed: false,
    }
    requests.push(recorded)
    res.on('close', () => {
      if (!res.writableFinished) recorded.clientClosed = true
    })
    const b = behaviour
    const n = served++

    if (n < b.resetFirst) {
      req.socket.destroy()
      return
    }
    if (n < b.slowFirstByte.count) {
      await wait(b.slowFirstByte.ms)
      if (res.destroyed) return
    }
    const match = /^\/v[^/]+\/data\/export\/([^/?]+)(\?.*)?$/.exec(req.url ?? '')
    if (req.method !== 'GET' || !match) {
      sendError(res, 404, 'Not Found')
      return
    }
    if (b.token !== undefined && req.headers.authorization !== `Bearer ${b.token}`) {
      sendError(res, 401, 'Session not found')
      return
    }
    const dataset = decodeURIComponent(match[1] as string)
    const body = bodies.get(dataset)
    if (!body) {
      sendError(res, 404, `Dataset "${dataset}" not found`)
      return
    }
    if (n < b.failFirst.count) {
      const status = b.failFirst.status
      sendError(
        res,
        status,
        status === 429 ? 'API rate limit exceeded' : 'An internal server error occurred',
        status === 429 ? {'retry-after': '1'} : {},
      )
      return
    }

    let payload: Uint8Array = body
    let tail: string | undefined
    if (b.ending === 'error-line') {
      payload = body.subarray(0, b.cutAt ?? lineEndBefore(body))
      tail = `${API_ERROR_LINE}\n`
    } else if (b.ending !== 'complete') {
      payload = body.subarray(0, b.cutAt ?? midDocumentOffset(body))
      if (b.ending === 'error-glued') tail = `${API_ERROR_LINE}\n`
    }

    res.writeHead(200, {'content-type': 'application/x-ndjson'})
    const size = Math.ceil(payload.length / Math.max(1, b.chunks))
    const cuts = b.splitAt ?? Array.from({length: b.chunks}, (_, i) => (i + 1) * size)
    let from = 0
    for (const to of [...cuts.filter((at) => at > 0 && at < payload.length), payload.length]) {
      if (res.destroyed) return
      if (to <= from) continue
      res.write(payload.subarray(from, to))
      from = to
      if (b.chunkDelayMs > 0) await wait(b.chunkDelayMs)
    }
    if (res.destroyed) return
    if (tail !== undefined) res.write(tail)
    switch (b.ending) {
      case 'reset':
        // Let the bytes already written leave, then reset the connection.
        await wait(20)
        res.socket?.resetAndDestroy()
        return
      case 'stall':
        return // keep the response open; close() or the client ends it
      default:
        res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave: (change) => {
      behaviour = {...behaviour, ...change}
      served = 0
    },
    reset: () => {
      behaviour = normal()
      requests.length = 0
      served = 0
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
