import {linkSync, mkdirSync, writeFileSync} from 'node:fs'
import {mkdir, readdir, rm} from 'node:fs/promises'
import {dirname, join, relative, sep} from 'node:path'
import {dequal} from 'dequal'
import {sha256} from '../hash.ts'
import {damagedFiles} from './checkFiles.ts'
import {syncPath, syncToDisk} from './durable.ts'
import {acquireExportLock} from './exportLock.ts'
import {
  MANIFEST_FILE,
  type Manifest,
  type ManifestEntry,
  manifestText,
  readManifest,
} from './manifest.ts'
import {lstatIfAny, type OutputPaths, outputPaths, safeOutputPath} from './outputPaths.ts'
import {type Exchange, recoverInterruptedSwap, removeLeftovers, swapIn} from './swapExport.ts'
import {errorCode, WriteError} from './writeError.ts'

export {safeOutputPath} from './outputPaths.ts'
export {WriteError} from './writeError.ts'

export interface OutputFile {
  path: string
  /** Text (written as UTF-8) or the UTF-8 bytes themselves. */
  content: string | Uint8Array
  /** sha256 (hex) of the bytes, when the caller has it already. */
  sha256?: string
  documentId?: string
  revision?: string
  inputs?: string
}

export interface WriteResult {
  written: string[]
  unchanged: string[]
  removed: string[]
  /** Files of the previous export that could not be reused (see damagedFiles), and why. */
  damaged?: {path: string; problem: string}[]
  /** What a reader of the report should know about this write. */
  notes?: string[]
}

/** Writes one file of the export (into the staging folder). */
export type WriteFile = (path: string, content: string | Uint8Array) => Promise<void>

/** The moments of a write, in order, at which the tests kill a process. */
export const WRITE_STEPS = ['staged', 'synced', 'swapped', 'published'] as const
export type WriteStep = (typeof WRITE_STEPS)[number]

export interface WriteOptions {
  source: string
  perspective: string
  /** Files of the previous export to carry over unchanged (`--only`, and unchanged pages). */
  carryOver?: (entry: ManifestEntry) => boolean
  /** Recorded in the manifest for the next incremental run (see Manifest). */
  rules?: string
  keyring?: Manifest['keyring']
  gate?: Manifest['gate']
  /** Compare every file of the previous export with its sha256, not only its size. */
  repair?: boolean
  /** For tests: replaces writeFile to simulate a failing disk. */
  writeFileImpl?: WriteFile
  /** For tests: replaces the atomic exchange, to act as a file system without one. */
  exchange?: Exchange
  /** For tests: called at each step of WRITE_STEPS. */
  onStep?: (step: WriteStep) => void | Promise<void>
}

/** The regular files under `dir`, as sorted relative paths with `/`. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/**
 * Files are written synchronously: into the page cache a blocking write of a page is cheaper
 * than the promise API's thread-pool round trips. They are flushed to the disk together
 * before the swap.
 */
const writeFileNow = async (path: string, content: string | Uint8Array) => {
  // Encoded first: writeFileSync of a 20 MB string (the manifest) takes 150 ms, of its bytes 5.
  writeFileSync(path, typeof content === 'string' ? Buffer.from(content) : content)
}

/** At most this many file writes are in flight at once (for a `writeFileImpl` that is async). */
const WRITE_CONCURRENCY = 32

/**
 * Writes a complete export into a staging folder next to `out` and swaps it in, holding the
 * export lock. Unchanged files are hard-linked from the previous export (same bytes, same
 * inode, never rewritten); files whose document is gone are simply not carried over (mark
 * and sweep). On any error the staging folder is removed and `out` is untouched.
 */
export async function writeExport(
  outDir: string,
  files: Iterable<OutputFile>,
  options: WriteOptions,
): Promise<WriteResult> {
  const release = await acquireExportLock(outDir)
  try {
    const writer = await ExportWriter.open(outDir, options)
    try {
      for (const file of files) await writer.add(file)
      return await writer.finish()
    } finally {
      await writer.abort()
    }
  } finally {
    await release()
  }
}

