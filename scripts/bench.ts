/**
 * npm run bench -- [--tumours N] [--out DIR] [--keep] [--seed S] [--profile] [--repeat N]
 * Generates a synthetic dataset of N tumour pages and measures, each in its own process, the
 * floor, the naive groq-js baseline and the real export (cold, nothing changed, one change).
 * Prints a table, then as the last line one JSON object with the headline numbers.
 * Exit codes: 0 ok, 1 a stage failed, 2 usage errors.
 */
import {Command, CommanderError, InvalidArgumentError} from 'commander'
import {formatBench} from '../pipeline/bench/formatBench.ts'
import {runBench} from '../pipeline/bench/runBench.ts'

const positive = (what: string) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${what} must be a positive integer`)
  return n
}

const program = new Command('bench')
  .description('Benchmark the export on a synthetic dataset in the real schema.')
  .option('--tumours <n>', 'published tumour pages to generate', positive('--tumours'), 10_000)
  .option('--out <dir>', 'folder for the work folder (default: the system temp folder)')
  .option('--keep', 'keep the dataset and every output folder', false)
  .option('--seed <seed>', 'seed of the synthetic dataset', 'oncology-bench')
  .option(
    '--naive-budget <seconds>',
    'run the naive baseline in full only if a pilot predicts it takes less; else extrapolate',
    positive('--naive-budget'),
    600,
  )
  .option(
    '--naive-sample <seconds>',
    'target length of the naive subset run',
    positive('--naive-sample'),
    60,
  )
  .option('--profile', 'also profile a cold export (--cpu-prof) and time its stages', false)
  .option(
    '--repeat <n>',
    'rounds of cold, no-op and one-change export; medians, and ratios to cold round by round',
    positive('--repeat'),
    3,
  )
  .exitOverride()
  .configureOutput({writeErr: (text) => process.stderr.write(text)})

async function main(): Promise<number> {
  try {
    program.parse()
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    throw error
  }
  const opts = program.opts<{
    tumours: number
    out?: string
    keep: boolean
    seed: string
    naiveBudget: number
    naiveSample: number
    profile: boolean
    repeat: number
  }>()
  try {
    const result = await runBench({
      tumours: opts.tumours,
      out: opts.out,
      keep: opts.keep,
      seed: opts.seed,
      naiveBudgetS: opts.naiveBudget,
      naiveSampleS: opts.naiveSample,
      profile: opts.profile,
      repeat: opts.repeat,
      log: (line) => process.stderr.write(`${line}\n`),
    })
    process.stdout.write(`${formatBench(result)}\n\n${JSON.stringify(result.summary)}\n`)
    return 0
  } catch (error) {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return 1
  }
}

process.exitCode = await main()
