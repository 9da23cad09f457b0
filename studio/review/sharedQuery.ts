/**
 * One fetch (and one listener) per query and key, shared by every component that asks: the
 * three review actions and the badge of a document all read the same decisions.
 * Shaped for `useSyncExternalStore`: snapshots are replaced, never mutated.
 */

export interface QuerySnapshot<T> {
  /** undefined until the first answer arrives */
  value: T | undefined
  error: string | undefined
}

export interface Subscription {
  unsubscribe(): void
}

export interface SharedQueryOptions<Client, T> {
  fetch: (client: Client, key: string) => Promise<T>
  /** Calls `onChange` whenever the answer may have changed. */
  watch?: (client: Client, key: string, onChange: () => void) => Subscription
}

interface Entry<T> {
  snapshot: QuerySnapshot<T>
  listeners: Set<() => void>
  watcher: Subscription | undefined
  /** Bumped per fetch so that an older, slower answer never overwrites a newer one. */
  generation: number
}

const EMPTY: QuerySnapshot<never> = {value: undefined, error: undefined}

export interface SharedQuery<Client, T> {
  subscribe(client: Client, key: string, listener: () => void): () => void
  getSnapshot(client: Client, key: string): QuerySnapshot<T>
  /** Fetches again now, for example right after this Studio wrote a decision. */
  refresh(client: Client, key: string): Promise<void>
}

export function createSharedQuery<Client extends object, T>(
  options: SharedQueryOptions<Client, T>,
): SharedQuery<Client, T> {
  const entries = new WeakMap<Client, Map<string, Entry<T>>>()

  const entryFor = (client: Client, key: string): Entry<T> => {
    let byKey = entries.get(client)
    if (!byKey) {
      byKey = new Map()
      entries.set(client, byKey)
    }
    let entry = byKey.get(key)
    if (!entry) {
      entry = {snapshot: EMPTY, listeners: new Set(), watcher: undefined, generation: 0}
      byKey.set(key, entry)
    }
    return entry
  }

  const publish = (entry: Entry<T>, snapshot: QuerySnapshot<T>) => {
    entry.snapshot = snapshot
    for (const listener of entry.listeners) listener()
  }

  const load = async (client: Client, key: string): Promise<void> => {
    const entry = entryFor(client, key)
    const generation = ++entry.generation
    try {
      const value = await options.fetch(client, key)
      if (generation === entry.generation) publish(entry, {value, error: undefined})
    } catch (error) {
      if (generation === entry.generation)
        publish(entry, {
          value: entry.snapshot.value,
          error: error instanceof Error ? error.message : String(error),
        })
    }
  }

  return {
    subscribe(client, key, listener) {
      const entry = entryFor(client, key)
      entry.listeners.add(listener)
      if (entry.listeners.size === 1) {
        void load(client, key)
        entry.watcher = options.watch?.(client, key, () => void load(client, key))
      }
      return () => {
        entry.listeners.delete(listener)
        if (entry.listeners.size === 0) {
          entry.watcher?.unsubscribe()
          entry.watcher = undefined
        }
      }
    },
    getSnapshot(client, key) {
      return entries.get(client)?.get(key)?.snapshot ?? EMPTY
    },
    refresh: load,
  }
}
