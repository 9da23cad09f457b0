import type {SelfTimeRow, ThreadTime} from './cpuProfile.ts'

/** What every measuring step of the bench works with: the dataset, its folders and the log. */
export interface BenchContext {
  /** The synthetic dataset (NDJSON) every stage reads. */
  source: string
  /** The work folder: each stage writes its output below it. */
  workDir: string
  /** Where measureChild keeps its peak-RSS files. */
  scratch: string
  tumours: number
  log: (line: string) => void
}

export interface StageRow {
  stage: string
  wallMs: number
  peakRssMb: number
  filesWritten: number
  note: string
  phases?: Record<string, number>
  /** The median, over the rounds, of this stage's time as a share of its round's cold export. */
  ofCold?: number
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
  /** The no-op's and one change's median share of their round's cold export. */
  noopOfCold: number
  oneChangeOfCold: number
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
