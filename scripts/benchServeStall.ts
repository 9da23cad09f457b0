/**
 * node scripts/benchServeStall.ts [--stalls N] [--addresses N] [--sent BYTES] [--headers-only]
 *                                 [--nofile N]
 * Starts the webhook server, stalls N uploads against it (each declares 1 MiB and sends part of
 * it from one of --addresses loopback addresses), then measures /healthz and a valid signed
 * webhook, the server's RSS and file descriptors, and the time SIGTERM takes. Prints one JSON
 * object. Exit codes: 0 ok, 2 usage errors.
 */
import {fileURLToPath} from 'node:url'
import {Command, InvalidArgumentError} from 'commander'
import {DEFAULT_STALL, runServeStall} from '../pipeline/bench/serveStall.ts'
import {parseCommandLine} from './cli.ts'

const positive = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer')
  return n
}

const program = new Command('bench-serve-stall')
  .option('--stalls <n>', 'stalled uploads', positive, 300)
  .option('--addresses <n>', 'loopback client addresses they come from', positive, 100)
  .option('--sent <bytes>', 'bytes each stalled upload sends', positive, DEFAULT_STALL.sentBytes)
  .option('--headers-only', 'stall halfway through the headers instead (slowloris)', false)
  .option('--nofile <n>', 'run the server under prlimit --nofile=N', positive)
  .exitOverride()

const stop = parseCommandLine(program)
if (stop !== undefined) process.exit(stop)
const opts = program.opts<{
  stalls: number
  addresses: number
  sent: number
  headersOnly: boolean
  nofile?: number
}>()
const result = await runServeStall({
  root: fileURLToPath(new URL('../', import.meta.url)),
  stalls: opts.stalls,
  addresses: opts.addresses,
  declaredBytes: DEFAULT_STALL.declaredBytes,
  sentBytes: opts.sent,
  headersOnly: opts.headersOnly,
  nofile: opts.nofile,
})
console.log(JSON.stringify(result))
