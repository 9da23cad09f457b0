import type {LoadedKeyring} from './gate/keyringFile.ts'
import type {SourceSpec} from './load/openSource.ts'
import type {Perspective} from './perspective/applyPerspective.ts'
import {type ContentIssue, compareIssues, type PageType, type SanityDoc} from './types.ts'
import type {WriteResult} from './write/writeExport.ts'

export interface ExportOptions {
  source: SourceSpec
  outDir: string
  perspective: Perspective
  /** Any error fails the whole export and nothing is written. */
  strict: boolean
  /** Export only released content (see gate/); by default on for the published perspective. */
  requireApproval?: boolean
  /** The reviewer keyring to trust; by default chosen by defaultKeyringFor(the source). */
  keyring?: string
  /** Export one document (and the indexes); other files of the previous export stay. */
  only?: {type: PageType; slug: string}
  onProgress?: (stage: string) => void
  signal?: AbortSignal
  /** Worker threads that run the Studio's rules beside this thread (default 0). */
  validationWorkers?: number
  /** Worker threads that render pages (default: one per core from 400 pages to render). */
  renderWorkers?: number
  /** How long to wait for another export into the same folder (default 60 s). */
  lockWaitMs?: number
  /** Check every file of the previous export against its sha256, not only its size. */
  repair?: boolean
}

export interface ExportReport {
  source: string
  perspective: Perspective
  /** Which keyring the approvals were checked against. */
  keyring?: {path: string; purpose: 'production' | 'demo'; people: number}
  documentsRead: number
  exported: {tumours: number; kits: number; sources: number}
  skipped: {documentId: string; reason: string}[]
  /** Documents run through the Studio's rules; the others are unchanged since the last run. */
  revalidated?: number
  /** Time spent in the Studio's rules (for throughput: revalidated / studioRulesMs). */
  studioRulesMs?: number
  /** Pages rendered by this run; the others were unchanged and kept as they were. */
  rendered?: number
  files?: WriteResult
  issues: ContentIssue[]
  /** Things the run did that a reader of the report should know (a stale lock taken over). */
  notes?: string[]
  /** Why nothing was written, when nothing was. */
  aborted?: string
  durationMs: number
}

/** What every step of one export shares: its options, the report it fills, and the clock. */
export interface ExportContext {
  readonly options: ExportOptions
  readonly report: ExportReport
  /** Tells the caller that a stage starts. */
  stage(name: string): void
  /** True for the documents this run writes (all of them, unless --only names one). */
  selected: (doc: SanityDoc) => boolean
  keyring?: LoadedKeyring
}

const slugOf = (doc: SanityDoc) => (doc.slug as {current?: string} | undefined)?.current

export function exportContext(options: ExportOptions, source: string): ExportContext {
  const {only} = options
  return {
    options,
    report: {
      source,
      perspective: options.perspective,
      documentsRead: 0,
      exported: {tumours: 0, kits: 0, sources: 0},
      skipped: [],
      revalidated: 0,
      rendered: 0,
      issues: [],
      durationMs: 0,
    },
    stage: options.onProgress ?? (() => {}),
    selected: (doc) => !only || (only.type === doc._type && only.slug === slugOf(doc)),
  }
}

/** The report, sorted and timed; `aborted` says why nothing was written. */
export function finishReport(
  context: ExportContext,
  started: number,
  aborted?: string,
): ExportReport {
  const {report} = context
  report.issues.sort(compareIssues)
  if (aborted) report.aborted = aborted
  report.durationMs = Math.round(performance.now() - started)
  return report
}
