import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {inspect} from 'node:util'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import {
  type LiveSourceConfig,
  LiveSourceError,
  streamLiveExport,
} from '../../pipeline/load/liveExport.ts'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {describeSource, openSource, parseSourceArgument} from '../../pipeline/load/openSource.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {type FakeContentLake, startFakeContentLake} from '../support/fakeContentLake.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DATASET_FILE = join(ROOT, 'content/production.ndjson')
const TOKEN = 'sk-secret-TOKEN-123'
const PROJECT = 'testproj1'
const DATASET = 'production'
const WHERE = `${PROJECT}/${DATASET}`
const API_PATH = `/v2025-02-19/data/export/${DATASET}`

/** Legitimate documents holding a nested object whose first key is "error". */
const EDGE_DATASET = 'edge'
const EDGE_DOCS = [
  {_id: 'note-1', _type: 'note', title: 'First'},
  {_id: 'note-2', _type: 'note', check: {error: 'none', ok: true}, title: 'Second'},
  {_id: 'note-3', _type: 'note', title: 'Third'},
]
const EDGE_NDJSON = EDGE_DOCS.map((d) => `${JSON.stringify(d)}\n`).join('')

let lake: FakeContentLake
let fixture: Buffer
let fixtureDocs: SanityDoc[]
let fixtureTypes: Set<string>

beforeAll(async () => {
  fixture = readFileSync(DATASET_FILE)
  fixtureDocs = fixture
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SanityDoc)
  fixtureTypes = new Set(fixtureDocs.map((d) => d._type))
  lake = await startFakeContentLake({[DATASET]: fixture, [EDGE_DATASET]: EDGE_NDJSON})
})
afterAll(() => lake.close())
beforeEach(() => lake.reset())

const config = (change: Partial<LiveSourceConfig> = {}): LiveSourceConfig => ({
  projectId: PROJECT,
  dataset: DATASET,
  token: TOKEN,
  apiVersion: '2025-02-19',
  apiHost: lake.url,
  idleTimeoutMs: 300,
  maxRetryDelayMs: 5,
  ...change,
})

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = []
  for await (const chunk of source) chunks.push(chunk)
  return chunks
}

/** Awaits a failure that must be a LiveSourceError free of any secret; returns it. */
async function liveFailure(
  promise: Promise<unknown>,
  secrets: string[] = [TOKEN],
): Promise<LiveSourceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the live source to fail, but it succeeded')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(LiveSourceError)
  const live = error as LiveSourceError
  for (const secret of secrets) {
    expect(live.message).not.toContain(secret)
    expect(String(live.stack)).not.toContain(secret)
    expect(inspect(live, {depth: 10})).not.toContain(secret)
  }
  return live
}

const exportRequests = () => lake.requests.filter((r) => r.path === API_PATH)

