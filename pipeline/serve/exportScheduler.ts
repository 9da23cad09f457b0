/** What an export reports back to the scheduler; counts are absent when it threw. */
export interface ExportOutcome {
  ok: boolean
  error?: string
  counts?: ExportCounts
}

export interface ExportCounts {
  documentsRead: number
  exported: {tumours: number; kits: number; sources: number}
  skipped: number
  files: {written: number; unchanged: number; removed: number}
  warnings: number
  errors: number
}

export interface ExportRun extends ExportOutcome {
  startedAt: string
  finishedAt: string
  durationMs: number
}

export type SchedulerState = 'idle' | 'scheduled' | 'running'

export interface SchedulerStatus {
  state: SchedulerState
  /** Another export is due once the running one has finished. */
  pending: boolean
  runs: {started: number; succeeded: number; failed: number}
  lastRun: ExportRun | null
  lastSuccessAt: string | null
}

export interface ExportScheduler {
  /** Asks for an export: debounced, and never more than one at a time. */
  trigger(): void
  status(): SchedulerStatus
  /** Resolves once nothing is running or scheduled. */
  idle(): Promise<void>
  /** Cancels what is scheduled, aborts and awaits what runs; later triggers are ignored. */
  close(): Promise<void>
}

export interface SchedulerOptions {
  run: (signal: AbortSignal) => Promise<ExportOutcome>
  /** Quiet time (ms) after the last trigger before an export starts. */
  debounceMs: number
  /** A steady stream of triggers still starts an export this long (ms) after the first. */
  maxWaitMs?: number
  now?: () => number
  onRunStart?: () => void
  onRunEnd?: (run: ExportRun) => void
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The scheduler's state, shared by the steps below. */
interface SchedulerContext {
  options: SchedulerOptions
  now: () => number
  maxWaitMs: number
  timer: ReturnType<typeof setTimeout> | undefined
  /** When the first trigger of the current debounce arrived (ms). */
  firstTriggerAt: number
  running: Promise<void> | undefined
  controller: AbortController | undefined
  pending: boolean
  closed: boolean
  lastRun: ExportRun | null
  lastSuccessAt: string | null
  runs: {started: number; succeeded: number; failed: number}
  /** Callers of idle() waiting for nothing to run or be scheduled. */
  waiters: (() => void)[]
}

/** A fresh scheduler state from its options, with their defaults filled in. */
function schedulerContext(options: SchedulerOptions): SchedulerContext {
  return {
    options,
    now: options.now ?? Date.now,
    maxWaitMs: options.maxWaitMs ?? Math.max(30_000, options.debounceMs),
    timer: undefined,
    firstTriggerAt: 0,
    running: undefined,
    controller: undefined,
    pending: false,
    closed: false,
    lastRun: null,
    lastSuccessAt: null,
    runs: {started: 0, succeeded: 0, failed: 0},
    waiters: [],
  }
}

/** True when nothing runs and nothing is scheduled. */
const isIdle = (ctx: SchedulerContext) => !ctx.timer && !ctx.running

/** Resolves the idle() promises, if the scheduler is idle. */
function wakeWaiters(ctx: SchedulerContext): void {
  if (!isIdle(ctx)) return
  const ready = ctx.waiters
  ctx.waiters = []
  for (const resolve of ready) resolve()
}

/** (Re)starts the debounce timer, but never past maxWaitMs after the first trigger. */
function arm(ctx: SchedulerContext): void {
  const at = ctx.now()
  if (!ctx.timer) ctx.firstTriggerAt = at
  clearTimeout(ctx.timer)
  const delay = Math.max(
    0,
    Math.min(ctx.options.debounceMs, ctx.firstTriggerAt + ctx.maxWaitMs - at),
  )
  ctx.timer = setTimeout(() => start(ctx), delay)
}

/** The timer fired: runs one export, then debounces the one asked for while it ran. */
function start(ctx: SchedulerContext): void {
  ctx.timer = undefined
  ctx.pending = false
  ctx.running = execute(ctx).finally(() => {
    ctx.running = undefined
    ctx.controller = undefined
    if (ctx.pending && !ctx.closed) {
      ctx.pending = false
      arm(ctx)
    }
    wakeWaiters(ctx)
  })
}

/** Runs the export once, abortable, and records how it went. */
async function execute(ctx: SchedulerContext): Promise<void> {
  const {options} = ctx
  ctx.controller = new AbortController()
  ctx.runs.started++
  const startedAt = ctx.now()
  options.onRunStart?.()
  let outcome: ExportOutcome
  try {
    outcome = await options.run(ctx.controller.signal)
  } catch (error) {
    outcome = {ok: false, error: messageOf(error)}
  }
  const finishedAt = ctx.now()
  record(ctx, {
    ...outcome,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: finishedAt - startedAt,
  })
}

/** Counts a finished run and tells the onRunEnd hook. */
function record(ctx: SchedulerContext, run: ExportRun): void {
  ctx.lastRun = run
  if (run.ok) {
    ctx.runs.succeeded++
    ctx.lastSuccessAt = run.finishedAt
  } else {
    ctx.runs.failed++
  }
  try {
    ctx.options.onRunEnd?.(run)
  } catch {
    // A logging hook must not take the scheduler down.
  }
}

/** A copy of the state for status pages, so callers cannot change the scheduler's own. */
function statusOf(ctx: SchedulerContext): SchedulerStatus {
  return {
    state: ctx.running ? 'running' : ctx.timer ? 'scheduled' : 'idle',
    pending: ctx.pending,
    runs: {...ctx.runs},
    lastRun: ctx.lastRun && {...ctx.lastRun},
    lastSuccessAt: ctx.lastSuccessAt,
  }
}

/** Cancels what is scheduled, aborts and awaits what runs, and refuses later triggers. */
async function closeScheduler(ctx: SchedulerContext): Promise<void> {
  ctx.closed = true
  ctx.pending = false
  clearTimeout(ctx.timer)
  ctx.timer = undefined
  ctx.controller?.abort()
  await ctx.running
  wakeWaiters(ctx)
}

/**
 * Debounce plus single flight. Triggers while an export runs only set `pending`; when the run
 * ends, one more export is debounced, so it starts after the running one and reads the latest
 * data. However many triggers arrive during a run, at most one export follows it.
 */
export function createExportScheduler(options: SchedulerOptions): ExportScheduler {
  const ctx = schedulerContext(options)
  return {
    trigger() {
      if (ctx.closed) return
      if (ctx.running) ctx.pending = true
      else arm(ctx)
    },
    status: () => statusOf(ctx),
    idle() {
      if (isIdle(ctx)) return Promise.resolve()
      return new Promise<void>((resolve) => ctx.waiters.push(resolve))
    },
    close: () => closeScheduler(ctx),
  }
}