/** Manifest fields known only when the export finishes. */
type LateManifestFields = Pick<WriteOptions, 'rules' | 'keyring' | 'gate'>

/** What ExportWriter.open found of the previous export. */
interface Previous {
  manifest: Manifest | undefined
  damaged: Map<string, string>
  notes: string[]
}

/**
 * Reads the previous export in `out` and checks the files it lists: each one's type and size,
 * and every sha256 after an interrupted run (its staging folder was left behind) or with
 * `repair`. A folder holding other things than an export is refused.
 */
async function readPrevious(paths: OutputPaths, repair: boolean): Promise<Previous> {
  const interrupted = await recoverInterruptedSwap(paths)
  const old = await readManifest(paths.out)
  const hasManifest = lstatIfAny(join(paths.out, MANIFEST_FILE)) !== undefined
  if (!old && !hasManifest && lstatIfAny(paths.out) && (await readdir(paths.out)).length > 0) {
    throw new WriteError(
      `${paths.given} is not empty and holds no ${MANIFEST_FILE}, so it is not an earlier export. Choose an empty or new folder for --out; nothing was changed.`,
    )
  }
  const full = repair || interrupted
  const notes: string[] = []
  if (interrupted)
    notes.push(
      `The last export into ${paths.given} was interrupted, so every file was checked against its sha256.`,
    )
  else if (repair) notes.push('Every file was checked against its sha256 (--repair).')
  if (!old && hasManifest)
    notes.push(`${MANIFEST_FILE} was unreadable, so every file was written again.`)
  const damaged = old ? damagedFiles(paths.out, old.files, full) : new Map()
  return {manifest: old, damaged, notes}
}

/**
 * The streaming form of `writeExport`: files are written (in bounded batches) as they are
 * added, so an export never holds all of its output in memory. Nothing touches the disk
 * until the first file that differs from the previous export, so a run that changes nothing
 * writes nothing. Call `finish()` to swap the export in, or `abort()` to drop it. The caller
 * holds the export lock (acquireExportLock).
 */
export class ExportWriter {
  readonly result: WriteResult = {written: [], unchanged: [], removed: []}
  /** The previous export's manifest without the files that cannot be reused. */
  readonly previous: Manifest | undefined
  readonly #paths: OutputPaths
  readonly #options: WriteOptions
  readonly #write: WriteFile
  readonly #old: Previous
  readonly #oldEntries: Map<string, ManifestEntry>
  readonly #entries: ManifestEntry[] = []
  readonly #seen = new Set<string>()
  readonly #made = new Set<string>()
  readonly #inflight = new Set<Promise<void>>()
  /** Files written into the staging folder, to flush before the swap. */
  readonly #written: string[] = []
  /** Unchanged files added before the staging folder existed; linked when it is made. */
  #toLink: string[] = []
  #staged = false
  #failure: unknown
  #done = false

  private constructor(paths: OutputPaths, old: Previous, options: WriteOptions) {
    this.#paths = paths
    this.#options = options
    this.#write = options.writeFileImpl ?? writeFileNow
    this.#old = old
    this.#oldEntries = new Map((old.manifest?.files ?? []).map((f) => [f.path, f]))
    this.previous = old.manifest && {
      ...old.manifest,
      files: old.manifest.files.filter((f) => !old.damaged.has(f.path)),
    }
    if (old.damaged.size > 0)
      this.result.damaged = [...old.damaged].map(([path, problem]) => ({path, problem}))
    if (old.notes.length > 0) this.result.notes = [...old.notes]
  }

  static async open(outDir: string, options: WriteOptions): Promise<ExportWriter> {
    const paths = outputPaths(outDir)
    return new ExportWriter(paths, await readPrevious(paths, Boolean(options.repair)), options)
  }

