import {copyFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import type {BenchContext, StageRow} from './benchTypes.ts'
import {editTumour} from './editTumour.ts'
import {issueNote, runExportCli, studioRulesNote} from './runExportCli.ts'

/** The rows of the real export's three runs, and what their reports say worth noting. */
export interface ExportRuns {
  rows: StageRow[]
  notes: string[]
}

type ExportRun = Awaited<ReturnType<typeof runExportCli>>

/** One round: cold into an empty folder, a no-op over it, then one change over that. */
interface Round {
  cold: ExportRun
  noop: ExportRun
  one: ExportRun
}

async function measureRound(ctx: BenchContext, exportDir: string, edited: string): Promise<Round> {
  rmSync(exportDir, {recursive: true, force: true})
  const cold = await runExportCli(ctx, 'cold export', exportDir)
  const noop = await runExportCli(ctx, 'noop export', exportDir)
  const one = await runExportCli({...ctx, source: edited}, 'one-change export', exportDir)
  return {cold, noop, one}
}

const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const ms = (n: number) => Math.round(n).toLocaleString('en')
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`

/**
 * A stage's row: the median wall time of its runs, each listed, and (for the no-op and the one
 * change) each run as a share of the cold export of its own round, and their median.
 */
function stageRow(stage: string, runs: ExportRun[], colds?: ExportRun[]): StageRow {
  const walls = runs.map((r) => r.m.wallMs)
  const wallMs = middle(walls)
  const chosen = runs[walls.indexOf(wallMs)] as ExportRun
  const listed = runs.length > 1 ? `median of ${runs.length}: ${walls.map(ms).join(', ')} ms` : ''
  const ratios = colds?.map((cold, i) => (walls[i] as number) / cold.m.wallMs)
  const shares = ratios
    ? `of its round's cold ${ratios.map(percent).join(', ')} (median ${percent(middle(ratios))})`
    : ''
  return {
    stage,
    wallMs,
    peakRssMb: chosen.m.peakRssMb,
    filesWritten: Math.max(...runs.map((r) => r.report.files?.written.length ?? 0)),
    note: [listed, shares, `pipeline reports ${chosen.report.durationMs} ms`]
      .filter(Boolean)
      .join('; '),
    ...(ratios ? {ofCold: middle(ratios)} : {}),
  }
}

/** Notes on the exports' reports: tumours not exported, errors and warnings. */
function reportNotes(ctx: BenchContext, first: Round): string[] {
  const notes: string[] = []
  const {report} = first.cold
  if (report.exported.tumours !== ctx.tumours)
    notes.push(
      `cold export exported ${report.exported.tumours} of ${ctx.tumours} tumours (skipped ${report.skipped.length})`,
    )
  for (const note of [
    issueNote('cold export', report),
    issueNote('one-change export', first.one.report),
  ])
    if (note) notes.push(note)
  return notes
}

/**
 * The real export cold, with nothing changed, and after editing (and re-approving) `target`,
 * in `repeat` rounds. The ratios to cold are taken round by round, so that a machine whose
 * speed drifts between rounds (this VM's does) moves both sides of each ratio together.
 */
export async function measureExports(
  ctx: BenchContext,
  target: string,
  repeat = 1,
): Promise<ExportRuns> {
  const exportDir = join(ctx.workDir, 'export')
  const edited = join(ctx.workDir, 'edited.ndjson')
  copyFileSync(ctx.source, edited)
  await editTumour(edited, target)
  ctx.log(`cold, noop, and one change (editing ${target} and re-approving it): ${repeat} rounds`)
  const rounds: Round[] = []
  for (let i = 0; i < repeat; i++) rounds.push(await measureRound(ctx, exportDir, edited))
  const colds = rounds.map((r) => r.cold)
  const cold = stageRow('cold', colds)
  cold.note = `scripts/export.ts; ${cold.note}; ${studioRulesNote(colds[0]?.report as ExportRun['report'])}`
  const one = stageRow(
    'one change',
    rounds.map((r) => r.one),
    colds,
  )
  const written = rounds[0]?.one.report.files?.written ?? []
  one.note += `; ${target}; wrote ${written.slice(0, 4).join(', ')}${written.length > 4 ? ', …' : ''}`
  return {
    rows: [
      cold,
      stageRow(
        'noop',
        rounds.map((r) => r.noop),
        colds,
      ),
      one,
    ],
    notes: reportNotes(ctx, rounds[0] as Round),
  }
}
