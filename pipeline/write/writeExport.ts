import {existsSync} from 'node:fs'
import {link, mkdir, readdir, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, isAbsolute, join, normalize, relative, resolve, sep} from 'node:path'
import {MANIFEST_FILE, type Manifest, type ManifestEntry, readManifest, sha256} from './manifest.ts'
import {stableJson} from './stableJson.ts'

export interface OutputFile {
  path: string
  content: string
  documentId?: string
  revision?: string
  inputs?: string
}

export interface WriteResult {
  written: string[]
  unchanged: string[]
  removed: string[]
}

export interface WriteOptions {
  source: string
  perspective: string
  /** Files of the previous export to carry over unchanged (`--only`, and unchanged pages). */
  carryOver?: (entry: ManifestEntry) => boolean
  /** Recorded in the manifest for the next incremental run. */
  validated?: Record<string, string>
  /** For tests: replaces writeFile to simulate a failing disk. */
  writeFileImpl?: typeof writeFile
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
 * Writes a complete export into a staging folder next to `out` and swaps it in. Unchanged
 * files are hard-linked from the previous export (same bytes, same inode, never rewritten);
 * files whose document is gone are simply not carried over (mark and sweep). On any error
 * the staging folder is removed and `out` is untouched.
 */
export async function writeExport(
  outDir: string,
  files: OutputFile[],
  options: WriteOptions,
): Promise<WriteResult> {
  const {out, staging, previous} = swapPaths(outDir)
  const write = options.writeFileImpl ?? writeFile
  await recoverInterruptedSwap(outDir)
  const old = await readManifest(out)
  if (!old && existsSync(out) && (await readdir(out)).length > 0) {
    throw new WriteError(
      `${out} is not empty and holds no ${MANIFEST_FILE}, so it is not an earlier export. Choose an empty or new folder for --out; nothing was changed.`,
    )
  }
  const oldEntries = new Map((old?.files ?? []).map((f) => [f.path, f]))
  const entries: ManifestEntry[] = []
  const result: WriteResult = {written: [], unchanged: [], removed: []}
  const seen = new Set<string>()

  // Plan first: a run that changes nothing touches nothing on disk.
  const fresh = new Set(files.map((f) => f.path))
  const carried = (old?.files ?? []).filter(
    (e) => options.carryOver?.(e) && !fresh.has(e.path) && existsSync(join(out, e.path)),
  )
  const planned: {path: string; link: boolean; content?: string}[] = []
  for (const entry of carried) {
    entries.push(entry)
    seen.add(entry.path)
    planned.push({path: entry.path, link: true})
    result.unchanged.push(entry.path)
  }
  for (const file of files) {
    const path = safeOutputPath(file.path, file.documentId)
    if (path === MANIFEST_FILE || seen.has(path)) {
      throw new WriteError(`Two outputs claim the path "${path}".`)
    }
    seen.add(path)
    const hash = sha256(file.content)
    const entry: ManifestEntry = {path, sha256: hash, bytes: Buffer.byteLength(file.content)}
    if (file.documentId) entry.documentId = file.documentId
    if (file.revision) entry.revision = file.revision
    if (file.inputs) entry.inputs = file.inputs
    entries.push(entry)
    const same = oldEntries.get(path)?.sha256 === hash && existsSync(join(out, path))
    planned.push(same ? {path, link: true} : {path, link: false, content: file.content})
    if (same) result.unchanged.push(path)
    else result.written.push(path)
  }
  result.removed = [...oldEntries.keys()].filter((path) => !seen.has(path)).sort()
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const manifest: Manifest = {
    version: 1,
    source: options.source,
    perspective: options.perspective,
    files: entries,
    ...(options.validated ? {validated: options.validated} : {}),
  }
  const manifestText = stableJson(manifest)
  if (
    result.written.length === 0 &&
    result.removed.length === 0 &&
    old &&
    stableJson(old) === manifestText
  ) {
    return result
  }

  await rm(staging, {recursive: true, force: true})
  try {
    await mkdir(staging, {recursive: true})
    const made = new Set<string>()
    for (const item of planned) {
      const dir = dirname(join(staging, item.path))
      if (!made.has(dir)) {
        await mkdir(dir, {recursive: true})
        made.add(dir)
      }
      if (item.link) await link(join(out, item.path), join(staging, item.path))
      else await write(join(staging, item.path), item.content as string)
    }
    await write(join(staging, MANIFEST_FILE), manifestText)
    result.written.push(MANIFEST_FILE)
    // The swap: two renames. A kill between them leaves `out` missing and `.previous`
    // complete; recoverInterruptedSwap() restores it at the start of the next run.
    if (existsSync(out)) await rename(out, previous)
    await rename(staging, out)
    await rm(previous, {recursive: true, force: true})
    return result
  } catch (error) {
    await rm(staging, {recursive: true, force: true}).catch(() => {})
    if (error instanceof WriteError) throw error
    const err = error as NodeJS.ErrnoException
    throw new WriteError(
      `Could not write the export to ${out} (${err.code ?? err.message}). The previous export is unchanged.${err.code === 'EACCES' || err.code === 'EROFS' ? ' Check that the folder is writable.' : err.code === 'ENOSPC' ? ' The disk is full.' : ''}`,
    )
  }
}
