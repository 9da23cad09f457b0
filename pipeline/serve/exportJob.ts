import {type ExportOptions, type ExportReport, runExport} from '../exportDataset.ts'
import {KeyringError} from '../gate/keyringFile.ts'
import {LiveSourceError} from '../load/liveSourceError.ts'
import {SourceError} from '../load/openSource.ts'
import {WriteError} from '../write/writeExport.ts'
import type {ExportCounts, ExportOutcome} from './exportScheduler.ts'
import {redact} from './redact.ts'

export type ExportJobOptions = Omit<ExportOptions, 'signal' | 'onProgress'>

/** The counts `/status` shows: numbers only, nothing from the content itself. */
export function countsOf(report: ExportReport): ExportCounts {
  const count = (level: string) => report.issues.filter((i) => i.level === level).length
  return {
    documentsRead: report.documentsRead,
    exported: {...report.exported},
    skipped: report.skipped.length,
    files: {
      written: report.files?.written.length ?? 0,
      unchanged: report.files?.unchanged.length ?? 0,
      removed: report.files?.removed.length ?? 0,
    },
    warnings: count('warning'),
    errors: count('error'),
  }
}

export interface ExportJobHooks {
  /** Strings that must never reach `/status` (the webhook secret, the read token). */
  secrets?: (string | undefined)[]
  /** A bug rather than a configuration problem: the caller logs the stack. */
  onUnexpectedError?: (error: unknown) => void
}

/**
 * One export as the scheduler runs it. `aborted` reports and thrown errors become failed
 * outcomes; runExport has then left the previous export untouched. Configuration and IO
 * failures (`SourceError`, `LiveSourceError`, `WriteError`) keep their message.
 */
export function exportJob(
  options: ExportJobOptions,
  hooks: ExportJobHooks = {},
): (signal: AbortSignal) => Promise<ExportOutcome> {
  const secrets = hooks.secrets ?? []
  return async (signal) => {
    try {
      const report = await runExport({...options, signal})
      const counts = countsOf(report)
      return report.aborted
        ? {ok: false, error: redact(report.aborted, secrets), counts}
        : {ok: true, counts}
    } catch (error) {
      if (
        error instanceof SourceError ||
        error instanceof LiveSourceError ||
        error instanceof WriteError ||
        error instanceof KeyringError
      )
        return {ok: false, error: redact(error.message, secrets)}
      hooks.onUnexpectedError?.(error)
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      return {ok: false, error: redact(`unexpected ${text}`, secrets)}
    }
  }
}
