/**
 * npm run serve -- [--port N] [--host 127.0.0.1] [--source …] [--out DIR] [--keyring FILE] [--debounce-ms N]
 *                  [--max-age-s N] [--replay-file FILE] [--max-connections N]
 * Receives Sanity's GROQ-powered webhooks on POST /webhooks/sanity and runs the export,
 * debounced and one at a time. The secret comes from SANITY_WEBHOOK_SECRET only.
 * Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM), 1 unexpected failure,
 * 2 usage or configuration errors (no secret, bad option, port unavailable).
 */

import {statSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {Command, InvalidArgumentError} from 'commander'
import {parseSourceArgument, type SourceSpec} from '../pipeline/load/openSource.ts'
import {
  createExportScheduler,
  type ExportRun,
  type ExportScheduler,
} from '../pipeline/serve/exportScheduler.ts'
import {
  defaultReplayPath,
  openReplayStore,
  type ReplayStore,
} from '../pipeline/serve/replayStore.ts'
import {createWebhookServer, WEBHOOK_PATH} from '../pipeline/serve/webhookServer.ts'
import {parseCommandLine} from './cli.ts'

const EXIT = {ok: 0, failure: 1, usage: 2} as const
const SHUTDOWN_GRACE_MS = 30_000

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`)
  return n
}

const program = new Command('serve')
  .description('Run the export whenever a signed Sanity webhook arrives.')
  .option('--port <n>', 'port to listen on (0: any free port)', integer(0, 65_535), 8787)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option(
    '--source <source>',
    'FILE.ndjson, FILE.tar.gz (sanity dataset export) or "sanity" (live, from env)',
    'content/production.ndjson',
  )
  .option('--out <dir>', 'output folder', 'content-export')
  .option(
    '--keyring <file>',
    'the reviewer keyring to trust (default: the demo keyring for the embedded dataset in content/, else review/keyring.json)',
  )
  .option(
    '--debounce-ms <n>',
    'quiet time after a webhook before exporting',
    integer(0, 600_000),
    1000,
  )
  .option('--max-age-s <n>', 'how old a signature may be, in seconds', integer(1, 86_400), 300)
  .option(
    '--replay-file <file>',
    'where accepted signatures are kept across restarts (default: .<out>.webhook-replays.json next to --out)',
  )
  .option(
    '--max-connections <n>',
    'open connections at most (default: 256, less under a low open-file limit)',
    integer(1, 100_000),
  )
  .exitOverride()
  .configureOutput({writeErr: (text) => process.stderr.write(text)})

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`)

function describeRun(run: ExportRun): string {
  const c = run.counts
  const counts = c
    ? `${c.documentsRead} read, ${c.exported.tumours} tumours, ${c.exported.kits} kits, ` +
      `${c.skipped} skipped, files ${c.files.written} written/${c.files.unchanged} unchanged/` +
      `${c.files.removed} removed, ${c.errors} errors, ${c.warnings} warnings`
    : 'no counts'
  return run.ok
    ? `export ok in ${run.durationMs} ms: ${counts}`
    : `export FAILED in ${run.durationMs} ms (previous export left intact): ${run.error}; ${counts}`
}

type WebhookServer = ReturnType<typeof createWebhookServer>

interface ServeOptions {
  port: number
  host: string
  source: string
  out: string
  debounceMs: number
  maxAgeS: number
  replayFile?: string
  maxConnections?: number
  keyring?: string
}

/** The checked configuration the server runs with. */
interface ServeContext {
  opts: ServeOptions
  secret: string
  source: SourceSpec
}

/** A configuration problem: main prints it and exits 2. */
class ConfigError extends Error {}

/** Runs one configuration step; whatever it throws becomes a ConfigError with its message. */
async function configStep<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error))
  }
}

/** The webhook secret, from the environment only. */
function webhookSecret(): string {
  const secret = process.env.SANITY_WEBHOOK_SECRET
  if (!secret || secret.trim() === '')
    throw new ConfigError(
      'SANITY_WEBHOOK_SECRET is not set. Set it to the secret of the webhook in sanity.io/manage; the server refuses unsigned webhooks and will not start without it.',
    )
  return secret
}

/** The --source, checked now so that a typo fails at start and not at the first webhook. */
function checkedSource(opts: ServeOptions): SourceSpec {
  const source = parseSourceArgument(opts.source, process.env)
  if (source.kind !== 'live' && !statSync(source.path, {throwIfNoEntry: false})?.isFile())
    throw new Error(`--source ${source.path} is not a readable file.`)
  return source
}

/** Loads the keyring the exports will trust, and says which one. */
async function announceKeyring({opts, source}: ServeContext): Promise<void> {
  const {trustedKeyring} = await import('../pipeline/gate/trustedKeyring.ts')
  const keyring = await configStep(() =>
    trustedKeyring({source, keyring: opts.keyring, perspective: 'published'}),
  )
  if (keyring) log(`trusting the keyring ${keyring.path} (${keyring.keyring.purpose})`)
}

