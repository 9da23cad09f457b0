import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import type {BenchContext, BenchResult} from './benchTypes.ts'
import {measureExports} from './measureExports.ts'
import {measureFloor} from './measureFloor.ts'
import {measureNaive} from './measureNaive.ts'
import {profileCold} from './profileCold.ts'
import {machineNotes, summarizeBench} from './summarizeBench.ts'
import {type SyntheticSummary, writeSyntheticDataset} from './syntheticDataset.ts'

export interface BenchOptions {
  tumours: number
  seed?: string
  /** Folder in which the work folder is created; the system temp folder by default. */
  out?: string
  keep?: boolean
  /** Longest the naive baseline may run in full (s); beyond it a subset is extrapolated. */
  naiveBudgetS?: number
  /** Target duration of the naive subset run (s). */
  naiveSampleS?: number
  /** Also profile a cold export (--cpu-prof) and time its stages. */
  profile?: boolean
  /** Runs of the no-op and the one-change export, whose median is reported (default 1). */
  repeat?: number
  log?: (line: string) => void
}

/** Creates the work folder (and its scratch folder) below `parent`. */
function makeWorkDir(parent: string): {workDir: string; scratch: string} {
  mkdirSync(parent, {recursive: true})
  const workDir = mkdtempSync(join(parent, 'oncology-bench-'))
  const scratch = join(workDir, 'scratch')
  mkdirSync(scratch)
  return {workDir, scratch}
}

/** Writes the synthetic dataset to ctx.source; what it holds and how long it took. */
async function generateDataset(ctx: BenchContext, seed: string | undefined) {
  ctx.log(`generating ${ctx.tumours} tumour pages into ${ctx.source}`)
  const t0 = performance.now()
  const generated = await writeSyntheticDataset(ctx.source, {tumours: ctx.tumours, seed})
  const generateMs = performance.now() - t0
  ctx.log(
    `  ${generated.documents} documents, ${(generated.bytes / 2 ** 20).toFixed(1)} MiB in ${Math.round(generateMs)} ms`,
  )
  return {generated, generateMs}
}

/** The tumour page the one-change run edits: the middle one. */
const middleTumour = (generated: SyntheticSummary) =>
  generated.tumourIds[Math.floor(generated.tumourIds.length / 2)] as string

/**
 * Generates a synthetic dataset and measures, each in its own child process: the floor, the
 * naive groq-js baseline, and the real export cold, with nothing changed, and after one edit.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const {tumours, naiveBudgetS = 600, naiveSampleS = 60} = options
  const {workDir, scratch} = makeWorkDir(options.out ?? tmpdir())
  const loadAtStart = loadavg()[0] ?? 0
  const log = options.log ?? (() => {})
  const ctx: BenchContext = {
    source: join(workDir, 'dataset.ndjson'),
    workDir,
    scratch,
    tumours,
    log,
  }
  try {
    const {generated, generateMs} = await generateDataset(ctx, options.seed)
    const floor = await measureFloor(ctx)
    const naive = await measureNaive(ctx, {budgetS: naiveBudgetS, sampleS: naiveSampleS})
    const exports = await measureExports(ctx, middleTumour(generated), options.repeat)
    const profile = options.profile ? await profileCold(ctx) : undefined
    const rows = [floor.row, naive, ...exports.rows]
    const {documents, bytes, counts} = generated
    return {
      workDir,
      kept: Boolean(options.keep),
      dataset: {documents, bytes, counts, generateMs},
      rows,
      summary: summarizeBench(rows, {tumours, documents}),
      profile,
      notes: [...exports.notes, ...machineNotes(loadAtStart, floor.rssFrom)],
    }
  } finally {
    if (!options.keep) rmSync(workDir, {recursive: true, force: true})
  }
}
