import {existsSync, linkSync, mkdirSync, writeFileSync} from 'node:fs'
import {mkdir, readdir, rename, rm} from 'node:fs/promises'
import {basename, dirname, isAbsolute, join, normalize, relative, resolve, sep} from 'node:path'
import type {ContentIssue} from '../types.ts'
import {
  MANIFEST_FILE,
  type Manifest,
  type ManifestEntry,
  readManifestFile,
  sha256,
} from './manifest.ts'
import {stableJson} from './stableJson.ts'

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
}

/** Writes one file of the export (into the staging folder). */
export type WriteFile = (path: string, content: string | Uint8Array) => Promise<void>

export interface WriteOptions {
  source: string
  perspective: string
  /** Files of the previous export to carry over unchanged (`--only`, and unchanged pages). */
  carryOver?: (entry: ManifestEntry) => boolean
  /** Recorded in the manifest for the next incremental run (see Manifest). */
  validated?: Record<string, string>
  findings?: Record<string, ContentIssue[]>
  rules?: string
  keyring?: Manifest['keyring']
  gate?: Manifest['gate']
  /** For tests: replaces writeFile to simulate a failing disk. */
  writeFileImpl?: WriteFile
}

/** Programmer or environment errors while writing: the previous export is left intact. */
export class WriteError extends Error {
  override name = 'WriteError'
}

