import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {createExportScheduler} from '../../pipeline/serve/exportScheduler.ts'
import {createReplayGuard} from '../../pipeline/serve/replayGuard.ts'
import {
  defaultReplayPath,
  openReplayStore,
  type ReplayEntry,
} from '../../pipeline/serve/replayStore.ts'
import {createWebhookServer} from '../../pipeline/serve/webhookServer.ts'
import {closeServer, listen, postWebhook, SECRET, sign} from './support.ts'

const WINDOW = 5 * 60_000
const NOW = Date.UTC(2026, 0, 1)
const sig = (n: number) => `sig${String(n).padStart(40, '0')}`

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'))
  cleanup.push(() => rmSync(dir, {recursive: true, force: true}))
  return dir
}
const write = (path: string, signatures: Record<string, number>) =>
  writeFileSync(path, JSON.stringify({version: 1, signatures}))

describe('the replay file', () => {
  it('lives next to the output folder', () => {
    expect(defaultReplayPath('/srv/site/content-export')).toBe(
      '/srv/site/.content-export.webhook-replays.json',
    )
    expect(defaultReplayPath('content-export')).toBe('.content-export.webhook-replays.json')
  })

  it('keeps only entries inside the window when it is read', () => {
    const path = join(tempDir(), 'replays.json')
    write(path, {
      [sig(1)]: NOW - WINDOW - 1,
      [sig(2)]: NOW - WINDOW,
      [sig(3)]: NOW - 1_000,
      [sig(4)]: NOW + WINDOW + 1,
    })
    const store = openReplayStore(path, WINDOW, NOW)
    expect(store.problem).toBeUndefined()
    expect(store.entries).toEqual([
      [sig(2), NOW - WINDOW],
      [sig(3), NOW - 1_000],
    ])
    // No file yet: the first start.
    const first = openReplayStore(join(tempDir(), 'none.json'), WINDOW, NOW)
    expect(first.entries).toEqual([])
    expect(first.problem).toBeUndefined()
  })

  it('names the file and the fault when it cannot be trusted', () => {
    const path = join(tempDir(), 'replays.json')
    const cases: [string, RegExp][] = [
      ['{"version": 1, "signatures": {', /is damaged: .*JSON/],
      ['{"version": 2, "signatures": {}}', /is damaged: it is not a version 1 replay file/],
      ['null', /is damaged: it is not a version 1 replay file/],
      [`{"version": 1, "signatures": {"${sig(1)}": "soon"}}`, /not a signature and a timestamp/],
      ['{"version": 1, "signatures": {"short": 1}}', /not a signature and a timestamp/],
    ]
    for (const [text, problem] of cases) {
      writeFileSync(path, text)
      const store = openReplayStore(path, WINDOW, NOW)
      expect(store.entries, text).toEqual([])
      expect(store.problem, text).toMatch(problem)
      expect(store.problem).toContain(path)
    }
  })

  it('is written whole, private, and with every entry remembered before the call', async () => {
    const dir = tempDir()
    const path = join(dir, 'replays.json')
    const store = openReplayStore(path, WINDOW, NOW)
    const live = new Map<string, number>()
    // 50 webhooks at once: writes are serialised and coalesced, and none is lost.
    await Promise.all(
      Array.from({length: 50}, (_, n) => {
        live.set(sig(n), NOW + n)
        return store.persist(() => live.entries())
      }),
    )
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['replays.json'])
    const reread = openReplayStore(path, WINDOW, NOW)
    expect(reread.entries).toHaveLength(50)
    expect(new Map(reread.entries)).toEqual(live)
  })

  it('a replay guard restored from it refuses the restored signatures', () => {
    const restored: ReplayEntry[] = [[sig(1), NOW - 1_000]]
    const guard = createReplayGuard({windowMs: WINDOW, entries: restored})
    expect(guard.remember(sig(1), NOW - 1_000, NOW)).toBe('replay')
    expect(guard.remember(sig(2), NOW - 1_000, NOW)).toBe('fresh')
    guard.forget(sig(2))
    expect(guard.remember(sig(2), NOW - 1_000, NOW)).toBe('fresh')
    // Without a trustworthy file: everything signed up to the start counts as seen.
    const blind = createReplayGuard({windowMs: WINDOW, notBefore: NOW})
    expect(blind.remember(sig(3), NOW, NOW + 10)).toBe('replay')
    expect(blind.remember(sig(4), NOW + 1, NOW + 10)).toBe('fresh')
  })
})

describe('the server and the replay file', () => {
  it('answers 503 while the file cannot be written, and accepts the same webhook once it can', async () => {
    const dir = join(tempDir(), 'not-yet')
    const path = join(dir, 'replays.json')
    const errors: string[] = []
    const scheduler = createExportScheduler({debounceMs: 10, run: async () => ({ok: true})})
    const server = createWebhookServer({
      secret: SECRET,
      scheduler,
      replayStore: openReplayStore(path, WINDOW, Date.now()),
      onError: (error) => errors.push(String(error)),
    })
    const base = await listen(server)
    cleanup.push(
      () => scheduler.close(),
      () => closeServer(server),
    )
    const body = JSON.stringify({_id: 'tumour-1'})
    const signature = await sign(body)
    const refused = await postWebhook(base, body, {signature})
    expect(refused.status).toBe(503)
    expect(refused.json().error).toBe('replay-store-failed')
    expect(refused.headers['retry-after']).toBe('30')
    expect(errors.join('\n')).toContain(`Cannot write the replay file ${path}: ENOENT`)
    expect(errors.join('\n')).not.toContain(SECRET)

    // Not recorded, so not remembered either: Sanity's retry goes through.
    mkdirSync(dir)
    expect((await postWebhook(base, body, {signature})).status).toBe(202)
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).signatures)).toHaveLength(1)
    expect((await postWebhook(base, body, {signature})).status).toBe(401)
  })
})