/** The scheduler that runs the export, debounced and one at a time, and logs each run. */
async function exportSchedulerFor({opts, secret, source}: ServeContext): Promise<ExportScheduler> {
  const {exportJob} = await import('../pipeline/serve/exportJob.ts')
  return createExportScheduler({
    debounceMs: opts.debounceMs,
    run: exportJob(
      {source, outDir: opts.out, perspective: 'published', strict: false, keyring: opts.keyring},
      {
        secrets: [secret, process.env.SANITY_API_READ_TOKEN],
        onUnexpectedError: (error) => console.error(error),
      },
    ),
    onRunStart: () => log('export started'),
    onRunEnd: (run) => log(describeRun(run)),
  })
}

/** The webhook server, logging one line per request. */
function webhookServerFor(
  {opts, secret}: ServeContext,
  scheduler: ExportScheduler,
  replayStore: ReplayStore,
): WebhookServer {
  return createWebhookServer({
    secret,
    scheduler,
    maxAgeMs: opts.maxAgeS * 1000,
    limits: opts.maxConnections === undefined ? {} : {maxConnections: opts.maxConnections},
    replayStore,
    onRequest: (e) => log(`${e.method} ${e.path} ${e.status} ${e.reason} ${e.durationMs}ms`),
    onError: (error) => console.error(error),
  })
}

/** Listens; a ConfigError when the address cannot be had. */
async function listen(server: WebhookServer, host: string, port: number): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(`cannot listen on ${host}:${port}: ${code ?? String(error)}`)
  }
}

/** Logs where the server listens, its limits and its replay file. */
function announceListening(server: WebhookServer, replayStore: ReplayStore): void {
  const {address, port} = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  const limits = server.limits
  log(`listening on http://${host}:${port} (webhooks: POST ${WEBHOOK_PATH})`)
  log(
    `limits: ${limits.maxConnections} connections (${limits.maxConnectionsPerClient} per client), ` +
      `${limits.maxUploads} uploads (${limits.maxUploadsPerClient} per client); replay file ` +
      `${replayStore.path} (${replayStore.entries.length} signatures restored)`,
  )
}

/**
 * Runs until SIGINT/SIGTERM. Connections close at once, stalled uploads included; a running
 * export may finish (runExport stops early only in a live download) within the grace time.
 */
function untilSignal(server: WebhookServer, scheduler: ExportScheduler): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: exiting without waiting`)
        resolve(EXIT.failure)
        return
      }
      stopping = true
      const started = performance.now()
      log(`${signal}: shutting down: closing connections, letting a running export finish`)
      const force = setTimeout(() => {
        log('the export did not finish in time: exiting, the previous export is left intact')
        resolve(EXIT.failure)
      }, SHUTDOWN_GRACE_MS)
      force.unref()
      await Promise.all([server.stop(), scheduler.close()])
      clearTimeout(force)
      log(`stopped in ${Math.round(performance.now() - started)} ms`)
      resolve(EXIT.ok)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/** Opens the replay file; one that cannot be trusted is said, and refused signatures follow. */
function openReplayFile(path: string, windowMs: number): ReplayStore {
  const store = openReplayStore(path, windowMs, Date.now())
  if (store.problem)
    log(
      `warning: ${store.problem}; refusing every signature older than this start instead. ` +
        'It is rewritten with the next accepted webhook.',
    )
  return store
}

/** Checks the configuration, starts the scheduler and the server, and runs until a signal. */
async function serve(opts: ServeOptions): Promise<number> {
  const secret = webhookSecret()
  const ctx: ServeContext = {opts, secret, source: await configStep(() => checkedSource(opts))}
  // The pipeline is imported only from here: it pulls in the Studio schema, which takes a
  // while to import, and a misconfigured server should say so at once.
  await announceKeyring(ctx)
  const scheduler = await exportSchedulerFor(ctx)
  const replayStore = openReplayFile(
    opts.replayFile ?? defaultReplayPath(opts.out),
    opts.maxAgeS * 1000,
  )
  const server = await configStep(() => webhookServerFor(ctx, scheduler, replayStore))
  await listen(server, opts.host, opts.port)
  announceListening(server, replayStore)
  return untilSignal(server, scheduler)
}

/** Parses the command line and serves; a configuration problem exits 2 with one line. */
async function main(): Promise<number> {
  const stop = parseCommandLine(program)
  if (stop !== undefined) return stop
  try {
    return await serve(program.opts<ServeOptions>())
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`error: ${error.message}`)
    return EXIT.usage
  }
}

process.exit(await main())
