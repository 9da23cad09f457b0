import type {BenchResult} from './benchTypes.ts'
import type {SelfTimeRow} from './cpuProfile.ts'

/** A plain-text table: the first column left-aligned, numbers right-aligned. */
export function formatTable(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) =>
        rightAligned[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const ms = (n: number) => Math.round(n).toLocaleString('en-US')
const phases = (p: Record<string, number> | undefined) =>
  p
    ? Object.entries(p)
        .map(([k, v]) => `${k.replace(/Ms$/, '')} ${ms(v)}`)
        .join(', ')
    : ''

function profileTable(rows: SelfTimeRow[], count: number, withLocation: boolean): string {
  return formatTable(
    withLocation ? ['self ms', 'share', 'function', 'location'] : ['self ms', 'share', 'owner'],
    rows
      .slice(0, count)
      .map((r) => [
        ms(r.selfMs),
        `${(r.share * 100).toFixed(1)}%`,
        r.name,
        ...(withLocation ? [r.location] : []),
      ]),
    [true, true, false, false],
  )
}

/** The human-readable report: dataset, the stage table, notes and (if run) the profile. */
export function formatBench(result: BenchResult): string {
  const {dataset, rows, summary, profile, notes} = result
  const counts = Object.entries(dataset.counts)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ')
  const out = [
    `Dataset: ${dataset.documents} documents (${counts}), ${(dataset.bytes / 2 ** 20).toFixed(1)} MiB, generated in ${ms(dataset.generateMs)} ms`,
    '',
    formatTable(
      ['stage', 'wall ms', 'peak RSS MB', 'files written', 'notes'],
      rows.map((r) => [
        r.stage,
        ms(r.wallMs),
        Number.isNaN(r.peakRssMb) ? '?' : ms(r.peakRssMb),
        String(r.filesWritten),
        [r.note, r.phases ? `(${phases(r.phases)})` : ''].filter(Boolean).join(' '),
      ]),
      [false, true, true, true, false],
    ),
    '',
    `cold / floor = ${summary.ratioToFloor}×   naive / cold = ${summary.speedupVsNaive}×   noop / cold = ${(summary.noopOfCold * 100).toFixed(1)}%   one change / cold = ${(summary.oneChangeOfCold * 100).toFixed(1)}% (medians of per-round ratios; wall times include Node start-up)`,
  ]
  if (notes.length > 0) out.push('', 'Notes:', ...notes.map((n) => `  - ${n}`))
  if (profile) {
    out.push(
      '',
      `Profiled cold export (separate run, --cpu-prof): ${ms(profile.wallMs)} ms wall; stages: ${phases(profile.phases)}`,
      `Threads (busy / idle ms): ${profile.threads
        .map((t, i) => `${i === 0 ? 'main' : `worker ${i}`} ${ms(t.busyMs)} / ${ms(t.idleMs)}`)
        .join(', ')}; ${ms(profile.busyMs)} ms CPU in all`,
      '',
      'Top 15 functions by self time (all threads, idle excluded):',
      profileTable(profile.functions, 15, true),
      '',
      'Self time by package / folder:',
      profileTable(profile.owners, 12, false),
    )
  }
  if (result.kept) out.push('', `Kept: ${result.workDir}`)
  return out.join('\n')
}
