import {Agent, type Server} from 'node:http'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import {afterAll, beforeAll, expect, it} from 'vitest'
import {createExportScheduler, type ExportScheduler} from '../../pipeline/serve/exportScheduler.ts'
import {createWebhookServer} from '../../pipeline/serve/webhookServer.ts'
import {closeServer, listen, MB, type Reply, request, SECRET, sign} from './support.ts'

const ROUNDS = 20
const PER_ROUND = 100
const CONCURRENCY = 20
const ROUND_STEP_MS = 30_000
const OVERALL_TIMEOUT_MS = 15_000

/** A forced GC when this process can have one: --expose-gc, or switched on at runtime. */
function forcedGc(): (() => void) | undefined {
  const existing = (globalThis as {gc?: () => void}).gc
  if (existing) return existing
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}

let server: Server
let base: string
let scheduler: ExportScheduler
let clock = Date.now()
let exportsRun = 0
const agent = new Agent({keepAlive: true, maxSockets: CONCURRENCY})

beforeAll(async () => {
  scheduler = createExportScheduler({
    debounceMs: 5,
    run: async () => {
      exportsRun++
      return {ok: true}
    },
  })
  server = createWebhookServer({secret: SECRET, scheduler, now: () => clock})
  base = await listen(server)
})
afterAll(async () => {
  agent.destroy()
  await scheduler.close()
  await closeServer(server)
})

type Kind =
  | 'valid'
  | 'replay'
  | 'wrong-secret'
  | 'missing-signature'
  | 'garbled'
  | 'stale'
  | 'future'
  | 'malformed-json'
  | 'wrong-type'
  | 'oversized-declared'
  | 'oversized-chunked'
  | 'wrong-method'
  | 'not-found'

const EXPECTED: Record<Kind, number> = {
  valid: 202,
  replay: 401,
  'wrong-secret': 401,
  'missing-signature': 401,
  garbled: 401,
  stale: 401,
  future: 401,
  'malformed-json': 400,
  'wrong-type': 415,
  'oversized-declared': 413,
  'oversized-chunked': 413,
  'wrong-method': 405,
  'not-found': 404,
}

// Per round: 1 seed (valid, sent first), then 99 of these in a fixed mix.
const MIX: Kind[] = [
  ...Array<Kind>(45).fill('valid'),
  ...Array<Kind>(6).fill('replay'),
  ...Array<Kind>(6).fill('wrong-secret'),
  ...Array<Kind>(6).fill('missing-signature'),
  ...Array<Kind>(6).fill('garbled'),
  ...Array<Kind>(5).fill('stale'),
  ...Array<Kind>(5).fill('future'),
  ...Array<Kind>(5).fill('malformed-json'),
  ...Array<Kind>(5).fill('wrong-type'),
  ...Array<Kind>(3).fill('oversized-declared'),
  ...Array<Kind>(3).fill('oversized-chunked'),
  ...Array<Kind>(2).fill('wrong-method'),
  ...Array<Kind>(2).fill('not-found'),
]

const oversized = Buffer.alloc(MB + 1, 'a')

async function send(kind: Kind, n: number, seed: {body: string; signature: string}) {
  const url = `${base}/webhooks/sanity`
  const body = JSON.stringify({_id: `doc-${n}`, _type: 'tumour', n})
  const json = {'content-type': 'application/json'}
  const signed = async (text: string, timestamp = clock, secret = SECRET) => ({
    ...json,
    [SIGNATURE_HEADER_NAME]: await sign(text, timestamp, secret),
  })
  switch (kind) {
    case 'valid':
      return request(url, {agent, body, headers: await signed(body)})
    case 'replay':
      return request(url, {
        agent,
        body: seed.body,
        headers: {...json, [SIGNATURE_HEADER_NAME]: seed.signature},
      })
    case 'wrong-secret':
      return request(url, {agent, body, headers: await signed(body, clock, 'wrong')})
    case 'missing-signature':
      return request(url, {agent, body, headers: json})
    case 'garbled':
      return request(url, {agent, body, headers: {...json, [SIGNATURE_HEADER_NAME]: 'v1=x,t=1'}})
    case 'stale':
      return request(url, {agent, body, headers: await signed(body, clock - 6 * 60_000)})
    case 'future':
      return request(url, {agent, body, headers: await signed(body, clock + 6 * 60_000)})
    case 'malformed-json':
      return request(url, {agent, body: `${body}}`, headers: await signed(`${body}}`)})
    case 'wrong-type':
      return request(url, {
        agent,
        body,
        headers: {...(await signed(body)), 'content-type': 'text/plain'},
      })
    case 'oversized-declared':
      return request(url, {agent, body: oversized, headers: await signed('x')})
    case 'oversized-chunked':
      return request(url, {agent, body: oversized, chunked: true, headers: await signed('x')})
    case 'wrong-method':
      return request(url, {agent, method: 'PUT', body, headers: json})
    case 'not-found':
      return request(`${base}/webhooks/other`, {agent, body, headers: json})
  }
}

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = []
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await (tasks[index] as () => Promise<T>)()
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, tasks.length)}, worker))
  return results
}

