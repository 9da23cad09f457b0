/**
 * How the importer's time grows with the length of one line: each page of longLinePages.ts
 * is parsed and turned into documents (`parsePage` + `pageToDocuments`, what a long line goes
 * through; the Studio's rules are left out) at `--kb` and twice that, the best of `--runs`.
 * Linear work doubles; quadratic work quadruples. Each shape's growth is divided by the
 * baseline's (a line of plain words), so the machine's speed and load cancel out:
 *
 *   node pipeline/bench/importScaling.ts [--kb 500] [--runs 3] [--only brackets,words]
 *
 * Prints a table, then one JSON line.
 */
import {parseArgs} from 'node:util'
import {parsePage} from '../import/importFiles.ts'
import {pageToDocuments} from '../import/pageToDocuments.ts'
import {LONG_LINE_SHAPES} from './longLinePages.ts'

function importMs(make: (bytes: number) => Parameters<typeof parsePage>[0], bytes: number) {
  const input = make(bytes)
  const started = performance.now()
  const parsed = parsePage(input)
  if (parsed.page) pageToDocuments(parsed.page, {date: '2026-10-01'})
  return performance.now() - started
}

function best(runs: number, measure: () => number): number {
  let fastest = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) fastest = Math.min(fastest, measure())
  return fastest
}

const {values} = parseArgs({
  options: {kb: {type: 'string'}, runs: {type: 'string'}, only: {type: 'string'}},
})
const bytes = Number(values.kb ?? 500) * 1000
const runs = Number(values.runs ?? 3)
const only = values.only?.split(',')
importMs(LONG_LINE_SHAPES.words as never, 1000) // loads the modules and warms the JIT
const rows: {shape: string; ms: number; doubleMs: number; growth: number}[] = []
for (const [shape, make] of Object.entries(LONG_LINE_SHAPES)) {
  if (only && shape !== 'words' && !only.includes(shape)) continue
  const ms = best(runs, () => importMs(make, bytes))
  const doubleMs = best(runs, () => importMs(make, 2 * bytes))
  rows.push({shape, ms, doubleMs, growth: doubleMs / ms})
  process.stderr.write('.')
}
const baseline = (rows.find((row) => row.shape === 'words') as (typeof rows)[number]).growth
process.stdout.write(
  `\n${'shape'.padEnd(26)} ${`${bytes / 1000} KB`.padStart(10)} ${`${(2 * bytes) / 1000} KB`.padStart(10)}  growth  vs words\n`,
)
for (const row of rows) {
  const cells = [row.ms, row.doubleMs].map((ms) => `${ms.toFixed(0)} ms`.padStart(10))
  process.stdout.write(
    `${row.shape.padEnd(26)} ${cells.join(' ')}  ${row.growth.toFixed(2).padStart(6)}  ${(row.growth / baseline).toFixed(2).padStart(8)}\n`,
  )
}
process.stdout.write(
  `${JSON.stringify({bytes, runs, rows: rows.map((r) => ({...r, vsWords: r.growth / baseline}))})}\n`,
)
