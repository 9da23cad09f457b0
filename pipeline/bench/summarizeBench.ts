import {cpus} from 'node:os'
import type {BenchSummary, StageRow} from './benchTypes.ts'
import type {ChildMeasurement} from './measureChild.ts'

const round = (n: number, digits = 0) => {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** The headline numbers of the stage rows, rounded as the bench's last line prints them. */
export function summarizeBench(
  rows: StageRow[],
  dataset: {tumours: number; documents: number},
): BenchSummary {
  const byStage = new Map(rows.map((r) => [r.stage, r]))
  const ms = (stage: string) => round(byStage.get(stage)?.wallMs ?? Number.NaN)
  return {
    tumours: dataset.tumours,
    documents: dataset.documents,
    floorMs: ms('floor'),
    naiveMs: ms('naive'),
    coldMs: ms('cold'),
    noopMs: ms('noop'),
    oneChangeMs: ms('one change'),
    filesWrittenNoop: byStage.get('noop')?.filesWritten ?? 0,
    filesWrittenOneChange: byStage.get('one change')?.filesWritten ?? 0,
    peakRssMb: round(byStage.get('cold')?.peakRssMb ?? Number.NaN),
    ratioToFloor: round(ms('cold') / ms('floor'), 2),
    speedupVsNaive: round(ms('naive') / ms('cold'), 2),
    noopOfCold: round(byStage.get('noop')?.ofCold ?? Number.NaN, 3),
    oneChangeOfCold: round(byStage.get('one change')?.ofCold ?? Number.NaN, 3),
  }
}

/** Notes on the machine the numbers were measured on: a busy start, and the RSS tool used. */
export function machineNotes(loadAtStart: number, rssFrom: ChildMeasurement['rssFrom']): string[] {
  const notes: string[] = []
  // Only the load before the first stage says anything about others: later, it is ours.
  if (loadAtStart > cpus().length * 0.5) {
    notes.push(
      `the machine was busy before the bench started: 1-minute load average ${loadAtStart.toFixed(1)} on ${cpus().length} cores; times are inflated`,
    )
  }
  if (rssFrom === 'resourceUsage')
    notes.push('peak RSS from process.resourceUsage() (GNU time not found)')
  return notes
}
