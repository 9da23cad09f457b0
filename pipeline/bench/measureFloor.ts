import {rmSync} from 'node:fs'
import {join} from 'node:path'
import type {BenchContext, StageRow} from './benchTypes.ts'
import type {ChildMeasurement} from './measureChild.ts'
import {runStage, script} from './runStage.ts'

/**
 * The floor is the reference every ratio divides by, and the disk's write-back makes single
 * runs of it vary widely, so it is the fastest of a few runs: the least it costs.
 */
const FLOOR_RUNS = 3

/** The floor's row (best of FLOOR_RUNS runs), and which tool measured its peak RSS. */
export async function measureFloor(
  ctx: BenchContext,
): Promise<{row: StageRow; rssFrom: ChildMeasurement['rssFrom']}> {
  ctx.log(`floor: parse, resolve references, write JSON + text (best of ${FLOOR_RUNS} runs)`)
  const floors = []
  for (let run = 0; run < FLOOR_RUNS; run++) {
    const out = join(ctx.workDir, `floor-${run}`)
    floors.push(
      await runStage(
        'floor',
        [script('pipeline/bench/floor.ts'), '--source', ctx.source, '--out', out],
        ctx.scratch,
      ),
    )
    rmSync(out, {recursive: true, force: true})
  }
  const floor = floors.reduce((best, next) => (next.m.wallMs < best.m.wallMs ? next : best))
  const row: StageRow = {
    stage: 'floor',
    wallMs: floor.m.wallMs,
    peakRssMb: floor.m.peakRssMb,
    filesWritten: floor.result.filesWritten,
    note: `NDJSON → Map → JSON + text per page; best of ${floors.map((f) => Math.round(f.m.wallMs).toLocaleString('en')).join(', ')} ms`,
    phases: floor.result.phases,
  }
  return {row, rssFrom: floor.m.rssFrom}
}
