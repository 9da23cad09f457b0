import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {DEMO_KEYRING} from '../gate/keyringFile.ts'
import {type SelfTimeRow, selfTime, type ThreadTime} from './cpuProfile.ts'
import {editTumour} from './editTumour.ts'
import {type ChildMeasurement, lastJsonLine, measureChild} from './measureChild.ts'
import type {StageResult} from './stageResult.ts'
import {writeSyntheticDataset} from './syntheticDataset.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const script = (path: string) => join(ROOT, path)

export interface BenchOptions {
  tumours: number
  seed?: string
  /** Folder in which the work folder is created; the system temp folder by default. */
  out?: string
  keep?: boolean
  /** Longest the naive baseline may run in full (s); beyond it a subset is extrapolated. */
  naiveBudgetS?: number
  /** Target duration of the naive subset run (s). */
  naiveSampleS?: number
  /** Also profile a cold export (--cpu-prof) and time its stages. */
  profile?: boolean
  log?: (line: string) => void
}

export interface StageRow {
  stage: string
  wallMs: number
  peakRssMb: number
  filesWritten: number
  note: string
  phases?: Record<string, number>
}

/** The machine-readable summary: the bench's last line, with exactly these keys. */
export interface BenchSummary {
  tumours: number
  documents: number
  floorMs: number
  naiveMs: number
  coldMs: number
  noopMs: number
  oneChangeMs: number
  filesWrittenNoop: number
  filesWrittenOneChange: number
  peakRssMb: number
  ratioToFloor: number
  speedupVsNaive: number
}

export interface BenchProfile {
  phases: Record<string, number>
  wallMs: number
  functions: SelfTimeRow[]
  owners: SelfTimeRow[]
  threads: ThreadTime[]
  /** CPU time of all threads, idle excluded. */
  busyMs: number
}

export interface BenchResult {
  workDir: string
  kept: boolean
  dataset: {documents: number; bytes: number; counts: Record<string, number>; generateMs: number}
  rows: StageRow[]
  summary: BenchSummary
  profile?: BenchProfile
  /** Things the reader of the numbers should know (subsets, content issues, surprises). */
  notes: string[]
}

interface ExportReportJson {
  exported: {tumours: number; kits: number; sources: number}
  files?: {written: string[]; unchanged: string[]; removed: string[]}
  issues: {level: string; documentId: string; path: string; message: string}[]
  skipped: unknown[]
  aborted?: string
  durationMs: number
  revalidated?: number
  studioRulesMs?: number
}

/** The throughput of the Studio's rules in one export, e.g. "Studio rules 20,322 docs at 3,100/s". */
function studioRulesNote(report: ExportReportJson): string {
  const documents = report.revalidated ?? 0
  const ms = report.studioRulesMs ?? 0
  const rate = ms > 0 ? Math.round((documents / ms) * 1000) : 0
  return `Studio rules ${documents.toLocaleString('en')} docs at ${rate.toLocaleString('en')}/s`
}

