/**
 * npm run export -- [options of exportCli.ts]
 *
 * Runs the export's command line (exportCli.ts). An incremental run (an earlier export in
 * --out, and no --check, --repair or --verify) keeps most of what it allocates, so a large
 * young generation only makes it copy more: it runs in a worker thread whose semi-space is
 * 16 MB instead of the 64 MB a cold export wants (README, Performance).
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {setFlagsFromString} from 'node:v8'
import {Worker} from 'node:worker_threads'

/** What the worker is told about the process it runs in. */
export interface LaunchData {
  stderrIsTTY: boolean
}

/** The semi-space of an incremental run's young generation (MB). */
const INCREMENTAL_SEMI_SPACE_MB = 16

const CLI = new URL('./exportCli.ts', import.meta.url)

/** The value of `--out` as commander reads it (`--out DIR` or `--out=DIR`), or its default. */
function outOf(args: readonly string[]): string {
  let out = 'content-export'
  args.forEach((arg, i) => {
    if (arg === '--out' && args[i + 1] !== undefined) out = args[i + 1] as string
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length)
  })
  return out
}

/** An export into a folder that holds an earlier one, reusing what it can. */
export function isIncrementalRun(args: readonly string[]): boolean {
  const whole = ['--check', '--repair', '--verify', '--help', '-h']
  if (args.some((arg) => whole.includes(arg) || arg.startsWith('--verify='))) return false
  return existsSync(join(outOf(args), 'manifest.json'))
}

/** Runs the command line in a worker with the given flags; resolves when it ends, with its exit code set. */
async function inWorker(args: string[]): Promise<void> {
  // V8 reads heap flags when an isolate is made, so this sizes the worker's young generation.
  setFlagsFromString(`--max-semi-space-size=${INCREMENTAL_SEMI_SPACE_MB}`)
  const workerData: LaunchData = {stderrIsTTY: process.stderr.isTTY === true}
  const worker = new Worker(CLI, {argv: args, workerData})
  await new Promise<void>((resolve) => {
    worker.on('error', (error) => {
      console.error(error)
      process.exitCode = 1
    })
    worker.on('exit', (code) => {
      process.exitCode ||= code
      resolve()
    })
  })
}

if (import.meta.main) {
  const args = process.argv.slice(2)
  if (isIncrementalRun(args)) await inWorker(args)
  else await import(CLI.href)
}
