import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {encodeSignatureHeader, SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import {loopbackAddresses, openStalledUploads} from './stalledUploads.ts'

export interface ServeStallOptions {
  root: string
  stalls: number
  /** Distinct client addresses the stalls come from. */
  addresses: number
  declaredBytes: number
  sentBytes: number
  headersOnly?: boolean
  /** Run the server under `prlimit --nofile=N`. */
  nofile?: number
}

export interface ServeStallResult {
  stalls: number
  addresses: number
  nofile: number | null
  /** /healthz and a webhook sent the moment the stalls had sent everything. */
  duringFlood: {healthz: Probe; webhook: Probe}
  /** How long the server was busy after the stalls had sent everything. */
  settleMs: number
  /** CPU time the server spent reading the stalls and answering the first probes. */
  floodCpuMs: number
  /** Stalled uploads the server still held open when the probes ran. */
  held: number
  /** How the server answered the stalls it did not hold (status line → count). */
  answered: Record<string, number>
  rssIdleMb: number
  rssUnderLoadMb: number
  rssPeakMb: number
  serverFds: number
  /** Five probes each, one after the other, while the stalls are held. */
  healthz: Probe[]
  webhook: Probe[]
  /** The export the webhooks triggered, as /status reports it once it has run. */
  exportOk: boolean | null
  shutdown: {ms: number; code: number | null}
}

const MB = 1024 * 1024
const PROBES = 5

interface Probe {
  status: number | string
  ms: number
}

function procStatus(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  return Number(line?.split(/\s+/)[1] ?? Number.NaN) / 1024
}

/** USER_HZ: the unit of /proc/<pid>/stat times on Linux. */
const TICKS_PER_SECOND = 100

/** CPU time (clock ticks) the process has used. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return Number(fields[11]) + Number(fields[12])
}

/** Waits until the server has used no CPU for 300 ms (at most 15 s); how long that took. */
async function settled(pid: number): Promise<number> {
  const started = performance.now()
  let last = cpuTicks(pid)
  while (performance.now() - started < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const ticks = cpuTicks(pid)
    if (ticks === last) break
    last = ticks
  }
  return Math.round(performance.now() - started)
}

/** One HTTP request with a deadline; the status, or the error's code, and the time it took. */
function probe(
  url: string,
  init: {method?: string; headers?: Record<string, string>; body?: string} = {},
): Promise<Probe & {text: string}> {
  const started = performance.now()
  const ms = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    const req = request(url, {method: init.method ?? 'GET', headers: init.headers, agent: false})
    req.setTimeout(10_000, () =>
      req.destroy(Object.assign(new Error('timeout'), {code: 'TIMEOUT'})),
    )
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({status: res.statusCode ?? 0, ms: ms(), text}))
    })
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({status: error.code ?? 'error', ms: ms(), text: ''}),
    )
    req.end(init.body)
  })
}

/** /healthz, then a valid webhook signed now. */
async function probePair(base: string, secret: string, tag: string) {
  const {status, ms} = await probe(`${base}/healthz`)
  const body = JSON.stringify({_id: `tumour-probe-${tag}`, _type: 'tumour'})
  const signature = await encodeSignatureHeader(body, Date.now(), secret)
  const sent = await probe(`${base}/webhooks/sanity`, {
    method: 'POST',
    body,
    headers: {'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: signature},
  })
  return {healthz: {status, ms}, webhook: {status: sent.status, ms: sent.ms}}
}

/** Waits (up to 30 s) for the triggered export to settle; whether it succeeded. */
async function exportOutcome(base: string): Promise<boolean | null> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const reply = await probe(`${base}/status`)
    if (reply.status === 200) {
      const status = JSON.parse(reply.text) as {state: string; lastExport: {ok: boolean} | null}
      if (status.state === 'idle' && status.lastExport) return status.lastExport.ok
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return null
}

/**
 * Starts `scripts/serve.ts` (optionally under a low file-descriptor limit), stalls uploads
 * against it from many loopback addresses, and measures what a real sender sees meanwhile:
 * /healthz and a valid signed webhook, the server's RSS, and how long SIGTERM takes.
 */
export async function runServeStall(options: ServeStallOptions): Promise<ServeStallResult> {
  const dir = mkdtempSync(join(tmpdir(), 'serve-stall-'))
  const secret = randomBytes(24).toString('base64url')
  const source = join(dir, 'production.ndjson')
  copyFileSync(join(options.root, 'content/production.ndjson'), source)
  // Exports start 3 s after the last webhook: the CPU time of the flood is measured before.
  const node = [
    process.execPath,
    join(options.root, 'scripts/serve.ts'),
    ...['--port', '0', '--source', source, '--out', join(dir, 'out'), '--debounce-ms', '3000'],
  ]
  const argv = options.nofile ? ['prlimit', `--nofile=${options.nofile}`, ...node] : node
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: options.root,
    env: {PATH: process.env.PATH ?? '', SANITY_WEBHOOK_SECRET: secret},
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk
        const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out)
        if (match) resolve(match[1] as string)
      })
      child.on('exit', () => reject(new Error(`the server exited before listening:\n${out}`)))
    })
    child.stdout.resume()
    const pid = child.pid as number
    const rssIdleMb = procStatus(pid, 'VmRSS')
    const ticksBefore = cpuTicks(pid)
    const port = Number(new URL(base).port)
    const stalls = await openStalledUploads({
      host: '127.0.0.1',
      port,
      count: options.stalls,
      addresses: loopbackAddresses(options.addresses),
      declaredBytes: options.declaredBytes,
      sentBytes: options.sentBytes,
      headersOnly: options.headersOnly,
    })
    // Once right away, while the server still works through what the stalls sent; then settled.
    const duringFlood = await probePair(base, secret, 'flood')
    const settleMs = await settled(pid)
    const floodCpuMs = Math.round(((cpuTicks(pid) - ticksBefore) * 1000) / TICKS_PER_SECOND)
    const rssUnderLoadMb = procStatus(pid, 'VmRSS')
    const healthz: Probe[] = []
    const webhook: Probe[] = []
    for (let n = 0; n < PROBES; n++) {
      const pair = await probePair(base, secret, String(n))
      healthz.push(pair.healthz)
      webhook.push(pair.webhook)
    }
    const held = stalls.open()
    const answered = Object.fromEntries(stalls.answered())
    const serverFds = readdirSync(`/proc/${pid}/fd`).length
    const exportOk = await exportOutcome(base)
    const rssPeakMb = procStatus(pid, 'VmHWM')
    const stopping = performance.now()
    child.kill('SIGTERM')
    const code = await exited
    const shutdown = {ms: Math.round(performance.now() - stopping), code}
    stalls.destroyAll()
    return {
      stalls: options.stalls,
      addresses: options.addresses,
      nofile: options.nofile ?? null,
      duringFlood,
      settleMs,
      floodCpuMs,
      held,
      answered,
      rssIdleMb: Math.round(rssIdleMb),
      rssUnderLoadMb: Math.round(rssUnderLoadMb),
      rssPeakMb: Math.round(rssPeakMb),
      serverFds,
      healthz,
      webhook,
      exportOk,
      shutdown,
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, {recursive: true, force: true})
  }
}

export const DEFAULT_STALL = {declaredBytes: MB, sentBytes: MB - 1}
