import {afterAll, beforeAll, expect, it} from 'vitest'
import {WebSocket} from 'ws'
import {type ContentLake, startContentLake} from '../support/contentLake/server.ts'
import {testCertificate} from '../support/contentLake/tls.ts'

let lake: ContentLake

beforeAll(async () => {
  lake = await startContentLake({ndjson: null})
})
afterAll(() => lake.close())

/** A socket as the Studio's bifur client opens it, with a JSON-RPC `call` and what it received. */
async function socket() {
  const url = `${lake.apiHost.replace('https', 'wss')}/v2022-06-30/socket/production?tag=test`
  const ws = new WebSocket(url, {ca: testCertificate.cert})
  const received: {id?: string; result?: unknown; error?: {code: number}; params?: unknown}[] = []
  ws.on('message', (data) => received.push(JSON.parse(data.toString())))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let next = 0
  const call = async (method: string, params: Record<string, unknown> = {}) => {
    const id = `r${++next}`
    ws.send(JSON.stringify({jsonrpc: '2.0', method, params: {...params, apiVersion: 'v1'}, id}))
    await expect.poll(() => received.find((message) => message.id === id)).toBeDefined()
    return received.find((message) => message.id === id)
  }
  return {ws, call, received}
}

it('relays one user’s presence to the other users’ sockets, with the user id', async () => {
  const writer = await socket()
  const reviewer = await socket()
  expect(
    await writer.call('authorization', {authorization: `Bearer ${lake.tokenFor('writer')}`}),
  ).toMatchObject({result: true})
  await reviewer.call('authorization', {authorization: `Bearer ${lake.tokenFor('reviewer')}`})
  const subscription = (await reviewer.call('presence_subscribe'))?.result
  await writer.call('presence_subscribe')
  const locations = [{type: 'document', documentId: 'tumour-melanoma', path: ['summary']}]
  await writer.call('presence_announce', {data: {sessionId: 's-writer', locations}})
  await expect
    .poll(() => reviewer.received.filter((message) => message.params))
    .toEqual([
      {
        jsonrpc: '2.0',
        method: 'presence_subscription',
        params: {
          subscription,
          result: {
            type: 'state',
            i: lake.users.userFor('writer').id,
            m: {sessionId: 's-writer', locations},
          },
        },
      },
    ])
  expect(writer.received.filter((message) => message.params)).toEqual([])
  writer.ws.close()
  reviewer.ws.close()
})

it('refuses presence before authorization, and a token nobody holds', async () => {
  const stranger = await socket()
  expect(await stranger.call('presence_subscribe')).toMatchObject({error: {code: 4001}})
  expect(await stranger.call('authorization', {authorization: 'Bearer sk-forged'})).toMatchObject({
    error: {code: 4001},
  })
  expect(await stranger.call('presence_announce', {data: {}})).toMatchObject({error: {code: 4001}})
  stranger.ws.close()
  expect(lake.unrecognised).toEqual([])
})
