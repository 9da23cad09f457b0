import {rmSync} from 'node:fs'
import {join} from 'node:path'
import type {BenchContext, StageRow} from './benchTypes.ts'
import {runStage, script} from './runStage.ts'

export interface NaiveBudget {
  /** Longest the naive baseline may run in full (s); beyond it a subset is extrapolated. */
  budgetS: number
  /** Target duration of the naive subset run (s). */
  sampleS: number
}

/** Runs the naive baseline on the first `limit` pages (all when undefined) into `dir`. */
function runNaive(ctx: BenchContext, limit: number | undefined, dir: string) {
  return runStage(
    'naive',
    [
      script('pipeline/bench/naive.ts'),
      '--source',
      ctx.source,
      '--out',
      join(ctx.workDir, dir),
      ...(limit === undefined ? [] : ['--limit', String(limit)]),
    ],
    ctx.scratch,
  )
}

/**
 * The naive baseline, in full when a short pilot predicts it fits the budget; otherwise on the
 * first k pages (still against the whole dataset) and extrapolated linearly in pages: each page
 * costs the same, since every page scans the same dataset.
 */
export async function measureNaive(ctx: BenchContext, budget: NaiveBudget): Promise<StageRow> {
  const {tumours, log} = ctx
  const pilotPages = Math.min(tumours, 20)
  log(`naive: pilot on ${pilotPages} pages`)
  const pilot = await runNaive(ctx, pilotPages, 'naive-pilot')
  rmSync(join(ctx.workDir, 'naive-pilot'), {recursive: true, force: true})
  const perPage = (pilot.result.phases.pagesMs ?? 0) / pilotPages
  const fixed = pilot.m.wallMs - (pilot.result.phases.pagesMs ?? 0)
  const estimateMs = fixed + perPage * tumours
  if (estimateMs <= budget.budgetS * 1000) {
    log(`naive: full run (estimated ${Math.round(estimateMs / 1000)} s)`)
    const full = await runNaive(ctx, undefined, 'naive')
    return {
      stage: 'naive',
      wallMs: full.m.wallMs,
      peakRssMb: full.m.peakRssMb,
      filesWritten: full.result.filesWritten,
      note: 'groq-js, no dereference index, @portabletext/markdown',
      phases: full.result.phases,
    }
  }
  const sample = Math.max(
    pilotPages,
    Math.min(tumours, Math.round((budget.sampleS * 1000) / perPage)),
  )
  log(
    `naive: a full run would take ~${Math.round(estimateMs / 1000)} s; measuring ${sample} pages and extrapolating`,
  )
  const part = await runNaive(ctx, sample, 'naive')
  const pagesMs = part.result.phases.pagesMs ?? 0
  const wallMs = part.m.wallMs - pagesMs + (pagesMs / sample) * tumours
  return {
    stage: 'naive',
    wallMs,
    peakRssMb: part.m.peakRssMb,
    filesWritten: Math.round((part.result.filesWritten / sample) * tumours),
    note: `EXTRAPOLATED from ${sample}/${tumours} pages (measured ${Math.round(part.m.wallMs)} ms); files scaled to all pages; RSS is the subset run's, a lower bound`,
    phases: part.result.phases,
  }
}