  /** Adds one file: hard-linked when the previous export has the same bytes, else written. */
  async add(file: OutputFile): Promise<void> {
    const path = this.#claim(file.path, file.documentId)
    const hash = file.sha256 ?? sha256(file.content)
    const entry: ManifestEntry = {path, sha256: hash, bytes: Buffer.byteLength(file.content)}
    if (file.documentId) entry.documentId = file.documentId
    if (file.revision) entry.revision = file.revision
    if (file.inputs) entry.inputs = file.inputs
    this.#entries.push(entry)
    if (this.#oldEntries.get(path)?.sha256 === hash && !this.#old.damaged.has(path)) {
      await this.#keep(path)
    } else {
      this.result.written.push(path)
      await this.#stage()
      await this.#queue(() => this.#put(path, file.content))
    }
  }

  /** Keeps a file of the previous export as it is (a cache shard whose entries are unchanged). */
  async keepPrevious(path: string): Promise<void> {
    const entry = this.#oldEntries.get(path)
    if (!entry || this.#old.damaged.has(path))
      throw new WriteError(
        `${path} is not an intact file of the previous export, so it cannot be kept.`,
      )
    this.#claim(path)
    this.#entries.push(entry)
    await this.#keep(path)
  }

  /**
   * Carries files of the previous export over, swaps the export in and returns what changed.
   * `rules`, `keyring` and `gate` (for the manifest) replace those given to open(), when
   * known only now.
   */
  async finish(late: LateManifestFields = {}): Promise<WriteResult> {
    for (const entry of this.#old.manifest?.files ?? []) {
      if (this.#seen.has(entry.path) || !this.#options.carryOver?.(entry)) continue
      const problem = this.#old.damaged.get(entry.path)
      if (problem) {
        this.#note(
          `${entry.path} (${problem}) was not made again by this run, so it is left out; a full export restores it.`,
        )
        continue
      }
      this.#claim(entry.path)
      this.#entries.push(entry)
      await this.#keep(entry.path)
    }
    const result = this.result
    result.removed = [...this.#oldEntries.keys()].filter((path) => !this.#seen.has(path)).sort()
    const manifest = this.#manifest(late)
    // Compared as values: serializing a 10,000-page manifest costs five times as much.
    const unchanged =
      !this.#staged && result.removed.length === 0 && dequal(manifest, this.#old.manifest)
    if (!unchanged) {
      await this.#stage()
      await this.#queue(() => this.#put(MANIFEST_FILE, manifestText(manifest)))
      await this.#drain()
      result.written.push(MANIFEST_FILE)
      await this.#publish()
    }
    this.#done = true
    return result
  }

  /** Removes the staging folder unless the export was swapped in; safe to call twice. */
  async abort(): Promise<void> {
    if (this.#done) return
    this.#done = true
    await Promise.allSettled(this.#inflight)
    if (this.#staged) await rm(this.#paths.staging, {recursive: true, force: true}).catch(() => {})
  }

  #manifest(late: LateManifestFields): Manifest {
    const rules = late.rules ?? this.#options.rules
    const keyring = late.keyring ?? this.#options.keyring
    const gate = late.gate ?? this.#options.gate
    this.#entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    const manifest: Manifest = {
      version: 1,
      source: this.#options.source,
      perspective: this.#options.perspective,
      files: this.#entries,
      ...(rules ? {rules} : {}),
      ...(keyring ? {keyring} : {}),
      ...(gate ? {gate} : {}),
    }
    return manifest
  }

  /**
   * Flushes the staging folder to the disk, swaps it in (swapIn: `out` is never missing),
   * flushes the swap, and removes the previous export. Once swapped, a failure only leaves
   * the old export behind for the next run to remove.
   */
  async #publish(): Promise<void> {
    const step = this.#options.onStep ?? (() => {})
    const paths = this.#paths
    await this.#guard(() => syncToDisk(this.#written, this.#folders()))
    await step('synced')
    let fallback: string | undefined
    await this.#guard(async () => {
      fallback = await swapIn(paths, this.#options.exchange)
    })
    this.#done = true
    if (fallback) this.#note(fallback)
    await step('swapped')
    try {
      await syncPath(paths.parent, true)
      await step('published')
      await removeLeftovers(paths)
    } catch (error) {
      this.#note(
        `The export is in place, but finishing the swap failed (${errorCode(error) ?? error}); the next run removes ${paths.staging}.`,
      )
    }
  }

