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

/**
 * Debounce plus single flight. Triggers while an export runs only set `pending`; when the run
 * ends, one more export is debounced, so it starts after the running one and reads the latest
 * data. However many triggers arrive during a run, at most one export follows it.
 */
export function createExportScheduler(options: SchedulerOptions): ExportScheduler {
  const now = options.now ?? Date.now
  const maxWaitMs = options.maxWaitMs ?? Math.max(30_000, options.debounceMs)
  let timer: ReturnType<typeof setTimeout> | undefined
  let firstTriggerAt = 0
  let running: Promise<void> | undefined
  let controller: AbortController | undefined
  let pending = false
  let closed = false
  let lastRun: ExportRun | null = null
  let lastSuccessAt: string | null = null
  const runs = {started: 0, succeeded: 0, failed: 0}
  let waiters: (() => void)[] = []

  const isIdle = () => !timer && !running
  const wakeWaiters = () => {
    if (!isIdle()) return
    const ready = waiters
    waiters = []
    for (const resolve of ready) resolve()
  }

  const arm = () => {
    const at = now()
    if (!timer) firstTriggerAt = at
    clearTimeout(timer)
    const delay = Math.max(0, Math.min(options.debounceMs, firstTriggerAt + maxWaitMs - at))
    timer = setTimeout(start, delay)
  }

  const start = () => {
    timer = undefined
    pending = false
    running = execute().finally(() => {
      running = undefined
      controller = undefined
      if (pending && !closed) {
        pending = false
        arm()
      }
      wakeWaiters()
    })
  }

  const execute = async () => {
    controller = new AbortController()
    runs.started++
    const startedAt = now()
    options.onRunStart?.()
    let outcome: ExportOutcome
    try {
      outcome = await options.run(controller.signal)
    } catch (error) {
      outcome = {ok: false, error: messageOf(error)}
    }
    const finishedAt = now()
    const run: ExportRun = {
      ...outcome,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - startedAt,
    }
    lastRun = run
    if (run.ok) {
      runs.succeeded++
      lastSuccessAt = run.finishedAt
    } else {
      runs.failed++
    }
    try {
      options.onRunEnd?.(run)
    } catch {
      // A logging hook must not take the scheduler down.
    }
  }

  return {
    trigger() {
      if (closed) return
      if (running) pending = true
      else arm()
    },
    status() {
      return {
        state: running ? 'running' : timer ? 'scheduled' : 'idle',
        pending,
        runs: {...runs},
        lastRun: lastRun && {...lastRun},
        lastSuccessAt,
      }
    },
    idle() {
      if (isIdle()) return Promise.resolve()
      return new Promise<void>((resolve) => waiters.push(resolve))
    },
    async close() {
      closed = true
      pending = false
      clearTimeout(timer)
      timer = undefined
      controller?.abort()
      await running
      wakeWaiters()
    },
  }
}
