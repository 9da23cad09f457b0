import {type Agent, request as httpRequest, type Server} from 'node:http'
import {type AddressInfo, connect, type Socket} from 'node:net'
import {encodeSignatureHeader, SIGNATURE_HEADER_NAME} from '@sanity/webhook'

export const SECRET = 'whsec-test-7f3a9c1e5b2d4f60a8e9'
export const MB = 1024 * 1024

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

export const sign = (body: string, timestamp = Date.now(), secret = SECRET) =>
  encodeSignatureHeader(body, timestamp, secret)

export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json: () => Record<string, unknown>
}

export interface RequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Send the body in pieces with Transfer-Encoding: chunked and no content-length. */
  chunked?: boolean
  agent?: Agent | false
  timeoutMs?: number
}

/**
 * A request over real HTTP that resolves with the response even when the server answers
 * (413) before the body is sent and closes the connection; errors after the answer are ignored.
 */
export function request(url: string, options: RequestOptions = {}): Promise<Reply> {
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body
  const headers: Record<string, string> = {...options.headers}
  if (body && !options.chunked) headers['content-length'] = String(body.length)
  return new Promise((resolve, reject) => {
    let settled = false
    const req = httpRequest(url, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      agent: options.agent ?? false,
    })
    req.setTimeout(options.timeoutMs ?? 10_000, () =>
      req.destroy(new Error(`timeout: ${options.method ?? 'GET'} ${url}`)),
    )
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      const done = () => {
        if (settled) return
        settled = true
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
        })
      }
      res.on('end', done)
      res.on('error', done)
      res.on('close', done)
    })
    req.on('error', (error) => {
      if (!settled) {
        settled = true
        reject(error)
      }
    })
    if (!body) {
      req.end()
      return
    }
    if (!options.chunked) {
      req.end(body)
      return
    }
    let offset = 0
    const pump = () => {
      while (offset < body.length && !req.destroyed) {
        const piece = body.subarray(offset, offset + 64 * 1024)
        offset += piece.length
        if (!req.write(piece)) {
          req.once('drain', pump)
          return
        }
      }
      if (!req.destroyed) req.end()
    }
    pump()
  })
}

/** A signed webhook POST with the given body (and optionally a fixed timestamp or secret). */
export async function postWebhook(
  base: string,
  body: string,
  options: {timestamp?: number; secret?: string; agent?: Agent | false; signature?: string} = {},
): Promise<Reply> {
  const signature = options.signature ?? (await sign(body, options.timestamp, options.secret))
  return request(`${base}/webhooks/sanity`, {
    body,
    agent: options.agent,
    headers: {'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: signature},
  })
}

/** Polls until `check` holds, a bounded number of times. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  check: (value: T) => boolean,
  {timeoutMs = 10_000, intervalMs = 20} = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met in ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** A promise whose resolution the test controls: a slow export that ends when told. */
export function gate() {
  let open: () => void = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return {opened, open}
}

export interface RawConnection {
  socket: Socket
  /** Everything the server has sent so far. */
  received: () => string
  /** Resolves when the server closes the connection (or it errors). */
  closed: Promise<void>
}

/** A raw TCP connection that writes `text` as is: for requests no HTTP client would send. */
export async function rawConnection(
  base: string,
  text: string,
  localAddress?: string,
): Promise<RawConnection> {
  const {hostname, port} = new URL(base)
  const socket = connect({host: hostname, port: Number(port), localAddress})
  let received = ''
  socket.setEncoding('latin1')
  socket.on('data', (chunk: string) => {
    received += chunk
  })
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  await new Promise<void>((resolve) => socket.write(text, () => resolve()))
  return {socket, received: () => received, closed}
}
