import {rmSync} from 'node:fs'
import {join} from 'node:path'
import type {BenchContext, StageRow} from './benchTypes.ts'
import {editTumour} from './editTumour.ts'
import {linkTree} from './linkTree.ts'
import {issueNote, runExportCli, studioRulesNote} from './runExportCli.ts'

/** The rows of the real export's three runs, and what their reports say worth noting. */
export interface ExportRuns {
  rows: StageRow[]
  notes: string[]
}

/** The real export into an empty folder. */
async function measureCold(
  ctx: BenchContext,
  exportDir: string,
  notes: string[],
): Promise<StageRow> {
  ctx.log('cold: real export into an empty folder')
  const cold = await runExportCli(ctx, 'cold export', exportDir)
  if (cold.report.exported.tumours !== ctx.tumours) {
    notes.push(
      `cold export exported ${cold.report.exported.tumours} of ${ctx.tumours} tumours (skipped ${cold.report.skipped.length})`,
    )
  }
  const coldIssues = issueNote('cold export', cold.report)
  if (coldIssues) notes.push(coldIssues)
  return {
    stage: 'cold',
    wallMs: cold.m.wallMs,
    peakRssMb: cold.m.peakRssMb,
    filesWritten: cold.report.files?.written.length ?? 0,
    note: `scripts/export.ts (pipeline reports ${cold.report.durationMs} ms; ${studioRulesNote(cold.report)})`,
  }
}

/** The median of a few runs' wall times, with every run listed for the note. */
function median(runs: {wallMs: number; peakRssMb: number}[]) {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs)
  const middle = sorted[Math.floor(sorted.length / 2)] as {wallMs: number; peakRssMb: number}
  const listed = runs.map((r) => Math.round(r.wallMs).toLocaleString('en')).join(', ')
  return {...middle, listed: runs.length > 1 ? `median of ${runs.length}: ${listed} ms` : ''}
}

/** The real export again over its own output, with nothing changed, `repeat` times. */
async function measureNoop(
  ctx: BenchContext,
  exportDir: string,
  repeat: number,
): Promise<StageRow> {
  ctx.log(`noop: real export again, nothing changed (${repeat}×)`)
  const runs = []
  for (let i = 0; i < repeat; i++) runs.push(await runExportCli(ctx, 'noop export', exportDir))
  const last = runs.at(-1) as (typeof runs)[number]
  const {wallMs, peakRssMb, listed} = median(runs.map((r) => r.m))
  return {
    stage: 'noop',
    wallMs,
    peakRssMb,
    filesWritten: Math.max(...runs.map((r) => r.report.files?.written.length ?? 0)),
    note: [listed, `pipeline reports ${last.report.durationMs} ms`].filter(Boolean).join('; '),
  }
}

/**
 * Edits (and re-approves) one tumour page in the dataset, then exports again, `repeat` times
 * from the same folder (a hard-linked copy of the export before the edit).
 */
async function measureOneChange(
  ctx: BenchContext,
  exportDir: string,
  target: string,
  {repeat, notes}: {repeat: number; notes: string[]},
): Promise<StageRow> {
  ctx.log(`one change: editing ${target} (and re-approving it), then exporting again (${repeat}×)`)
  await editTumour(ctx.source, target)
  const before = `${exportDir}.before-edit`
  linkTree(exportDir, before)
  const runs = []
  for (let i = 0; i < repeat; i++) {
    if (i > 0) {
      rmSync(exportDir, {recursive: true, force: true})
      linkTree(before, exportDir)
    }
    runs.push(await runExportCli(ctx, 'one-change export', exportDir))
  }
  rmSync(before, {recursive: true, force: true})
  const one = runs.at(-1) as (typeof runs)[number]
  const oneIssues = issueNote('one-change export', one.report)
  if (oneIssues) notes.push(oneIssues)
  const written = one.report.files?.written ?? []
  const {wallMs, peakRssMb, listed} = median(runs.map((r) => r.m))
  return {
    stage: 'one change',
    wallMs,
    peakRssMb,
    filesWritten: written.length,
    note: [
      listed,
      `${target}; wrote ${written.slice(0, 4).join(', ')}${written.length > 4 ? ', …' : ''}`,
    ]
      .filter(Boolean)
      .join('; '),
  }
}

/**
 * The real export cold, with nothing changed, and after editing `target`, in that order; the
 * last two `repeat` times each (their median counts: they are the shortest and noisiest runs).
 */
export async function measureExports(
  ctx: BenchContext,
  target: string,
  repeat = 1,
): Promise<ExportRuns> {
  const exportDir = join(ctx.workDir, 'export')
  const notes: string[] = []
  const cold = await measureCold(ctx, exportDir, notes)
  const noop = await measureNoop(ctx, exportDir, repeat)
  const one = await measureOneChange(ctx, exportDir, target, {repeat, notes})
  return {rows: [cold, noop, one], notes}
}