  #note(note: string): void {
    this.result.notes = [...(this.result.notes ?? []), note]
  }

  #claim(path: string, documentId?: string): string {
    const safe = safeOutputPath(path, documentId)
    if (safe === MANIFEST_FILE || this.#seen.has(safe)) {
      throw new WriteError(`Two outputs claim the path "${safe}".`)
    }
    this.#seen.add(safe)
    return safe
  }

  /** Keeps a file of the previous export: linked into the staging folder, now or once made. */
  async #keep(path: string): Promise<void> {
    this.result.unchanged.push(path)
    if (this.#staged) this.#link(path)
    else this.#toLink.push(path)
  }

  /**
   * Makes the staging folder on first need and links the unchanged files added so far. Its
   * entry is flushed: a staging folder found by the next run means this one was interrupted.
   */
  async #stage(): Promise<void> {
    if (this.#staged) return
    this.#staged = true
    await this.#guard(async () => {
      await rm(this.#paths.staging, {recursive: true, force: true})
      await mkdir(this.#paths.staging, {recursive: true})
      await syncPath(this.#paths.parent, true)
    })
    await this.#options.onStep?.('staged')
    const pending = this.#toLink
    this.#toLink = []
    for (const path of pending) this.#link(path)
  }

  /** The staging folder and every folder made in it, deepest first. */
  #folders(): string[] {
    const folders = new Set([this.#paths.staging])
    for (let dir of this.#made) {
      while (!folders.has(dir)) {
        folders.add(dir)
        dir = dirname(dir)
      }
    }
    return [...folders].sort((a, b) => b.length - a.length)
  }

  /** Makes the staging folder of `path` once (synchronously, so no write can race it). */
  #dir(path: string): void {
    const dir = dirname(join(this.#paths.staging, path))
    if (this.#made.has(dir)) return
    mkdirSync(dir, {recursive: true})
    this.#made.add(dir)
  }

  /** A link is one quick system call: made at once, not queued (20,000 promises cost 130 ms). */
  #link(path: string): void {
    try {
      this.#dir(path)
      linkSync(join(this.#paths.out, path), join(this.#paths.staging, path))
    } catch (error) {
      this.#failure ??= error
      this.#rethrow()
    }
  }

  async #put(path: string, content: string | Uint8Array): Promise<void> {
    this.#dir(path)
    const target = join(this.#paths.staging, path)
    await this.#write(target, content)
    this.#written.push(target)
  }

  /** Runs one disk operation with at most WRITE_CONCURRENCY in flight. */
  async #queue(task: () => Promise<void>): Promise<void> {
    this.#rethrow()
    while (this.#inflight.size >= WRITE_CONCURRENCY) await Promise.race(this.#inflight)
    this.#rethrow()
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        this.#failure ??= error
      })
      .finally(() => this.#inflight.delete(running))
    this.#inflight.add(running)
  }

  async #drain(): Promise<void> {
    await Promise.all(this.#inflight)
    this.#rethrow()
  }

  async #guard(step: () => Promise<void>): Promise<void> {
    try {
      await step()
    } catch (error) {
      this.#failure ??= error
      this.#rethrow()
    }
  }

  #rethrow(): void {
    if (this.#failure === undefined) return
    const error = this.#failure
    if (error instanceof WriteError) throw error
    const err = error as NodeJS.ErrnoException
    throw new WriteError(
      `Could not write the export to ${this.#paths.given} (${err.code ?? err.message}). The previous export is unchanged.${err.code === 'EACCES' || err.code === 'EROFS' ? ' Check that the folder is writable.' : err.code === 'ENOSPC' ? ' The disk is full.' : ''}`,
    )
  }
}
