import {randomBytes} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {startServe} from '../../serve/serveProcess.ts'
import {waitFor} from '../../serve/support.ts'
import type {ContentLake} from '../contentLake/server.ts'
import type {Webhook} from '../contentLake/webhooks.ts'
import {runCli} from '../exportHarness.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The stand-in's test-only certificate: child processes trust it through NODE_EXTRA_CA_CERTS. */
const STAND_IN_CERTIFICATE = fileURLToPath(
  new URL('../contentLake/fixtures/test-only-localhost.cert.pem', import.meta.url),
)

/**
 * The environment of `--source sanity` pointed at the stand-in, reading with `reader`'s token
 * (the Viewer role suffices). Only the child process trusts the test certificate.
 */
export function liveSourceEnv(lake: ContentLake, reader: string): Record<string, string> {
  return {
    SANITY_API_HOST: lake.apiHost,
    SANITY_PROJECT_ID: lake.projectId,
    SANITY_DATASET: lake.dataset,
    SANITY_API_READ_TOKEN: lake.tokenFor(reader),
    NODE_EXTRA_CA_CERTS: STAND_IN_CERTIFICATE,
  }
}

/**
 * A copy of the demo keyring that calls itself a production keyring, in `dir`: the export
 * refuses a demo keyring for the live Content Lake, and the stand-in plays the live one here.
 */
export function liveDemoKeyring(dir: string): string {
  const keyring = JSON.parse(readFileSync(join(ROOT, 'review/demo-keyring.json'), 'utf8'))
  const path = join(dir, 'keyring.json')
  writeFileSync(path, JSON.stringify({...keyring, purpose: 'production'}, null, 2))
  return path
}

interface ServeStatus {
  state: string
  pending: boolean
  exports: {started: number; succeeded: number; failed: number}
  lastExport: {ok: boolean; error?: string; counts?: {errors: number}} | null
}

export interface ExportServer {
  /** The stand-in's webhook to this server, with what it sent. */
  webhook: Webhook
  /**
   * Waits for the webhooks sent so far to be answered (all 202) and for the export they
   * scheduled to finish; returns the server's status. Throws with its log if the export failed.
   */
  exported(): Promise<ServeStatus>
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>
  log(): string
}

/** The documents the export reads: a change to any of them should bring a new export. */
const EXPORTED_TYPES = '_type in ["tumour", "kitProduct", "source", "reviewStatement"]'

/**
 * `npm run serve` (scripts/serve.ts) as a real process, reading the stand-in through
 * `--source sanity`, with a webhook from the stand-in to it signed with a fresh secret.
 */
export async function startExportServer(
  lake: ContentLake,
  options: {out: string; keyring: string; reader: string},
): Promise<ExportServer> {
  const secret = randomBytes(24).toString('base64url')
  const args = ['--source', 'sanity', '--out', options.out, '--keyring', options.keyring]
  const env = {...liveSourceEnv(lake, options.reader), SANITY_WEBHOOK_SECRET: secret}
  const serve = await startServe([...args, '--debounce-ms', '300'], env)
  const webhook = lake.addWebhook({
    url: `${serve.base}/webhooks/sanity`,
    secret,
    filter: EXPORTED_TYPES,
  })
  const status = async () => (await (await fetch(`${serve.base}/status`)).json()) as ServeStatus
  let finished = 0
  return {
    webhook,
    async exported() {
      await webhook.settled()
      const refused = webhook.deliveries.filter((d) => d.status !== 202)
      if (refused.length > 0)
        throw new Error(`Webhooks not accepted: ${JSON.stringify(refused)}\n${serve.context()}`)
      const done = (s: ServeStatus) =>
        s.state === 'idle' && !s.pending && s.exports.succeeded + s.exports.failed > finished
      const last = await waitFor(status, done, {timeoutMs: 120_000, intervalMs: 200})
      finished = last.exports.succeeded + last.exports.failed
      if (!last.lastExport?.ok)
        throw new Error(`The export failed: ${last.lastExport?.error}\n${serve.context()}`)
      return last
    },
    async stop() {
      serve.child.kill('SIGTERM')
      return serve.exited
    },
    log: serve.context,
  }
}

/** `npm run <script>`'s CLI with the project's Node: the exit code and what it printed. */
export const runScript = (script: string, args: string[], env: Record<string, string> = {}) =>
  runCli(join(ROOT, 'scripts', script), args, env)
