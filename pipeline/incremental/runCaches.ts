import {
  type CacheSpace,
  emptySpace,
  planShards,
  type RememberedSpace,
  readSpace,
  spaceFolder,
} from '../write/cacheShards.ts'
import type {Manifest} from '../write/manifest.ts'
import type {ExportWriter} from '../write/writeExport.ts'

/**
 * The caches of one run: what it reads of the last export's (statement verdicts, closure
 * hashes, validation results, line facts) and what it leaves for the next. Each is a space of
 * shards in the export (cacheShards.ts), so a run that changed one document rewrites a few
 * small shards instead of every entry.
 */
export class RunCaches {
  readonly #outDir: string
  readonly #previous: Manifest | undefined
  /** By the space's folder, which names it and its qualifier. */
  readonly #read = new Map<string, RememberedSpace<unknown>>()
  readonly #live = new Map<string, [CacheSpace<unknown>, ReadonlyMap<string, unknown>]>()

  /**
   * `previous`: the last export's manifest without the files the writer found damaged; none
   * under --repair, which trusts no cache in the output folder.
   */
  constructor(outDir: string, previous: Manifest | undefined) {
    this.#outDir = outDir
    this.#previous = previous
  }

  /** The last export's entries of a space (read once). */
  read<V>(space: CacheSpace<V>): RememberedSpace<V> {
    const folder = spaceFolder(space)
    let remembered = this.#read.get(folder) as RememberedSpace<V> | undefined
    if (!remembered) {
      const files = this.#previous?.files
      remembered = files ? readSpace(this.#outDir, files, space) : emptySpace<V>()
      this.#read.set(folder, remembered as RememberedSpace<unknown>)
    }
    return remembered
  }

  /** This run's entries of a space, for the next run. */
  leave<V>(space: CacheSpace<V>, entries: ReadonlyMap<string, V>): void {
    this.#live.set(spaceFolder(space), [space as CacheSpace<unknown>, entries])
  }

  /** Keeps each shard whose keys are unchanged and writes the others into the export. */
  async write(writer: ExportWriter): Promise<void> {
    for (const [space, entries] of this.#live.values()) {
      const plan = planShards(space, entries, this.read(space))
      for (const path of plan.keep) await writer.keepPrevious(path)
      for (const file of plan.write) await writer.add(file)
    }
  }
}