const round = (n: number, digits = 0) => {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

function failed(what: string, m: ChildMeasurement): Error {
  return new Error(`${what} exited with code ${m.code}:\n${m.stderr.slice(-4000)}`)
}

/**
 * The floor is the reference every ratio divides by, and the disk's write-back makes single
 * runs of it vary widely, so it is the fastest of a few runs: the least it costs.
 */
const FLOOR_RUNS = 3

/**
 * Flushes the files earlier stages wrote (`sync`), so that no stage pays for the write-back of
 * another's output.
 */
function settleDisk(): void {
  spawnSync('sync', {stdio: 'ignore'})
}

async function runStage(what: string, args: string[], scratchDir: string) {
  settleDisk()
  const m = await measureChild(args, {scratchDir, cwd: ROOT})
  if (m.code !== 0) throw failed(what, m)
  return {m, result: lastJsonLine<StageResult>(m.stdout)}
}

/**
 * The Node flags `npm run export` runs with (package.json): a larger young generation, so the
 * short-lived objects of rendering die there instead of being marked again by every full
 * collection of a heap that holds the whole dataset, and a capped old generation, so that V8
 * collects before the process outgrows the machine (README, performance).
 */
export const EXPORT_NODE_FLAGS = ['--max-semi-space-size=64', '--max-old-space-size=2304']

async function runExportCli(what: string, source: string, outDir: string, scratchDir: string) {
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

function issueNote(what: string, report: ExportReportJson): string | undefined {
  const errors = report.issues.filter((i) => i.level === 'error')
  const warnings = report.issues.filter((i) => i.level === 'warning')
  if (errors.length === 0 && warnings.length === 0 && !report.aborted) return undefined
  const first = [...errors, ...warnings][0]
  return `${what}: ${errors.length} errors, ${warnings.length} warnings${report.aborted ? `, aborted (${report.aborted})` : ''}${first ? `; first: ${first.documentId} ${first.path}: ${first.message}` : ''}`
}

/**
 * Generates a synthetic dataset and measures, each in its own child process: the floor, the
 * naive groq-js baseline, and the real export cold, with nothing changed, and after one edit.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => {})
  const {tumours, naiveBudgetS = 600, naiveSampleS = 60} = options
  const parent = options.out ?? tmpdir()
  mkdirSync(parent, {recursive: true})
  const workDir = mkdtempSync(join(parent, 'oncology-bench-'))
  const scratch = join(workDir, 'scratch')
  mkdirSync(scratch)
  const notes: string[] = []
  const rows: StageRow[] = []
  const loadAtStart = loadavg()[0] ?? 0
  try {
    const source = join(workDir, 'dataset.ndjson')
    log(`generating ${tumours} tumour pages into ${source}`)
    const t0 = performance.now()
    const generated = await writeSyntheticDataset(source, {tumours, seed: options.seed})
    const generateMs = performance.now() - t0
    log(
      `  ${generated.documents} documents, ${(generated.bytes / 2 ** 20).toFixed(1)} MiB in ${Math.round(generateMs)} ms`,
    )

    log(`floor: parse, resolve references, write JSON + text (best of ${FLOOR_RUNS} runs)`)
    const floors = []
    for (let run = 0; run < FLOOR_RUNS; run++) {
      const out = join(workDir, `floor-${run}`)
      floors.push(
        await runStage(
          'floor',
          [script('pipeline/bench/floor.ts'), '--source', source, '--out', out],
          scratch,
        ),
      )
      rmSync(out, {recursive: true, force: true})
    }
    const floor = floors.reduce((best, next) => (next.m.wallMs < best.m.wallMs ? next : best))
    rows.push({
      stage: 'floor',
      wallMs: floor.m.wallMs,
      peakRssMb: floor.m.peakRssMb,
      filesWritten: floor.result.filesWritten,
      note: `NDJSON → Map → JSON + text per page; best of ${floors.map((f) => Math.round(f.m.wallMs).toLocaleString('en')).join(', ')} ms`,
      phases: floor.result.phases,
    })

    rows.push(
      await measureNaive(source, workDir, scratch, tumours, naiveBudgetS, naiveSampleS, log),
    )

    const exportDir = join(workDir, 'export')
    log('cold: real export into an empty folder')
    const cold = await runExportCli('cold export', source, exportDir, scratch)
    if (cold.report.exported.tumours !== tumours) {
      notes.push(
        `cold export exported ${cold.report.exported.tumours} of ${tumours} tumours (skipped ${cold.report.skipped.length})`,
      )
    }
    const coldIssues = issueNote('cold export', cold.report)
    if (coldIssues) notes.push(coldIssues)
    rows.push({
      stage: 'cold',
      wallMs: cold.m.wallMs,
      peakRssMb: cold.m.peakRssMb,
      filesWritten: cold.report.files?.written.length ?? 0,
      note: `scripts/export.ts (pipeline reports ${cold.report.durationMs} ms; ${studioRulesNote(cold.report)})`,
    })

    log('noop: real export again, nothing changed')
    const noop = await runExportCli('noop export', source, exportDir, scratch)
    rows.push({
      stage: 'noop',
      wallMs: noop.m.wallMs,
      peakRssMb: noop.m.peakRssMb,
      filesWritten: noop.report.files?.written.length ?? 0,
      note: `pipeline reports ${noop.report.durationMs} ms`,
    })

    const target = generated.tumourIds[Math.floor(generated.tumourIds.length / 2)] as string
    log(`one change: editing ${target} (and re-approving it), then exporting again`)
    await editTumour(source, target)
    const one = await runExportCli('one-change export', source, exportDir, scratch)
    const oneIssues = issueNote('one-change export', one.report)
    if (oneIssues) notes.push(oneIssues)
    const written = one.report.files?.written ?? []
    rows.push({
      stage: 'one change',
      wallMs: one.m.wallMs,
      peakRssMb: one.m.peakRssMb,
      filesWritten: written.length,
      note: `${target}; wrote ${written.slice(0, 4).join(', ')}${written.length > 4 ? ', …' : ''}`,
    })

    const profile = options.profile ? await profileCold(source, workDir, scratch, log) : undefined

    const byStage = new Map(rows.map((r) => [r.stage, r]))
    const ms = (stage: string) => round(byStage.get(stage)?.wallMs ?? Number.NaN)
    const summary: BenchSummary = {
      tumours,
      documents: generated.documents,
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
    }
    // Only the load before the first stage says anything about others: later, it is ours.
    if (loadAtStart > cpus().length * 0.5) {
      notes.push(
        `the machine was busy before the bench started: 1-minute load average ${loadAtStart.toFixed(1)} on ${cpus().length} cores; times are inflated`,
      )
    }
    if (floor.m.rssFrom === 'resourceUsage')
      notes.push('peak RSS from process.resourceUsage() (GNU time not found)')
    return {
      workDir,
      kept: Boolean(options.keep),
      dataset: {
        documents: generated.documents,
        bytes: generated.bytes,
        counts: generated.counts,
        generateMs,
      },
      rows,
      summary,
      profile,
      notes,
    }
  } finally {
    if (!options.keep) rmSync(workDir, {recursive: true, force: true})
  }
}

/**
 * The naive baseline, in full when a short pilot predicts it fits the budget; otherwise on the
 * first k pages (still against the whole dataset) and extrapolated linearly in pages: each page
 * costs the same, since every page scans the same dataset.
 */
async function measureNaive(
  source: string,
  workDir: string,
  scratch: string,
  tumours: number,
  budgetS: number,
  sampleS: number,
  log: (line: string) => void,
): Promise<StageRow> {
  const run = (limit: number | undefined, dir: string) =>
    runStage(
      'naive',
      [
        script('pipeline/bench/naive.ts'),
        '--source',
        source,
        '--out',
        join(workDir, dir),
        ...(limit === undefined ? [] : ['--limit', String(limit)]),
      ],
      scratch,
    )
  const pilotPages = Math.min(tumours, 20)
  log(`naive: pilot on ${pilotPages} pages`)
  const pilot = await run(pilotPages, 'naive-pilot')
  rmSync(join(workDir, 'naive-pilot'), {recursive: true, force: true})
  const perPage = (pilot.result.phases.pagesMs ?? 0) / pilotPages
  const fixed = pilot.m.wallMs - (pilot.result.phases.pagesMs ?? 0)
  const estimateMs = fixed + perPage * tumours
  if (estimateMs <= budgetS * 1000) {
    log(`naive: full run (estimated ${Math.round(estimateMs / 1000)} s)`)
    const full = await run(undefined, 'naive')
    return {
      stage: 'naive',
      wallMs: full.m.wallMs,
      peakRssMb: full.m.peakRssMb,
      filesWritten: full.result.filesWritten,
      note: 'groq-js, no dereference index, @portabletext/markdown',
      phases: full.result.phases,
    }
  }
  const sample = Math.max(pilotPages, Math.min(tumours, Math.round((sampleS * 1000) / perPage)))
  log(
    `naive: a full run would take ~${Math.round(estimateMs / 1000)} s; measuring ${sample} pages and extrapolating`,
  )
  const part = await run(sample, 'naive')
  const pagesMs = part.result.phases.pagesMs ?? 0
  const wallMs = part.m.wallMs - pagesMs + (pagesMs / sample) * tumours
  return {
    stage: 'naive',
    wallMs,
    peakRssMb: part.m.peakRssMb,
    filesWritten: Math.round((part.result.filesWritten / sample) * tumours),
    note: `EXTRAPOLATED from ${sample}/${tumours} pages (measured ${Math.round(part.m.wallMs)} ms); files scaled to all pages; RSS is the subset run's, a lower bound`,
    phases: part.result.phases,
  }
}

/** A separate cold export under --cpu-prof, with per-stage times from onProgress. */
async function profileCold(
  source: string,
  workDir: string,
  scratch: string,
  log: (line: string) => void,
): Promise<BenchProfile> {
  log('profile: cold export under --cpu-prof')
  const profileDir = join(workDir, 'profile')
  const {m, result} = await runStage(
    'profiled export',
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      profileDir,
      script('pipeline/bench/exportPhases.ts'),
      '--source',
      source,
      '--out',
      join(workDir, 'export-profiled'),
    ],
    scratch,
  )
  // One profile per thread, named CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the
  // main thread (id 0) first.
  const threadId = (f: string) => Number(f.split('.').at(-3))
  const files = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => threadId(a) - threadId(b))
    .map((f) => join(profileDir, f))
  if (files.length === 0) throw new Error('node --cpu-prof wrote no profile')
  return {phases: result.phases, wallMs: m.wallMs, ...selfTime(files, ROOT)}
}
