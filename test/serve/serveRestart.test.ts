import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {loopbackAddresses, openStalledUploads} from '../../pipeline/bench/stalledUploads.ts'
import {killServes, ROOT, spawnServe, startServe} from './serveProcess.ts'
import {MB, postWebhook, request, SECRET, sign, waitFor} from './support.ts'

const cleanup: (() => void)[] = []
afterEach(() => {
  killServes()
  for (const step of cleanup.splice(0)) step()
})

/** A source and an output folder; exports start `debounceMs` after a webhook. */
function workDir(debounceMs = 20) {
  const dir = mkdtempSync(join(tmpdir(), 'serve-restart-'))
  cleanup.push(() => rmSync(dir, {recursive: true, force: true}))
  const source = join(dir, 'production.ndjson')
  copyFileSync(join(ROOT, 'content/production.ndjson'), source)
  const out = join(dir, 'out')
  return {dir, args: ['--source', source, '--out', out, '--debounce-ms', String(debounceMs)]}
}

const env = {SANITY_WEBHOOK_SECRET: SECRET}
type Status = Record<string, unknown> & {state: string; lastExport: {ok: boolean} | null}
const status = async (base: string) => (await request(`${base}/status`)).json() as Status
/** Waits until the export a webhook triggered has run. */
const exported = (base: string) =>
  waitFor(
    () => status(base),
    (s) => s.state === 'idle' && s.lastExport !== null,
    {timeoutMs: 60_000, intervalMs: 50},
  )

async function stall(base: string, count: number, addresses: number) {
  const stalls = await openStalledUploads({
    host: '127.0.0.1',
    port: Number(new URL(base).port),
    count,
    addresses: loopbackAddresses(addresses),
    declaredBytes: MB,
    sentBytes: 64 * 1024,
  })
  cleanup.push(() => stalls.destroyAll())
  return stalls
}

// Each test starts the real CLI (a few seconds each on a loaded machine), some twice.
describe('npm run serve across shutdown and restart', {timeout: 90_000}, () => {
  it('SIGTERM closes stalled uploads and exits 0 at once', async () => {
    const {args} = workDir(600_000)
    const run = await startServe(args, env)
    const stalls = await stall(run.base, 20, 10)
    // Answered after the stalls' requests: the server has taken them in.
    expect((await request(`${run.base}/healthz`)).status).toBe(200)
    expect(stalls.open()).toBe(20)
    const started = performance.now()
    run.child.kill('SIGTERM')
    expect(await run.exited, run.context()).toBe(0)
    // It used to wait out the 30 s grace and exit 1 (the time is measured in benchServeStall.ts).
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(stalls.open()).toBe(0)
    expect(run.stdout()).toMatch(/stopped in \d+ ms/)
  })

  it('a webhook accepted before a restart is refused after it', async () => {
    // No export runs: the replay record alone is under test, and it is written before the 202.
    const {dir, args} = workDir(600_000)
    const body = JSON.stringify({_id: 'tumour-1', _type: 'tumour'})
    const signature = await sign(body)
    const first = await startServe(args, env)
    expect((await postWebhook(first.base, body, {signature})).status).toBe(202)
    first.child.kill('SIGTERM')
    expect(await first.exited, first.context()).toBe(0)

    const second = await startServe(args, env)
    const replay = await postWebhook(second.base, body, {signature})
    expect(replay.status, second.context()).toBe(401)
    expect(replay.json().error).toBe('replay')
    expect(second.stdout()).toMatch(/1 signatures restored/)
    // A new webhook still goes through.
    expect((await postWebhook(second.base, body)).status).toBe(202)

    const file = join(dir, '.out.webhook-replays.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET)
  })

  it('a damaged replay file: says so, refuses every signature from before the start', async () => {
    const {dir, args} = workDir(600_000)
    const body = JSON.stringify({_id: 'tumour-1', _type: 'tumour'})
    const before = await sign(body, Date.now() - 1_000)
    writeFileSync(join(dir, '.out.webhook-replays.json'), '{"version": 1, "signatures": [')
    const run = await startServe(args, env)
    const old = await postWebhook(run.base, body, {signature: before})
    expect(old.status).toBe(401)
    expect(old.json().error).toBe('replay')
    expect(run.stdout()).toMatch(/warning: .*\.out\.webhook-replays\.json is damaged/)
    expect((await postWebhook(run.base, body)).status).toBe(202)
    // The accepted webhook rewrote the file whole.
    const file = JSON.parse(readFileSync(join(dir, '.out.webhook-replays.json'), 'utf8'))
    expect(Object.keys(file.signatures)).toHaveLength(1)
  })

  const prlimit = spawnSync('prlimit', ['--version']).status === 0
  it.skipIf(!prlimit)(
    'under 200 file descriptors, 260 stalled uploads leave webhooks, /healthz and the export working',
    async () => {
      const {args} = workDir()
      const run = await startServe(args, env, ['prlimit', '--nofile=200'])
      await stall(run.base, 260, 26)
      expect((await request(`${run.base}/healthz`)).status).toBe(200)
      const webhook = await postWebhook(run.base, JSON.stringify({_id: 'tumour-1'}))
      expect(webhook.status, run.context()).toBe(202)
      expect((await exported(run.base)).lastExport, run.context()).toMatchObject({ok: true})
      expect(run.stdout()).toMatch(/limits: 120 connections/)
      run.child.kill('SIGTERM')
      expect(await run.exited).toBe(0)

      // Asking for more connections than the descriptors allow is a configuration error.
      const tooMany = spawnServe(['--port', '0', '--max-connections', '500', ...args], env, [
        'prlimit',
        '--nofile=200',
      ])
      expect(await tooMany.exited).toBe(2)
      expect(tooMany.stderr()).toMatch(
        /maxConnections 500 does not fit the open-file limit 200: at most 120/,
      )
    },
  )
})
