import {type ChildProcessByStdio, spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {copyFileSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Readable} from 'node:stream'
import {exportOutcome, type Probe, probePair} from './httpProbe.ts'
import {cpuTicks, procStatus, settled, TICKS_PER_SECOND} from './procStats.ts'
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

type ServerProcess = ChildProcessByStdio<null, Readable, null>

/** The running server as the measuring steps address it. */
interface StallServer {
  pid: number
  /** http://127.0.0.1:<port> */
  base: string
  /** The webhook secret the server checks signatures with. */
  secret: string
}

/** Copies the embedded dataset into `dir` and starts scripts/serve.ts on it (prlimit if asked). */
function spawnServer(options: ServeStallOptions, dir: string, secret: string): ServerProcess {
  const source = join(dir, 'production.ndjson')
  copyFileSync(join(options.root, 'content/production.ndjson'), source)
  // Exports start 3 s after the last webhook: the CPU time of the flood is measured before.
  const node = [
    process.execPath,
    join(options.root, 'scripts/serve.ts'),
    ...['--port', '0', '--source', source, '--out', join(dir, 'out'), '--debounce-ms', '3000'],
  ]
  const argv = options.nofile ? ['prlimit', `--nofile=${options.nofile}`, ...node] : node
  return spawn(argv[0] as string, argv.slice(1), {
    cwd: options.root,
    env: {PATH: process.env.PATH ?? '', SANITY_WEBHOOK_SECRET: secret},
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}

/** The server's base URL, once it prints "listening on …"; rejects if it exits first. */
function listeningUrl(child: ServerProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out)
      if (match) resolve(match[1] as string)
    })
    child.on('exit', () => reject(new Error(`the server exited before listening:\n${out}`)))
  })
}

/** Opens the stalled uploads the options ask for against the server. */
function openStalls(options: ServeStallOptions, server: StallServer) {
  return openStalledUploads({
    host: '127.0.0.1',
    port: Number(new URL(server.base).port),
    count: options.stalls,
    addresses: loopbackAddresses(options.addresses),
    declaredBytes: options.declaredBytes,
    sentBytes: options.sentBytes,
    headersOnly: options.headersOnly,
  })
}

/** What the flood cost: a probe pair right away, the time to settle, the CPU spent, the RSS. */
async function measureFlood(server: StallServer, ticksBefore: number) {
  // Once right away, while the server still works through what the stalls sent; then settled.
  const duringFlood = await probePair(server.base, server.secret, 'flood')
  const settleMs = await settled(server.pid)
  const floodCpuMs = Math.round(((cpuTicks(server.pid) - ticksBefore) * 1000) / TICKS_PER_SECOND)
  const rssUnderLoadMb = procStatus(server.pid, 'VmRSS')
  return {duringFlood, settleMs, floodCpuMs, rssUnderLoadMb}
}

/** PROBES pairs of /healthz and a signed webhook, one after the other. */
async function probeSeries(server: StallServer): Promise<{healthz: Probe[]; webhook: Probe[]}> {
  const healthz: Probe[] = []
  const webhook: Probe[] = []
  for (let n = 0; n < PROBES; n++) {
    const pair = await probePair(server.base, server.secret, String(n))
    healthz.push(pair.healthz)
    webhook.push(pair.webhook)
  }
  return {healthz, webhook}
}

/** Sends SIGTERM; how long the server took to exit, and its exit code. */
async function stopServer(child: ServerProcess, exited: Promise<number | null>) {
  const stopping = performance.now()
  child.kill('SIGTERM')
  const code = await exited
  return {ms: Math.round(performance.now() - stopping), code}
}

/**
 * Starts `scripts/serve.ts` (optionally under a low file-descriptor limit), stalls uploads
 * against it from many loopback addresses, and measures what a real sender sees meanwhile:
 * /healthz and a valid signed webhook, the server's RSS, and how long SIGTERM takes.
 */
export async function runServeStall(options: ServeStallOptions): Promise<ServeStallResult> {
  const dir = mkdtempSync(join(tmpdir(), 'serve-stall-'))
  const secret = randomBytes(24).toString('base64url')
  const child = spawnServer(options, dir, secret)
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  try {
    const base = await listeningUrl(child)
    child.stdout.resume()
    const server: StallServer = {pid: child.pid as number, base, secret}
    const rssIdleMb = procStatus(server.pid, 'VmRSS')
    const ticksBefore = cpuTicks(server.pid)
    const stalls = await openStalls(options, server)
    const {duringFlood, settleMs, floodCpuMs, rssUnderLoadMb} = await measureFlood(
      server,
      ticksBefore,
    )
    const {healthz, webhook} = await probeSeries(server)
    const held = stalls.open()
    const answered = Object.fromEntries(stalls.answered())
    const serverFds = readdirSync(`/proc/${server.pid}/fd`).length
    const exportOk = await exportOutcome(base)
    const rssPeakMb = procStatus(server.pid, 'VmHWM')
    const shutdown = await stopServer(child, exited)
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
