import {join} from 'node:path'
import type {BenchContext, StageRow} from './benchTypes.ts'
import {editTumour} from './editTumour.ts'
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

/** The real export again over its own output, with nothing changed. */
async function measureNoop(ctx: BenchContext, exportDir: string): Promise<StageRow> {
  ctx.log('noop: real export again, nothing changed')
  const noop = await runExportCli(ctx, 'noop export', exportDir)
  return {
    stage: 'noop',
    wallMs: noop.m.wallMs,
    peakRssMb: noop.m.peakRssMb,
    filesWritten: noop.report.files?.written.length ?? 0,
    note: `pipeline reports ${noop.report.durationMs} ms`,
  }
}

/** Edits (and re-approves) one tumour page in the dataset, then exports again. */
async function measureOneChange(
  ctx: BenchContext,
  exportDir: string,
  target: string,
  notes: string[],
): Promise<StageRow> {
  ctx.log(`one change: editing ${target} (and re-approving it), then exporting again`)
  await editTumour(ctx.source, target)
  const one = await runExportCli(ctx, 'one-change export', exportDir)
  const oneIssues = issueNote('one-change export', one.report)
  if (oneIssues) notes.push(oneIssues)
  const written = one.report.files?.written ?? []
  return {
    stage: 'one change',
    wallMs: one.m.wallMs,
    peakRssMb: one.m.peakRssMb,
    filesWritten: written.length,
    note: `${target}; wrote ${written.slice(0, 4).join(', ')}${written.length > 4 ? ', …' : ''}`,
  }
}

/** The real export cold, with nothing changed, and after editing `target`, in that order. */
export async function measureExports(ctx: BenchContext, target: string): Promise<ExportRuns> {
  const exportDir = join(ctx.workDir, 'export')
  const notes: string[] = []
  const cold = await measureCold(ctx, exportDir, notes)
  const noop = await measureNoop(ctx, exportDir)
  const one = await measureOneChange(ctx, exportDir, target, notes)
  return {rows: [cold, noop, one], notes}
}
