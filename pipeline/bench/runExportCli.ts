import {DEMO_KEYRING} from '../gate/keyringFile.ts'
import type {BenchContext} from './benchTypes.ts'
import {measureChild} from './measureChild.ts'
import {failed, ROOT, script, settleDisk} from './runStage.ts'

/** The parts of `scripts/export.ts --report json` the bench reads. */
export interface ExportReportJson {
  exported: {tumours: number; kits: number; sources: number}
  files?: {written: string[]; unchanged: string[]; removed: string[]}
  issues: {level: string; documentId: string; path: string; message: string}[]
  skipped: unknown[]
  aborted?: string
  durationMs: number
  revalidated?: number
  studioRulesMs?: number
}

/**
 * The Node flags `npm run export` runs with (package.json): a larger young generation, so the
 * short-lived objects of rendering die there instead of being marked again by every full
 * collection of a heap that holds the whole dataset (an incremental run's worker gets a smaller
 * one, see scripts/export.ts), and a capped old generation, so that V8 collects before the
 * process outgrows the machine (README, performance).
 */
export const EXPORT_NODE_FLAGS = ['--max-semi-space-size=64', '--max-old-space-size=2304']

/** Runs the real export CLI on the bench's dataset in a child process; its measurement, report. */
export async function runExportCli(ctx: BenchContext, what: string, outDir: string) {
  const {source, scratch: scratchDir} = ctx
  settleDisk()
  const m = await measureChild(
    [
      ...EXPORT_NODE_FLAGS,
      script('scripts/export.ts'),
      ...['--source', source, '--out', outDir, '--report', 'json', '--keyring', DEMO_KEYRING],
    ],
    {scratchDir, cwd: ROOT},
  )
  // Exit code 1 means content errors: still a measurement, but worth a note.
  if (m.code !== 0 && m.code !== 1) throw failed(what, m)
  let report: ExportReportJson
  try {
    report = JSON.parse(m.stdout) as ExportReportJson
  } catch {
    throw failed(`${what} (no JSON report)`, m)
  }
  return {m, report}
}

/** A one-line note on an export's errors, warnings and abort; undefined when it had none. */
export function issueNote(what: string, report: ExportReportJson): string | undefined {
  const errors = report.issues.filter((i) => i.level === 'error')
  const warnings = report.issues.filter((i) => i.level === 'warning')
  if (errors.length === 0 && warnings.length === 0 && !report.aborted) return undefined
  const first = [...errors, ...warnings][0]
  return `${what}: ${errors.length} errors, ${warnings.length} warnings${report.aborted ? `, aborted (${report.aborted})` : ''}${first ? `; first: ${first.documentId} ${first.path}: ${first.message}` : ''}`
}

/** The throughput of the Studio's rules in one export, e.g. "Studio rules 20,322 docs at 3,100/s". */
export function studioRulesNote(report: ExportReportJson): string {
  const documents = report.revalidated ?? 0
  const ms = report.studioRulesMs ?? 0
  const rate = ms > 0 ? Math.round((documents / ms) * 1000) : 0
  return `Studio rules ${documents.toLocaleString('en')} docs at ${rate.toLocaleString('en')}/s`
}
