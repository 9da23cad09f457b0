export type ReplayVerdict = 'fresh' | 'replay' | 'full'

export interface ReplayGuard {
  /**
   * Records a verified signature. 'replay' if it was seen before, 'full' if the guard holds
   * `maxEntries` live signatures and cannot take another without forgetting one.
   */
  remember(signature: string, timestamp: number, now: number): ReplayVerdict
  /** Undoes `remember` for a webhook that was not accepted after all (its record failed). */
  forget(signature: string): void
  /** The live entries, for the replay file. */
  entries(): Iterable<[string, number]>
  readonly size: number
  readonly maxEntries: number
}

export interface ReplayGuardOptions {
  /** The signature window (ms): a signature older than this is refused as stale anyway. */
  windowMs: number
  maxEntries?: number
  /** How often (ms) expired entries are swept out at most; a full guard always sweeps. */
  sweepEveryMs?: number
  /** Entries restored from the replay file. */
  entries?: Iterable<[string, number]>
  /**
   * Signatures timestamped at or before this are treated as seen: used when the record of
   * what was accepted before a restart is lost.
   */
  notBefore?: number
}

/**
 * The signatures accepted within the timestamp window. An entry lives exactly as long as its
 * timestamp would pass the window check, so forgetting it can never let a replay through;
 * only signatures that verified are stored, so strangers cannot fill it.
 */
export function createReplayGuard(options: ReplayGuardOptions): ReplayGuard {
  const {windowMs} = options
  const maxEntries = options.maxEntries ?? 10_000
  const sweepEveryMs = options.sweepEveryMs ?? Math.min(1_000, windowMs)
  const seen = new Map<string, number>(options.entries)
  const notBefore = options.notBefore ?? Number.NEGATIVE_INFINITY
  let lastSweep = Number.NEGATIVE_INFINITY

  const sweep = (now: number) => {
    lastSweep = now
    for (const [signature, timestamp] of seen)
      if (now - timestamp > windowMs) seen.delete(signature)
  }

  return {
    remember(signature, timestamp, now) {
      if (now - lastSweep >= sweepEveryMs) sweep(now)
      if (timestamp <= notBefore) return 'replay'
      const previous = seen.get(signature)
      if (previous !== undefined && now - previous <= windowMs) return 'replay'
      if (seen.size >= maxEntries) {
        sweep(now)
        if (seen.size >= maxEntries) return 'full'
      }
      seen.set(signature, timestamp)
      return 'fresh'
    },
    forget(signature) {
      seen.delete(signature)
    },
    entries: () => seen.entries(),
    get size() {
      return seen.size
    },
    maxEntries,
  }
}