/** A relative path that stays inside the output folder, or an error naming the culprit. */
export function safeOutputPath(path: string, documentId?: string): string {
  const normalized = normalize(path)
  if (
    path.includes('\0') ||
    isAbsolute(path) ||
    normalized.startsWith('..') ||
    normalized !== path ||
    path.includes('\\')
  ) {
    throw new WriteError(
      `Refusing to write "${path}"${documentId ? ` for ${documentId}` : ''}: it would leave the output folder.`,
    )
  }
  return normalized
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/** The sibling folders used for the swap; they live next to `out` so renames stay on one file system. */
export function swapPaths(outDir: string) {
  const out = resolve(outDir)
  const parent = dirname(out)
  const name = basename(out)
  return {
    out,
    staging: join(parent, `.${name}.staging-${process.pid}`),
    previous: join(parent, `.${name}.previous`),
    parent,
    name,
  }
}

/**
 * Finishes a swap that a killed export left half-done: the previous export is moved back
 * when `out` itself is missing. Stale staging folders of dead processes are removed.
 */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
  const {out, previous, parent, name} = swapPaths(outDir)
  if (!existsSync(out) && existsSync(previous)) await rename(previous, out)
  else if (existsSync(previous)) await rm(previous, {recursive: true, force: true})
  if (!existsSync(parent)) return
  for (const entry of await readdir(parent)) {
    const match = entry.startsWith(`.${name}.staging-`)
      ? Number(entry.slice(`.${name}.staging-`.length))
      : Number.NaN
    if (Number.isInteger(match) && match !== process.pid && !isAlive(match)) {
      await rm(join(parent, entry), {recursive: true, force: true})
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Files are written synchronously: on this kind of machine (page cache, 2 cores) a blocking
 * write of a page costs about 35 µs, where the promise API costs several times that in
 * thread-pool round trips. Tests replace it to simulate a failing disk.
 */
const writeFileNow = async (path: string, content: string | Uint8Array) => {
  writeFileSync(path, content)
}

/** At most this many file writes are in flight at once (for a `writeFileImpl` that is async). */
const WRITE_CONCURRENCY = 32

/**
 * Writes a complete export into a staging folder next to `out` and swaps it in. Unchanged
 * files are hard-linked from the previous export (same bytes, same inode, never rewritten);
 * files whose document is gone are simply not carried over (mark and sweep). On any error
 * the staging folder is removed and `out` is untouched.
 */
export async function writeExport(
  outDir: string,
  files: Iterable<OutputFile>,
  options: WriteOptions,
): Promise<WriteResult> {
  const writer = await ExportWriter.open(outDir, options)
  try {
    for (const file of files) await writer.add(file)
    return await writer.finish()
  } finally {
    await writer.abort()
  }
}

/**
 * The streaming form of `writeExport`: files are written (in bounded batches) as they are
 * added, so an export never holds all of its output in memory. Nothing touches the disk
 * until the first file that differs from the previous export, so a run that changes nothing
 * writes nothing. Call `finish()` to swap the export in, or `abort()` to drop it.
 */
export class ExportWriter {
  readonly result: WriteResult = {written: [], unchanged: [], removed: []}
  readonly #paths: ReturnType<typeof swapPaths>
  readonly #options: WriteOptions
  readonly #write: WriteFile
  readonly #old: Manifest | undefined
  /** The old manifest's text, to tell without serializing it again whether it changes. */
  readonly #oldText: string | undefined
  readonly #oldEntries: Map<string, ManifestEntry>
  readonly #entries: ManifestEntry[] = []
  readonly #seen = new Set<string>()
  readonly #made = new Set<string>()
  readonly #inflight = new Set<Promise<void>>()
  /** Unchanged files added before the staging folder existed; linked when it is made. */
  #toLink: string[] = []
  #staged = false
  #failure: unknown
  #done = false

  private constructor(
    paths: ReturnType<typeof swapPaths>,
    old: {manifest: Manifest; text: string} | undefined,
    options: WriteOptions,
  ) {
    this.#paths = paths
    this.#options = options
    this.#write = options.writeFileImpl ?? writeFileNow
    this.#old = old?.manifest
    this.#oldText = old?.text
    this.#oldEntries = new Map((old?.manifest.files ?? []).map((f) => [f.path, f]))
  }

  static async open(outDir: string, options: WriteOptions): Promise<ExportWriter> {
    const paths = swapPaths(outDir)
    await recoverInterruptedSwap(outDir)
    const old = await readManifestFile(paths.out)
    if (!old && existsSync(paths.out) && (await readdir(paths.out)).length > 0) {
      throw new WriteError(
        `${paths.out} is not empty and holds no ${MANIFEST_FILE}, so it is not an earlier export. Choose an empty or new folder for --out; nothing was changed.`,
      )
    }
    return new ExportWriter(paths, old, options)
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
    const same =
      this.#oldEntries.get(path)?.sha256 === hash && existsSync(join(this.#paths.out, path))
    if (same) {
      this.result.unchanged.push(path)
      if (this.#staged) await this.#queue(() => this.#link(path))
      else this.#toLink.push(path)
    } else {
      this.result.written.push(path)
      await this.#stage()
      await this.#queue(() => this.#put(path, file.content))
    }
  }

  /** The manifest of the export in the folder (after finishing an interrupted swap), if any. */
  get previous(): Manifest | undefined {
    return this.#old
  }

  /**
   * Carries files of the previous export over, swaps the export in and returns what changed.
   * `validated`, `findings` and `rules` (for the manifest) replace those given to open(),
   * when known only now.
   */
  async finish(
    late: Pick<WriteOptions, 'validated' | 'findings' | 'rules' | 'keyring' | 'gate'> = {},
  ): Promise<WriteResult> {
    const validated = late.validated ?? this.#options.validated
    const findings = late.findings ?? this.#options.findings
    const rules = late.rules ?? this.#options.rules
    const keyring = late.keyring ?? this.#options.keyring
    const gate = late.gate ?? this.#options.gate
    const {carryOver} = this.#options
    for (const entry of this.#old?.files ?? []) {
      if (this.#seen.has(entry.path) || !carryOver?.(entry)) continue
      if (!existsSync(join(this.#paths.out, entry.path))) continue
      this.#claim(entry.path)
      this.#entries.push(entry)
      this.result.unchanged.push(entry.path)
      if (this.#staged) await this.#queue(() => this.#link(entry.path))
      else this.#toLink.push(entry.path)
    }
    const result = this.result
    result.removed = [...this.#oldEntries.keys()].filter((path) => !this.#seen.has(path)).sort()
    this.#entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    const manifest: Manifest = {
      version: 1,
      source: this.#options.source,
      perspective: this.#options.perspective,
      files: this.#entries,
      ...(validated ? {validated} : {}),
      ...(findings && Object.keys(findings).length > 0 ? {findings} : {}),
      ...(rules ? {rules} : {}),
      ...(keyring ? {keyring} : {}),
      ...(gate ? {gate} : {}),
    }
    const manifestText = stableJson(manifest)
    const unchanged = !this.#staged && result.removed.length === 0 && this.#oldText === manifestText
    if (!unchanged) {
      await this.#stage()
      await this.#queue(() => this.#put(MANIFEST_FILE, manifestText))
      await this.#drain()
      result.written.push(MANIFEST_FILE)
      const {out, staging, previous} = this.#paths
      await this.#guard(async () => {
        // The swap: two renames. A kill between them leaves `out` missing and `.previous`
        // complete; recoverInterruptedSwap() restores it at the start of the next run.
        if (existsSync(out)) await rename(out, previous)
        await rename(staging, out)
        await rm(previous, {recursive: true, force: true})
      })
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

  #claim(path: string, documentId?: string): string {
    const safe = safeOutputPath(path, documentId)
    if (safe === MANIFEST_FILE || this.#seen.has(safe)) {
      throw new WriteError(`Two outputs claim the path "${safe}".`)
    }
    this.#seen.add(safe)
    return safe
  }

  /** Makes the staging folder on first need and links the unchanged files added so far. */
  async #stage(): Promise<void> {
    if (this.#staged) return
    this.#staged = true
    await this.#guard(async () => {
      await rm(this.#paths.staging, {recursive: true, force: true})
      await mkdir(this.#paths.staging, {recursive: true})
    })
    const pending = this.#toLink
    this.#toLink = []
    for (const path of pending) await this.#queue(() => this.#link(path))
  }

  /** Makes the staging folder of `path` once (synchronously, so no write can race it). */
  #dir(path: string): void {
    const dir = dirname(join(this.#paths.staging, path))
    if (this.#made.has(dir)) return
    mkdirSync(dir, {recursive: true})
    this.#made.add(dir)
  }

  async #link(path: string): Promise<void> {
    this.#dir(path)
    linkSync(join(this.#paths.out, path), join(this.#paths.staging, path))
  }

  async #put(path: string, content: string | Uint8Array): Promise<void> {
    this.#dir(path)
    await this.#write(join(this.#paths.staging, path), content)
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
      `Could not write the export to ${this.#paths.out} (${err.code ?? err.message}). The previous export is unchanged.${err.code === 'EACCES' || err.code === 'EROFS' ? ' Check that the folder is writable.' : err.code === 'ENOSPC' ? ' The disk is full.' : ''}`,
    )
  }
}
