import {copyFileSync, existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {snapshot} from '../support/exportHarness.ts'
import {killServes, ROOT, spawnServe, startServe} from './serveProcess.ts'
import {postWebhook, request, SECRET, waitFor} from './support.ts'

const BODY_MARKER = 'body-marker-3b1f'

const temps: string[] = []
afterEach(() => {
  killServes()
  for (const dir of temps.splice(0)) rmSync(dir, {recursive: true, force: true})
})

describe('npm run serve', () => {
  it('refuses to start without SANITY_WEBHOOK_SECRET (exit 2, clear message)', async () => {
    const run = spawnServe(['--port', '0'], {})
    expect(await run.exited).toBe(2)
    expect(run.stderr()).toMatch(/SANITY_WEBHOOK_SECRET is not set/)
    const blank = spawnServe(['--port', '0'], {SANITY_WEBHOOK_SECRET: '  '})
    expect(await blank.exited).toBe(2)
  })

  it('exports on a webhook; a failed export leaves the previous output intact and shows in /status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-it-'))
    temps.push(dir)
    const source = join(dir, 'production.ndjson')
    const out = join(dir, 'out')
    copyFileSync(join(ROOT, 'content/production.ndjson'), source)

    const run = await startServe(['--source', source, '--out', out, '--debounce-ms', '50'], {
      SANITY_WEBHOOK_SECRET: SECRET,
    })
    const base = run.base
    const status = async () => (await request(`${base}/status`)).json()
    const exportsOf = (s: Record<string, unknown>) =>
      s.exports as {started: number; succeeded: number; failed: number}
    const settled = (n: number) => (s: Record<string, unknown>) =>
      s.state === 'idle' && exportsOf(s).succeeded + exportsOf(s).failed >= n
    // Other stages change under this test: say what the server saw when an expectation fails.
    const context = run.context
    const webhook = (n: number) =>
      postWebhook(base, JSON.stringify({_id: `tumour-${n}`, note: BODY_MARKER}))

    // 1. A webhook writes the export.
    expect((await webhook(1)).status).toBe(202)
    const first = await waitFor(status, settled(1), {timeoutMs: 15_000, intervalMs: 50})
    expect(first.lastExport, context()).toMatchObject({ok: true})
    const counts = (first.lastExport as {counts: Record<string, unknown>}).counts
    expect(counts.documentsRead).toBeGreaterThan(0)
    expect((counts.files as {written: number}).written).toBeGreaterThan(0)
    expect(existsSync(join(out, 'manifest.json'))).toBe(true)
    expect(existsSync(join(out, 'json/tumours.json'))).toBe(true)
    const before = await snapshot(out)

    // 2. A malformed source: runExport reports `aborted`, nothing is written.
    writeFileSync(source, '{"_id": "tumour-broken", "_type": "tumour",\nnot json at all\n')
    expect((await webhook(2)).status).toBe(202)
    const second = await waitFor(status, settled(2), {timeoutMs: 15_000, intervalMs: 50})
    expect(second, context()).toMatchObject({
      exports: {succeeded: 1, failed: 1},
      lastExport: {ok: false, error: 'the source has malformed lines'},
    })
    expect(await snapshot(out), context()).toEqual(before)

    // 3. A missing source: runExport throws SourceError; the server stays up.
    unlinkSync(source)
    expect((await webhook(3)).status).toBe(202)
    const third = await waitFor(status, settled(3), {timeoutMs: 15_000, intervalMs: 50})
    expect(third, context()).toMatchObject({
      exports: {succeeded: 1, failed: 2},
      lastExport: {ok: false},
    })
    expect((third.lastExport as {error: string}).error).toMatch(/Cannot read --source .*ENOENT/)
    expect(await snapshot(out), context()).toEqual(before)
    expect((await request(`${base}/healthz`)).status).toBe(200)
    expect(JSON.stringify(third)).not.toContain(SECRET)

    // Graceful shutdown; the log has one line per request and neither bodies nor secrets.
    run.child.kill('SIGTERM')
    expect(await run.exited, context()).toBe(0)
    const log = run.stdout()
    expect(log).toMatch(/POST \/webhooks\/sanity 202 accepted/)
    expect(log).toMatch(/export FAILED .*malformed lines/)
    expect(log).toMatch(/SIGTERM: shutting down/)
    expect(log + run.stderr()).not.toContain(SECRET)
    expect(log + run.stderr()).not.toContain(BODY_MARKER)
    expect(log).not.toContain('v1=')
  })
})
