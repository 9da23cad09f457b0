import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import {afterEach, describe, expect, it} from 'vitest'
import {
  loopbackAddresses,
  openStalledUploads,
  type StalledUploads,
} from '../../pipeline/bench/stalledUploads.ts'
import {
  type ConnectionLimits,
  clientKey,
  DEFAULT_LIMITS,
  limitsFor,
  openFileLimit,
} from '../../pipeline/serve/connectionGuard.ts'
import {createExportScheduler, type ExportScheduler} from '../../pipeline/serve/exportScheduler.ts'
import {createWebhookServer, type WebhookServer} from '../../pipeline/serve/webhookServer.ts'
import {
  closeServer,
  listen,
  MB,
  postWebhook,
  type RawConnection,
  rawConnection,
  request,
  SECRET,
  sign,
  waitFor,
} from './support.ts'

const LIMITS: ConnectionLimits = {
  maxConnections: 20,
  maxConnectionsPerClient: 10,
  maxUploads: 6,
  maxUploadsPerClient: 3,
}

let server: WebhookServer
let scheduler: ExportScheduler
const cleanup: (() => void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0)) step()
  await scheduler?.close()
  if (server?.listening) await closeServer(server)
})

async function start(options: {bodyIdleMs?: number; stopDeadlineMs?: number} = {}) {
  scheduler = createExportScheduler({debounceMs: 10, run: async () => ({ok: true})})
  server = createWebhookServer({secret: SECRET, scheduler, limits: LIMITS, ...options})
  const base = await listen(server)
  const port = Number(new URL(base).port)
  const stall = async (count: number, addresses: string[], extra: {headersOnly?: boolean} = {}) => {
    const stalls: StalledUploads = await openStalledUploads({
      host: '127.0.0.1',
      port,
      count,
      addresses,
      declaredBytes: MB,
      sentBytes: 64 * 1024,
      ...extra,
    })
    cleanup.push(() => stalls.destroyAll())
    return stalls
  }
  return {base, stall}
}

/** A webhook POST written by hand: its headers, then `body` (or as much of it as given). */
async function rawPost(
  base: string,
  contentLength: number,
  headers: string[],
  body = '',
): Promise<RawConnection> {
  const head = [
    'POST /webhooks/sanity HTTP/1.1',
    'Host: x',
    'Content-Type: application/json',
    `Content-Length: ${contentLength}`,
    ...headers,
  ]
  const connection = await rawConnection(base, `${head.join('\r\n')}\r\n\r\n${body}`)
  cleanup.push(() => connection.socket.destroy())
  return connection
}

describe('the body is judged before and while it is read', () => {
  it('answers a POST without a signature header at once, without waiting for its body', async () => {
    const {base} = await start()
    const unsigned = await rawPost(base, MB, [])
    // Not a byte of the body was sent: the answer and the close come anyway.
    await unsigned.closed
    expect(unsigned.received()).toMatch(/^HTTP\/1\.1 401 /)
  })

  it('does not invite the body of an unsigned `Expect: 100-continue` request', async () => {
    const {base} = await start()
    const unsigned = await rawPost(base, 100, ['Expect: 100-continue'])
    await unsigned.closed
    expect(unsigned.received()).toMatch(/^HTTP\/1\.1 401 /)
    expect(unsigned.received()).not.toContain('100 Continue')

    // A signed one is invited, and accepted once its body follows.
    const body = JSON.stringify({_id: 'tumour-1'})
    const signed = await rawPost(base, body.length, [
      'Expect: 100-continue',
      `${SIGNATURE_HEADER_NAME}: ${await sign(body)}`,
    ])
    await waitFor(signed.received, (text) => text.startsWith('HTTP/1.1 100 Continue'))
    signed.socket.write(body)
    await waitFor(signed.received, (text) => text.includes('HTTP/1.1 202 '))
  })

  it('gives up on a body shorter than its Content-Length once the client goes quiet (408)', async () => {
    const {base} = await start({bodyIdleMs: 300})
    const body = JSON.stringify({_id: 'tumour-1', pad: 'x'.repeat(100)})
    const started = performance.now()
    const short = await rawPost(
      base,
      body.length,
      [`${SIGNATURE_HEADER_NAME}: ${await sign(body)}`],
      body.slice(0, 50),
    )
    await short.closed
    const waited = performance.now() - started
    expect(short.received()).toMatch(/^HTTP\/1\.1 408 /)
    expect(short.received()).toContain('body-timeout')
    // Closed after the quiet time, not after Node's 30 s request timeout.
    expect(waited).toBeGreaterThanOrEqual(250)
    expect(waited).toBeLessThan(15_000)
    const status = (await request(`${base}/status`)).json()
    expect(status.webhooks).toMatchObject({rejected: {'body-timeout': 1}})
  })

  it('refuses a declared length over the limit before reading (413)', async () => {
    const {base} = await start()
    const big = await rawPost(base, MB + 1, [
      `${SIGNATURE_HEADER_NAME}: t=${Date.now()},v1=${'A'.repeat(43)}`,
    ])
    await big.closed
    expect(big.received()).toMatch(/^HTTP\/1\.1 413 /)
  })
})