it('2,000 mixed requests leave the server responsive and its memory flat', async () => {
  const gc = forcedGc()
  const tally = new Map<string, number>()
  const heap: number[] = []
  const replaySizes: number[] = []
  let handled = 0
  let valid = 0

  const runAll = async () => {
    for (let round = 0; round < ROUNDS; round++) {
      clock += ROUND_STEP_MS
      const seedBody = JSON.stringify({_id: `seed-${round}`, _type: 'tumour'})
      const seed = {body: seedBody, signature: await sign(seedBody, clock)}
      const seedReply = await request(`${base}/webhooks/sanity`, {
        agent,
        body: seed.body,
        headers: {'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: seed.signature},
      })
      expect(seedReply.status).toBe(202)
      handled++
      valid++
      const kinds = MIX.map((kind, i) => ({kind, n: round * PER_ROUND + i}))
      const replies = await pool<[Kind, Reply]>(
        kinds.map(({kind, n}) => async () => [kind, await send(kind, n, seed)]),
        CONCURRENCY,
      )
      for (const [kind, reply] of replies) {
        expect(reply.status, kind).toBe(EXPECTED[kind])
        tally.set(kind, (tally.get(kind) ?? 0) + 1)
        if (kind === 'valid') valid++
        handled++
      }
      const status = (await request(`${base}/status`, {agent})).json()
      replaySizes.push((status.replayCache as {size: number}).size)
      if (round === 4 || round === ROUNDS - 1) {
        gc?.()
        heap.push(process.memoryUsage().heapUsed)
      }
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([
    runAll(),
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('load test exceeded its time budget')),
        OVERALL_TIMEOUT_MS,
      )
    }),
  ])
  clearTimeout(timer)

  expect(handled).toBe(ROUNDS * PER_ROUND)
  expect((await request(`${base}/healthz`)).json()).toEqual({ok: true})
  await scheduler.idle()
  const status = (await request(`${base}/status`)).json()
  const webhooks = status.webhooks as {accepted: number; rejectedTotal: number}
  expect(webhooks.accepted).toBe(valid)
  // 404 is not a webhook, so it is not counted among the rejected webhooks.
  expect(webhooks.rejectedTotal).toBe(handled - valid - (tally.get('not-found') ?? 0))

  // The replay set holds the verified signatures (accepted, and malformed JSON that was
  // signed) of the last five minutes: the current round and the ten before it.
  const perRound = 1 + MIX.filter((k) => k === 'valid' || k === 'malformed-json').length
  expect(Math.max(...replaySizes)).toBeLessThanOrEqual(11 * perRound)
  expect(replaySizes.at(-1)).toBeLessThan(valid)
  // Debounced: far fewer exports than accepted webhooks.
  expect(exportsRun).toBeGreaterThan(0)
  expect(exportsRun).toBeLessThan(valid)

  const [before = 0, after = 0] = heap
  const growthMb = (after - before) / MB
  expect(growthMb).toBeLessThan(gc ? 10 : 50)
  console.info(
    `load: ${handled} requests (${valid} accepted), ${exportsRun} exports, replay set ` +
      `max ${Math.max(...replaySizes)}, heap growth ${growthMb.toFixed(1)} MB ` +
      `(${gc ? 'after forced GC' : 'no GC available'}); ${JSON.stringify(Object.fromEntries(tally))}`,
  )
})
