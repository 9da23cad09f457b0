import type {Server} from 'node:http'
import {afterEach, describe, expect, it} from 'vitest'
import {createExportScheduler, type ExportOutcome} from '../../pipeline/serve/exportScheduler.ts'
import {createWebhookServer} from '../../pipeline/serve/webhookServer.ts'
import {closeServer, gate, listen, postWebhook, request, SECRET, waitFor} from './support.ts'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function start(run: (signal: AbortSignal) => Promise<ExportOutcome>, debounceMs = 20) {
  const scheduler = createExportScheduler({debounceMs, run})
  const server: Server = createWebhookServer({secret: SECRET, scheduler})
  const base = await listen(server)
  cleanup.push(
    () => closeServer(server),
    () => scheduler.close(),
  )
  const status = async () => (await request(`${base}/status`)).json()
  return {scheduler, base, status}
}

describe('exportScheduler', () => {
  it('debounces: ten quick triggers give one export', async () => {
    let runs = 0
    const scheduler = createExportScheduler({
      debounceMs: 30,
      run: async () => {
        runs++
        return {ok: true}
      },
    })
    cleanup.push(() => scheduler.close())
    for (let i = 0; i < 10; i++) scheduler.trigger()
    expect(scheduler.status().state).toBe('scheduled')
    await scheduler.idle()
    expect(runs).toBe(1)
  })

  it('does not let a steady stream of triggers postpone the export forever', async () => {
    let runs = 0
    const scheduler = createExportScheduler({
      debounceMs: 50,
      maxWaitMs: 100,
      run: async () => {
        runs++
        return {ok: true}
      },
    })
    cleanup.push(() => scheduler.close())
    const until = Date.now() + 400
    while (Date.now() < until) {
      scheduler.trigger()
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(runs).toBeGreaterThanOrEqual(2)
  })

  it('a burst of 50 webhooks during a slow export leads to exactly one more export, after it', async () => {
    let dataVersion = 1
    const slow = gate()
    const events: string[] = []
    const seen: number[] = []
    const {scheduler, base, status} = await start(async () => {
      const n = seen.length + 1
      events.push(`start ${n}`)
      seen.push(dataVersion)
      if (n === 1) await slow.opened
      events.push(`end ${n}`)
      return {ok: true}
    })

    expect((await postWebhook(base, '{"n":0}')).status).toBe(202)
    await waitFor(status, (s) => s.state === 'running')
    dataVersion = 2
    const replies = await Promise.all(
      Array.from({length: 50}, (_, i) => postWebhook(base, JSON.stringify({n: i + 1}))),
    )
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(202))
    const during = await status()
    expect(during).toMatchObject({state: 'running', pending: true, exports: {started: 1}})

    slow.open()
    await waitFor(
      status,
      (s) => s.state === 'idle' && (s.exports as {started: number}).started >= 2,
    )
    await scheduler.idle()
    // Give a wrongly queued third run the chance to show itself.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2'])
    expect(seen).toEqual([1, 2])
    expect(await status()).toMatchObject({
      exports: {started: 2, succeeded: 2, failed: 0},
      webhooks: {accepted: 51},
    })
  })

  it('a failing export shows in /status; the server still answers 202 and runs the next one', async () => {
    const outcomes: (() => Promise<ExportOutcome>)[] = [
      async () => {
        throw new Error('Cannot read --source content/missing.ndjson: ENOENT.')
      },
      async () => ({ok: false, error: 'the source has malformed lines'}),
      async () => ({ok: true}),
    ]
    let calls = 0
    const {scheduler, base, status} = await start(async () => {
      const next = outcomes[calls++]
      if (!next) throw new Error('more exports than expected')
      return next()
    })

    expect((await postWebhook(base, '{"n":1}')).status).toBe(202)
    await scheduler.idle()
    const thrown = await status()
    expect(thrown).toMatchObject({
      state: 'idle',
      exports: {started: 1, succeeded: 0, failed: 1},
      lastExport: {ok: false, error: 'Cannot read --source content/missing.ndjson: ENOENT.'},
      lastSuccessAt: null,
    })
    expect(typeof (thrown.lastExport as {finishedAt: string}).finishedAt).toBe('string')

    expect((await postWebhook(base, '{"n":2}')).status).toBe(202)
    await scheduler.idle()
    expect(await status()).toMatchObject({
      exports: {failed: 2},
      lastExport: {ok: false, error: 'the source has malformed lines'},
    })

    expect((await request(`${base}/healthz`)).status).toBe(200)
    expect((await postWebhook(base, '{"n":3}')).status).toBe(202)
    await scheduler.idle()
    const recovered = await status()
    expect(recovered).toMatchObject({
      exports: {started: 3, succeeded: 1, failed: 2},
      lastExport: {ok: true},
    })
    expect(recovered.lastSuccessAt).toEqual(expect.any(String))
  })

  it('close() cancels a scheduled export and ignores later triggers', async () => {
    let runs = 0
    const scheduler = createExportScheduler({
      debounceMs: 50,
      run: async () => {
        runs++
        return {ok: true}
      },
    })
    scheduler.trigger()
    await scheduler.close()
    scheduler.trigger()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(runs).toBe(0)
    expect(scheduler.status().state).toBe('idle')
  })
})
