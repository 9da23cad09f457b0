/**
 * node lockAt.ts OUT STEP|none WAIT_MS: takes the export lock of OUT. At STEP it prints
 * `{"at":STEP}` and waits to be killed; with `none` it prints `{"acquired":…}` and exits.
 * Exit 2 with `{"error":…}` when the lock cannot be had (as the CLI does).
 */
import {acquireExportLock} from '../../../pipeline/write/exportLock.ts'
import {WriteError} from '../../../pipeline/write/writeError.ts'

const [out = '', stop = 'none', waitMs = '2000'] = process.argv.slice(2)
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)

try {
  let stale: number | undefined
  const release = await acquireExportLock(out, {
    waitMs: Number(waitMs),
    pollMs: 20,
    onStale: (pid) => {
      stale = pid
    },
    onStep: async (step) => {
      if (step !== stop) return
      print({at: step, pid: process.pid})
      setInterval(() => {}, 1000) // keeps the process alive until it is killed
      await new Promise(() => {})
    },
  })
  print({acquired: true, pid: process.pid, stale})
  await release()
} catch (error) {
  if (!(error instanceof WriteError)) throw error
  print({error: error.message})
  process.exitCode = 2
}