describe('stalled clients cannot take the server', () => {
  it('one address holds at most its share of uploads; the newest stay', async () => {
    const {base, stall} = await start()
    const stalls = await stall(10, ['127.0.0.2'])
    await waitFor(stalls.open, (open) => open === LIMITS.maxUploadsPerClient)
    expect(server.connectionStats()).toMatchObject({
      uploading: LIMITS.maxUploadsPerClient,
      evicted: {'client-uploads': 10 - LIMITS.maxUploadsPerClient},
    })
    expect((await postWebhook(base, '{"_id":"tumour-1"}')).status).toBe(202)
  })

  it('one address holds at most its share of connections; another still gets in', async () => {
    const {base, stall} = await start()
    const stalls = await stall(15, ['127.0.0.2'], {headersOnly: true})
    await waitFor(stalls.open, (open) => open === LIMITS.maxConnectionsPerClient)
    expect(server.connectionStats()).toMatchObject({
      open: LIMITS.maxConnectionsPerClient,
      evicted: {'client-connections': 15 - LIMITS.maxConnectionsPerClient, connections: 0},
    })
    expect((await postWebhook(base, '{"_id":"tumour-1"}')).status).toBe(202)
  })

  it('uploads stalled from many addresses: a valid webhook and /healthz still answer', async () => {
    const {base, stall} = await start()
    const stalls = await stall(40, loopbackAddresses(20))
    await waitFor(stalls.open, (open) => open === LIMITS.maxUploads)
    expect(server.connectionStats().uploading).toBe(LIMITS.maxUploads)

    expect((await request(`${base}/healthz`)).status).toBe(200)
    const webhook = await postWebhook(base, '{"_id":"tumour-1"}')
    expect(webhook.status).toBe(202)
    // The webhook took the place of the upload that had been quiet longest.
    expect(stalls.open()).toBe(LIMITS.maxUploads - 1)
    const status = (await request(`${base}/status`)).json()
    expect(status.webhooks).toMatchObject({accepted: 1})
    expect(status.connections).toMatchObject({
      evicted: {uploads: 40 - LIMITS.maxUploads + 1},
    })
  })

  it('connections stalled in their headers are capped too, and /healthz still answers', async () => {
    const {base, stall} = await start()
    const stalls = await stall(30, loopbackAddresses(30), {headersOnly: true})
    await waitFor(stalls.open, (open) => open === LIMITS.maxConnections)
    expect(server.connectionStats().open).toBe(LIMITS.maxConnections)
    expect((await request(`${base}/healthz`)).status).toBe(200)
    expect((await postWebhook(base, '{"_id":"tumour-1"}')).status).toBe(202)
    expect(server.connectionStats().open).toBeLessThanOrEqual(LIMITS.maxConnections)
  })

  it('stop() closes stalled uploads and stalled headers at once', async () => {
    // Only answers in progress may use the deadline; stalled clients must not wait for it.
    const {stall} = await start({stopDeadlineMs: 60_000})
    const uploads = await stall(5, loopbackAddresses(5))
    const headers = await stall(5, loopbackAddresses(5), {headersOnly: true})
    await waitFor(
      () => server.connectionStats(),
      (s) => s.uploading === 5 && s.open === 10,
    )
    // Resolves once every connection is closed (the test would time out waiting for 60 s).
    await server.stop()
    await waitFor(
      () => uploads.open() + headers.open(),
      (open) => open === 0,
    )
    expect(server.listening).toBe(false)
  })
})

describe('limits and client keys', () => {
  it('fits the connection cap under the open-file limit, and says so when asked for more', () => {
    expect(limitsFor(undefined)).toEqual(DEFAULT_LIMITS)
    expect(limitsFor(20_000).maxConnections).toBe(DEFAULT_LIMITS.maxConnections)
    // 200 descriptors: 64 kept for the process, 16 for Node's backstop above our cap.
    expect(limitsFor(200)).toMatchObject({maxConnections: 120, maxUploads: 32})
    expect(limitsFor(100)).toMatchObject({
      maxConnections: 20,
      maxUploads: 20,
      maxUploadsPerClient: 8,
    })
    expect(() => limitsFor(200, {maxConnections: 500})).toThrow(
      /maxConnections 500 does not fit the open-file limit 200: at most 120/,
    )
  })

  it('reads the open-file limit from /proc', () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'))
    cleanup.push(() => rmSync(dir, {recursive: true, force: true}))
    const file = join(dir, 'limits')
    writeFileSync(
      file,
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
        'Max open files            200                  200                  files     \n',
    )
    expect(openFileLimit(file)).toBe(200)
    expect(openFileLimit(join(dir, 'missing'))).toBeUndefined()
    if (process.platform === 'linux') expect(openFileLimit()).toBeGreaterThan(0)
  })

  it('counts an IPv6 client by its /64, and an IPv4-mapped one by its IPv4 address', () => {
    expect(clientKey('127.0.0.2')).toBe('127.0.0.2')
    expect(clientKey('::ffff:10.1.2.3')).toBe('10.1.2.3')
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientKey('::1')).toBe('0:0:0:0::/64')
    expect(clientKey(undefined)).toBe('unknown')
  })
})
