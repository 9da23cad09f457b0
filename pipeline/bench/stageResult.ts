import {resolve} from 'node:path'
import {parseArgs} from 'node:util'

/** What a benchmark stage script reports on its last stdout line. */
export interface StageResult {
  /** Tumour pages rendered. */
  pages: number
  filesWritten: number
  /** Where the stage's own time went, in ms (process start-up excluded). */
  phases: Record<string, number>
}

export interface StageArgs {
  source: string
  out: string
  /** Render only the first N pages (see naive.ts). */
  limit?: number
}

/**
 * Runs `main` when `filename` is the script node was started with, and prints its result as
 * one JSON line. Imported as a module, it does nothing.
 */
export async function runAsScript(
  filename: string,
  main: (args: StageArgs) => Promise<StageResult>,
): Promise<void> {
  if (!process.argv[1] || resolve(process.argv[1]) !== filename) return
  const {values} = parseArgs({
    options: {source: {type: 'string'}, out: {type: 'string'}, limit: {type: 'string'}},
  })
  if (!values.source || !values.out) {
    process.stderr.write('usage: --source FILE.ndjson --out DIR [--limit N]\n')
    process.exitCode = 2
    return
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit)
  const result = await main({source: values.source, out: values.out, limit})
  const phases = Object.fromEntries(
    Object.entries(result.phases).map(([name, ms]) => [name, Math.round(ms)]),
  )
  process.stdout.write(`${JSON.stringify({...result, phases})}\n`)
}
