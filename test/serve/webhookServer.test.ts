import {request as httpRequest, type Server} from 'node:http'
import {SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {createExportScheduler, type ExportScheduler} from '../../pipeline/serve/exportScheduler.ts'
import {createWebhookServer, type RequestLogEntry} from '../../pipeline/serve/webhookServer.ts'
import {closeServer, listen, MB, postWebhook, request, SECRET, sign, waitFor} from './support.ts'

let server: Server
let base: string
let scheduler: ExportScheduler
let runs: number
let logged: RequestLogEntry[]

beforeEach(async () => {
  runs = 0
  logged = []
  scheduler = createExportScheduler({
    debounceMs: 10,
    run: async () => {
      runs++
      return {ok: true}
    },
  })
  server = createWebhookServer({secret: SECRET, scheduler, onRequest: (e) => logged.push(e)})
  base = await listen(server)
})
afterEach(async () => {
  await scheduler.close()
  await closeServer(server)
})

const payload = (n = 1) =>
  JSON.stringify({_id: `tumour-${n}`, _type: 'tumour', operation: 'update'})
const webhookUrl = () => `${base}/webhooks/sanity`
const status = async () => (await request(`${base}/status`)).json()

describe('POST /webhooks/sanity', () => {
  it('accepts a valid signed webhook with 202 and schedules an export', async () => {
    const reply = await postWebhook(base, payload())
    expect(reply.status).toBe(202)
    expect(reply.json()).toMatchObject({ok: true})
    await scheduler.idle()
    expect(runs).toBe(1)
    expect(logged.at(-1)).toMatchObject({
      method: 'POST',
      path: '/webhooks/sanity',
      status: 202,
      reason: 'accepted',
    })
  })

  it('refuses missing, garbled and wrong-secret signatures with 401', async () => {
    const body = payload()
    const post = (signature?: string) =>
      request(webhookUrl(), {
        body,
        headers: {
          'content-type': 'application/json',
          ...(signature !== undefined && {[SIGNATURE_HEADER_NAME]: signature}),
        },
      })
    const cases = {
      'missing-signature': await post(),
      'malformed-signature': await post('t=abc,v1=???,extra'),
      'invalid-signature': await post(await sign(body, Date.now(), 'not-the-secret')),
    }
    for (const [reason, reply] of Object.entries(cases)) {
      expect(reply.status, reason).toBe(401)
      expect(reply.json().error).toBe(reason)
    }
    // Signed for another body: the HMAC covers the raw bytes.
    const other = await postWebhook(base, payload(), {signature: await sign(payload(2))})
    expect(other.status).toBe(401)
    expect(other.json().error).toBe('invalid-signature')
    await scheduler.idle()
    expect(runs).toBe(0)
  })

  it('refuses stale (6 minutes old) and future timestamps with 401 and their own reason', async () => {
    const stale = await postWebhook(base, payload(), {timestamp: Date.now() - 6 * 60_000})
    expect(stale.status).toBe(401)
    expect(stale.json().error).toBe('stale-timestamp')
    const future = await postWebhook(base, payload(), {timestamp: Date.now() + 6 * 60_000})
    expect(future.status).toBe(401)
    expect(future.json().error).toBe('future-timestamp')
    expect(stale.json().message).not.toBe(future.json().message)
    const recent = await postWebhook(base, payload(), {timestamp: Date.now() - 4 * 60_000})
    expect(recent.status).toBe(202)
  })

  it('accepts a signature once: the identical request replayed gets 401', async () => {
    const body = payload()
    const signature = await sign(body)
    expect((await postWebhook(base, body, {signature})).status).toBe(202)
    const replay = await postWebhook(base, body, {signature})
    expect(replay.status).toBe(401)
    expect(replay.json().error).toBe('replay')
    // The same signature written differently is still the same signature.
    const respaced = await postWebhook(base, body, {signature: signature.replace(',', ', ')})
    expect(respaced.json().error).toBe('replay')
    const s = await status()
    expect(s.webhooks).toMatchObject({accepted: 1, rejected: {replay: 2}})
  })

  it('answers 413 past 1 MB, by content-length and while streaming a chunked body', async () => {
    const big = Buffer.alloc(MB + 1, 'a')
    const headers = async () => ({
      'content-type': 'application/json',
      [SIGNATURE_HEADER_NAME]: await sign('x'),
    })
    const declared = await request(webhookUrl(), {body: big, headers: await headers()})
    expect(declared.status).toBe(413)
    const chunked = await request(webhookUrl(), {
      body: big,
      chunked: true,
      headers: await headers(),
    })
    expect(chunked.status).toBe(413)
    expect(chunked.json().error).toBe('body-too-large')
    // A 20 MB stream is cut off too: the answer does not wait for the rest.
    const huge = await request(webhookUrl(), {
      body: Buffer.alloc(20 * MB, 'a'),
      chunked: true,
      headers: await headers(),
    })
    expect(huge.status).toBe(413)
    // Exactly 1 MB of valid JSON is within the limit.
    const limit = JSON.stringify({pad: 'a'.repeat(MB - 10)})
    expect(Buffer.byteLength(limit)).toBe(MB)
    expect((await postWebhook(base, limit)).status).toBe(202)
    expect((await request(`${base}/healthz`)).status).toBe(200)
  })

  it('requires content-type application/json (415)', async () => {
    const body = payload()
    const post = async (contentType?: string) =>
      request(webhookUrl(), {
        body,
        headers: {
          ...(contentType && {'content-type': contentType}),
          [SIGNATURE_HEADER_NAME]: await sign(body),
        },
      })
    expect((await post('text/plain')).status).toBe(415)
    expect((await post()).status).toBe(415)
    expect((await post('application/json; charset=latin1')).status).toBe(415)
    expect((await post('application/json; charset=utf-8')).status).toBe(202)
  })

  it('answers 400 to malformed JSON with a valid signature', async () => {
    const reply = await postWebhook(base, '{"_id": "tumour-1",')
    expect(reply.status).toBe(400)
    expect(reply.json().error).toBe('malformed-json')
    await scheduler.idle()
    expect(runs).toBe(0)
  })

  it('refuses two signature headers, and counts a client that hangs up mid-body', async () => {
    const body = payload()
    const twice = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(webhookUrl(), {
        method: 'POST',
        agent: false,
        // Raw header pairs (so Host is ours to send): node joins the duplicates into "a, b".
        headers: [
          'host',
          new URL(base).host,
          'content-type',
          'application/json',
          'content-length',
          String(Buffer.byteLength(body)),
          SIGNATURE_HEADER_NAME,
          `t=${Date.now()},v1=${'A'.repeat(43)}`,
          SIGNATURE_HEADER_NAME,
          `t=${Date.now()},v1=${'B'.repeat(43)}`,
        ],
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end(body)
    })
    expect(twice).toBe(401)

    const partial = httpRequest(webhookUrl(), {
      method: 'POST',
      agent: false,
      headers: {'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: await sign(body)},
    })
    partial.on('error', () => {})
    partial.write('{"_id": "tumour-')
    await new Promise((resolve) => setTimeout(resolve, 50))
    partial.destroy()
    const s = await waitFor(
      status,
      (x) => (x.webhooks as {rejected: Record<string, number>}).rejected['client-aborted'] === 1,
    )
    expect(s.webhooks).toMatchObject({accepted: 0, rejected: {'malformed-signature': 1}})
    expect(logged.map((e) => `${e.status} ${e.reason}`)).toContain('499 client-aborted')
  })

  it('answers 405 to wrong methods and 404 to unknown paths', async () => {
    const get = await request(webhookUrl())
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
    const postHealth = await request(`${base}/healthz`, {method: 'POST', body: '{}'})
    expect(postHealth.status).toBe(405)
    expect((await request(`${base}/nope`)).status).toBe(404)
    expect((await request(`${base}/webhooks/sanity/extra`, {method: 'POST'})).status).toBe(404)
  })
})

describe('GET /healthz and /status', () => {
  it('reports health, state, counts and rejections, and never the secret', async () => {
    const health = await request(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect(health.json()).toEqual({ok: true})

    await postWebhook(base, payload())
    await request(webhookUrl(), {body: payload(), headers: {'content-type': 'application/json'}})
    await scheduler.idle()
    const reply = await request(`${base}/status`)
    expect(reply.status).toBe(200)
    const s = reply.json()
    expect(s).toMatchObject({
      state: 'idle',
      exports: {started: 1, succeeded: 1, failed: 0},
      lastExport: {ok: true},
      webhooks: {accepted: 1, rejectedTotal: 1, rejected: {'missing-signature': 1}},
    })
    expect(reply.text).not.toContain(SECRET)
    expect(reply.text.toLowerCase()).not.toMatch(/secret|token|env/)
    // The log carries method, path, status and reason: no body, no headers.
    expect(JSON.stringify(logged)).not.toContain('tumour-1')
    expect(JSON.stringify(logged)).not.toContain('v1=')
  })
})