describe('streamLiveExport against a local Content Lake', () => {
  it('streams the whole export, in several chunks, byte for byte', async () => {
    lake.behave({chunks: 8})
    const chunks = await collect(streamLiveExport(config()))
    expect(chunks.length).toBeGreaterThan(1)
    expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
    expect(lake.requests).toHaveLength(1)
  })

  it('asks the API host itself (useCdn: false), with the token only in the Authorization header', async () => {
    await collect(streamLiveExport(config()))
    const [request] = lake.requests
    expect(request?.method).toBe('GET')
    expect(request?.path).toBe(API_PATH)
    expect(request?.headers.host).toBe(new URL(lake.url).host)
    expect(request?.headers.host).not.toMatch(/apicdn|sanity\.io/)
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(request?.headers.accept).toBe('application/x-ndjson')
    expect(request?.path).not.toContain(TOKEN)
  })

  it('loads the same documents as the fixture through openSource + loadDataset', async () => {
    lake.behave({chunks: 13})
    const spec = parseSourceArgument('sanity', {
      SANITY_PROJECT_ID: PROJECT,
      SANITY_DATASET: DATASET,
      SANITY_API_READ_TOKEN: TOKEN,
      SANITY_API_HOST: lake.url,
    })
    expect(spec.kind).toBe('live')
    expect(describeSource(spec)).toBe(`sanity:${WHERE}`)
    const loaded = await loadDataset(await openSource(spec), fixtureTypes)
    expect(loaded.fatal).toEqual([])
    expect(loaded.issues).toEqual([])
    expect(loaded.documents).toEqual(fixtureDocs)
  })

  describe('authentication', () => {
    it('succeeds with the right token', async () => {
      lake.behave({token: TOKEN})
      const chunks = await collect(streamLiveExport(config()))
      expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
    })

    it('fails clearly without a token, and sends no Authorization header', async () => {
      lake.behave({token: TOKEN})
      const error = await liveFailure(collect(streamLiveExport(config({token: undefined}))))
      expect(error.message).toContain('HTTP 401')
      expect(error.message).toContain(WHERE)
      expect(error.message).toContain('Session not found')
      expect(error.message).toContain('SANITY_API_READ_TOKEN')
      expect(lake.requests).toHaveLength(1) // 401 is not retried
      expect(lake.requests[0]?.headers.authorization).toBeUndefined()
    })

    it('fails clearly with a wrong token, and names neither token', async () => {
      lake.behave({token: TOKEN})
      const wrong = 'sk-wrong-TOKEN-456'
      const error = await liveFailure(collect(streamLiveExport(config({token: wrong}))), [
        TOKEN,
        wrong,
      ])
      expect(error.message).toContain('HTTP 401')
      expect(error.message).toContain('SANITY_API_READ_TOKEN')
      expect(lake.requests).toHaveLength(1)
    })
  })

  it('fails clearly for an unknown dataset (404), without retrying', async () => {
    const error = await liveFailure(collect(streamLiveExport(config({dataset: 'staging'}))))
    expect(error.message).toContain('HTTP 404')
    expect(error.message).toContain(`${PROJECT}/staging`)
    expect(error.message).toContain('Dataset "staging" not found')
    expect(error.message).toContain('SANITY_DATASET')
    expect(lake.requests).toHaveLength(1)
    expect(lake.requests[0]?.path).toBe('/v2025-02-19/data/export/staging')
  })

  describe('retries before the first byte', () => {
    it('retries 429 (Retry-After) and then streams the export', async () => {
      lake.behave({failFirst: {count: 2, status: 429}})
      const chunks = await collect(streamLiveExport(config()))
      expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
      expect(exportRequests()).toHaveLength(3)
    })

    it('waits as long as Retry-After asks (up to maxRetryDelayMs)', async () => {
      lake.behave({failFirst: {count: 1, status: 429}})
      const started = performance.now()
      await collect(streamLiveExport(config({maxRetryDelayMs: 5_000})))
      const elapsed = performance.now() - started
      expect(elapsed).toBeGreaterThanOrEqual(950)
      expect(elapsed).toBeLessThan(2_500)
      expect(exportRequests()).toHaveLength(2)
    })

    it('gives up on 429 after maxAttempts with a clear error', async () => {
      lake.behave({failFirst: {count: 100, status: 429}})
      const error = await liveFailure(collect(streamLiveExport(config({maxAttempts: 3}))))
      expect(error.message).toContain('HTTP 429')
      expect(error.message).toContain(WHERE)
      expect(error.message).toContain('rate-limiting')
      expect(exportRequests()).toHaveLength(3)
    })

    it('retries 500 and then streams the export', async () => {
      lake.behave({failFirst: {count: 1, status: 500}})
      const chunks = await collect(streamLiveExport(config()))
      expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
      expect(exportRequests()).toHaveLength(2)
    })

    it('gives up on 500 after the default 4 attempts with a clear error', async () => {
      lake.behave({failFirst: {count: 100, status: 500}})
      const error = await liveFailure(collect(streamLiveExport(config())))
      expect(error.message).toContain('HTTP 500')
      expect(error.message).toContain(WHERE)
      expect(error.message).toContain('An internal server error occurred')
      expect(exportRequests()).toHaveLength(4)
    })

    it('retries a connection reset before any response byte', async () => {
      lake.behave({resetFirst: 2})
      const chunks = await collect(streamLiveExport(config()))
      expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
      expect(lake.requests).toHaveLength(3)
    })

    it('gives up when every connection is reset', async () => {
      lake.behave({resetFirst: 100})
      const error = await liveFailure(collect(streamLiveExport(config({maxAttempts: 2}))))
      expect(error.message).toContain(`Cannot reach the Sanity export API for ${WHERE}`)
      expect(lake.requests).toHaveLength(2)
    })

    it('names the project when nothing listens on the API host', async () => {
      const port = await freePort()
      const error = await liveFailure(
        collect(streamLiveExport(config({apiHost: `http://127.0.0.1:${port}`, maxAttempts: 2}))),
      )
      expect(error.message).toContain(`Cannot reach the Sanity export API for ${WHERE}`)
      expect(error.message).toContain('ECONNREFUSED')
      expect(error.message).toContain('SANITY_PROJECT_ID')
    })
  })

  describe('slow first byte', () => {
    it('waits for a first byte that comes within idleTimeoutMs', async () => {
      lake.behave({slowFirstByte: {ms: 120, count: 1}})
      const chunks = await collect(streamLiveExport(config({idleTimeoutMs: 600})))
      expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
      expect(lake.requests).toHaveLength(1)
    })

    it('retries when the first byte is later than idleTimeoutMs', async () => {
      lake.behave({slowFirstByte: {ms: 400, count: 1}})
      const chunks = await collect(streamLiveExport(config({idleTimeoutMs: 150})))
      expect(Buffer.concat(chunks).equals(fixture)).toBe(true)
      expect(lake.requests).toHaveLength(2)
    })

    it('gives up when no response ever comes in time', async () => {
      lake.behave({slowFirstByte: {ms: 400, count: 100}})
      const error = await liveFailure(
        collect(streamLiveExport(config({idleTimeoutMs: 100, maxAttempts: 2}))),
      )
      expect(error.message).toContain(`Cannot reach the Sanity export API for ${WHERE}`)
      expect(error.message).toContain('no response within 100 ms')
      expect(lake.requests).toHaveLength(2)
    })
  })

  describe('failures after the first byte are not retried', () => {
    it('reports an API error object on its own line mid-stream', async () => {
      lake.behave({ending: 'error-line'})
      const error = await liveFailure(collect(streamLiveExport(config())))
      expect(error.message).toContain(`reported an error mid-stream for ${WHERE}`)
      expect(error.message).toContain('Query timed out')
      expect(error.message).toContain('HTTP 500')
      expect(lake.requests).toHaveLength(1)
    })

    it('reports an API error object glued to a half-written line', async () => {
      lake.behave({ending: 'error-glued'})
      const error = await liveFailure(collect(streamLiveExport(config())))
      expect(error.message).toContain(`reported an error mid-stream for ${WHERE}`)
      expect(error.message).toContain('Query timed out')
      expect(lake.requests).toHaveLength(1)
    })

    it('makes loadDataset fail with the API error, not with a malformed line', async () => {
      lake.behave({ending: 'error-glued'})
      const spec = {kind: 'live', config: config()} as const
      const error = await liveFailure(loadDataset(await openSource(spec), fixtureTypes))
      expect(error.message).toContain('Query timed out')
    })

    it('reports a connection reset mid-stream', async () => {
      lake.behave({ending: 'reset'})
      const error = await liveFailure(collect(streamLiveExport(config())))
      expect(error.message).toMatch(
        new RegExp(`export stream for ${WHERE} broke off after [1-9]\\d* bytes`),
      )
      expect(error.message).toContain('run the export again')
      expect(lake.requests).toHaveLength(1)
    })

    it('reports a stream that ends in the middle of a document', async () => {
      lake.behave({ending: 'truncate'})
      const error = await liveFailure(collect(streamLiveExport(config())))
      expect(error.message).toMatch(
        new RegExp(
          `export stream for ${WHERE} ended in the middle of a document after [1-9]\\d* bytes`,
        ),
      )
      expect(lake.requests).toHaveLength(1)
    })

    // BUG in liveExport.ts: the truncation check only looks at the last byte, so a stream cut
    // right after a nested object's "}" passes as complete. loadDataset then reports a malformed
    // last line and the CLI exits 1 (content error) instead of 2 with "ended in the middle".
    it('reports a truncated stream whose last byte happens to be a "}"', async () => {
      // Cut right after a nested object closes, in the middle of a document.
      let nested = fixture.indexOf('}', Math.floor(fixture.length / 2))
      while (fixture[nested + 1] === 0x0a) nested = fixture.indexOf('}', nested + 1)
      expect(nested).toBeGreaterThan(0)
      expect(fixture[nested + 1]).not.toBe(0x0a)
      lake.behave({ending: 'truncate', cutAt: nested + 1})
      const error = await liveFailure(collect(streamLiveExport(config())))
      expect(error.message).toContain('ended in the middle of a document')
    })

    // BUG in liveExport.ts: findApiError() accepts an unterminated '{"error":…}' at the end of the
    // bytes read so far, so a chunk that ends right after a document's nested {"error":…} object
    // is taken for the API's mid-stream error and a healthy export fails at random.
    it('does not take a nested {"error":…} object at a chunk boundary for an API error', async () => {
      const nestedEnd = EDGE_NDJSON.indexOf('"ok":true}') + '"ok":true}'.length
      lake.behave({splitAt: [nestedEnd], chunkDelayMs: 30})
      const chunks = await collect(streamLiveExport(config({dataset: EDGE_DATASET})))
      expect(Buffer.concat(chunks).toString('utf8')).toBe(EDGE_NDJSON)
    })

    it('reports a stream that stalls, and hangs up', async () => {
      lake.behave({ending: 'stall'})
      const started = performance.now()
      const error = await liveFailure(collect(streamLiveExport(config({idleTimeoutMs: 200}))))
      expect(performance.now() - started).toBeLessThan(2_000)
      expect(error.message).toMatch(
        new RegExp(`export stream for ${WHERE} stalled: no data for 200 ms after [1-9]\\d* bytes`),
      )
      expect(lake.requests).toHaveLength(1)
      await expect.poll(() => lake.requests[0]?.clientClosed, {timeout: 1_000}).toBe(true)
    })
  })
})

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('scripts/export.ts --source sanity, end to end', () => {
  const NODE = existsSync(join(ROOT, 'node_modules/.bin/node'))
    ? join(ROOT, 'node_modules/.bin/node')
    : process.execPath
  let tmp: string

  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'live-export-'))
  })
  afterEach(() => rm(tmp, {recursive: true, force: true}))

  /** Runs the CLI asynchronously: the fake server lives in this process's event loop. */
  /**
   * The demo people's public keys in a keyring that is not marked demo, as a project's own
   * production keyring would hold its reviewers (the demo keyring itself is refused for a live
   * source, see below).
   */
  function liveKeyring(): string {
    const keyring = JSON.parse(readFileSync(join(ROOT, 'review/demo-keyring.json'), 'utf8'))
    const path = join(mkdtempSync(join(tmpdir(), 'keyring-')), 'keyring.json')
    writeFileSync(path, JSON.stringify({...keyring, purpose: 'production'}))
    return path
  }

  function runCli(
    out: string,
    keyring = liveKeyring(),
  ): Promise<{code: number; stdout: string; stderr: string}> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SANITY_PROJECT_ID: PROJECT,
      SANITY_DATASET: DATASET,
      SANITY_API_READ_TOKEN: TOKEN,
      SANITY_API_HOST: lake.url,
    }
    delete env.SANITY_API_VERSION
    return new Promise((resolve) => {
      execFile(
        NODE,
        ['scripts/export.ts', '--source', 'sanity', '--out', out, '--keyring', keyring],
        {cwd: ROOT, env, timeout: 20_000},
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
          resolve({code, stdout, stderr})
        },
      )
    })
  }

  /** Every file below `dir`, by relative path, with its bytes. */
  async function snapshot(dir: string): Promise<Map<string, Buffer>> {
    const files = new Map<string, Buffer>()
    for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
      if (!entry.isFile()) continue
      const path = join(entry.parentPath, entry.name)
      files.set(path.slice(dir.length + 1), await readFile(path))
    }
    return files
  }

  it('exports the embedded dataset from the live source; the token is never printed or written', async () => {
    lake.behave({token: TOKEN, chunks: 6})
    const out = join(tmp, 'out')
    const result = await runCli(out)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(`sanity:${WHERE}`)
    expect(result.stdout).not.toContain(TOKEN)
    expect(result.stderr).not.toContain(TOKEN)

    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.source).toBe(`sanity:${WHERE}`)
    expect(manifest.files.map((f: {path: string}) => f.path)).toContain(
      'json/tumours/leiomyosarcoma.json',
    )
    const files = await snapshot(out)
    expect(files.size).toBe(manifest.files.length + 1)
    for (const [path, bytes] of files) {
      expect(bytes.includes(TOKEN), `${path} holds the token`).toBe(false)
    }
    expect(exportRequests()).toHaveLength(1)
    expect(lake.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(lake.requests[0]?.headers.host).toBe(new URL(lake.url).host)
  })

  it('refuses the demo keyring for the live Content Lake (exit 2), and writes nothing', async () => {
    const out = join(tmp, 'out')
    const result = await runCli(out, join(ROOT, 'review/demo-keyring.json'))
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/is a demo keyring.*cannot vouch for the live Content Lake/)
    expect(existsSync(out)).toBe(false)
  })

  it('exits 2 on a mid-stream API error and writes no output folder', async () => {
    lake.behave({ending: 'error-glued'})
    const out = join(tmp, 'out')
    const result = await runCli(out)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `error: The Sanity export API reported an error mid-stream for ${WHERE}`,
    )
    expect(result.stderr).toContain('Query timed out')
    expect(result.stdout + result.stderr).not.toContain(TOKEN)
    expect(existsSync(out)).toBe(false)
    expect(await readdir(tmp)).toEqual([])
  })

  it('exits 2 on a mid-stream API error and leaves the previous export byte-identical', async () => {
    const out = join(tmp, 'out')
    await runExport({
      source: {kind: 'ndjson', path: DATASET_FILE},
      outDir: out,
      perspective: 'published',
      strict: false,
    })
    const before = await snapshot(out)
    expect(before.has('manifest.json')).toBe(true)

    lake.behave({ending: 'error-line'})
    const result = await runCli(out)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Query timed out')
    expect(result.stderr).toContain(WHERE)
    expect(result.stdout + result.stderr).not.toContain(TOKEN)

    const after = await snapshot(out)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    for (const [path, bytes] of before) {
      expect(after.get(path)?.equals(bytes), `${path} changed`).toBe(true)
    }
    expect(await readdir(tmp)).toEqual(['out']) // no staging or .previous folder left
  })
})
