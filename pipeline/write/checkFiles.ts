import {readFileSync, readlinkSync} from 'node:fs'
import {readdir} from 'node:fs/promises'
import {dirname, join, relative, sep} from 'node:path'
import {sha256} from '../hash.ts'
import {acquireReadLock} from './exportLock.ts'
import {MANIFEST_FILE, type ManifestEntry, readManifest} from './manifest.ts'
import {lstatIfAny, outputPaths, safeOutputPath} from './outputPaths.ts'
import {restoreOut} from './swapExport.ts'
import {WriteError} from './writeError.ts'

const DIFFERS = 'content differs from the manifest'

/** What lies at `path` instead of a plain file, or undefined for a plain file. */
function notAFile(path: string, info = lstatIfAny(path)): string | undefined {
  if (!info) return 'listed in the manifest but missing'
  if (info.isSymbolicLink()) return `a symbolic link to ${readlinkSync(path)}, not a file`
  if (!info.isFile()) return 'not a regular file'
  return undefined
}

/**
 * Why a file of the export in `dir` does not match its manifest entry, or undefined if it
 * does: its type and size always (one lstat), its sha256 too when `full`.
 */
export function fileProblem(dir: string, entry: ManifestEntry, full: boolean): string | undefined {
  const path = join(dir, entry.path)
  const info = lstatIfAny(path)
  const wrong = notAFile(path, info)
  if (wrong) return wrong
  if (info?.size !== entry.bytes) return DIFFERS
  if (full && sha256(readFileSync(path)) !== entry.sha256) return DIFFERS
  return undefined
}

/**
 * The files of an earlier export that cannot be reused, with the reason: a path the manifest
 * should not hold, a folder on the way that is not a real folder, a missing file, a symbolic
 * link, another size than the manifest's, or (`full`) other bytes.
 */
export function damagedFiles(
  dir: string,
  files: readonly ManifestEntry[],
  full: boolean,
): Map<string, string> {
  const damaged = new Map<string, string>()
  const folderOk = new Map<string, boolean>([['.', true]])
  const realFolder = (folder: string): boolean => {
    let ok = folderOk.get(folder)
    if (ok === undefined) {
      ok = realFolder(dirname(folder)) && Boolean(lstatIfAny(join(dir, folder))?.isDirectory())
      folderOk.set(folder, ok)
    }
    return ok
  }
  for (const entry of files) {
    let problem: string | undefined
    try {
      safeOutputPath(entry.path)
      problem = realFolder(dirname(entry.path))
        ? fileProblem(dir, entry, full)
        : 'in a folder that is missing or is a symbolic link'
    } catch {
      problem = 'not a path inside the export'
    }
    if (problem) damaged.set(entry.path, problem)
  }
  return damaged
}

/**
 * Checks every file of the export in `dir` against the manifest's sha256, and that nothing is
 * missing, extra, a symbolic link or anything but a plain file.
 */
export async function verifyExport(dir: string): Promise<string[]> {
  const manifest = await readManifest(dir)
  if (!manifest) return [`${join(dir, MANIFEST_FILE)} is missing, unreadable or not a plain file.`]
  const problems = [...damagedFiles(dir, manifest.files, true)].map(
    ([path, problem]) => `${path}: ${problem}.`,
  )
  const listed = new Set(manifest.files.map((f) => f.path))
  // A recursive readdir does not follow symbolic links, so a linked folder shows as a link.
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/')
    if (entry.isDirectory() || listed.has(path)) continue
    const wrong = notAFile(join(dir, path))
    if (wrong) problems.push(`${path}: ${wrong}.`)
    else if (path !== MANIFEST_FILE) problems.push(`${path}: not listed in the manifest.`)
  }
  return problems.sort()
}

/**
 * `--verify DIR`: waits for a running export (a shared lock), puts back an export that a kill
 * between two fallback renames left aside (swapIn), then verifyExport. Creates nothing.
 */
export async function verifyFolder(dir: string): Promise<string[]> {
  const paths = outputPaths(dir)
  const missing = () =>
    new WriteError(`${paths.given} does not exist, so there is nothing to verify.`)
  if (!lstatIfAny(paths.parent)) throw missing()
  const release = await acquireReadLock(dir)
  try {
    await restoreOut(paths)
    if (!lstatIfAny(paths.out)) throw missing()
    return await verifyExport(paths.out)
  } finally {
    await release()
  }
}
