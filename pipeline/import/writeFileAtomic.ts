import {randomBytes} from 'node:crypto'
import {lstat, open, readlink, realpath, rename, rm, stat} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {syncPath} from '../write/durable.ts'

/** Symbolic links followed at most (as the kernel's ELOOP limit). */
const MAX_LINKS = 40

/**
 * Readers see the old file or the new one, never half of one: write aside, flush, then
 * rename over the file. A symbolic link stays a link and its target is replaced (a link to
 * nothing makes its target); a file keeps its permission bits.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const target = await linkTarget(path, MAX_LINKS)
  const mode = (await stat(target).catch(() => undefined))?.mode
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx')
    try {
      await handle.writeFile(data)
      if (mode !== undefined) await handle.chmod(mode & 0o7777)
      await handle.datasync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
  await syncPath(dirname(target), true)
}

/** The file a write to `path` should replace: `path` itself unless it is a symbolic link. */
async function linkTarget(path: string, links: number): Promise<string> {
  try {
    return await realpath(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const info = await lstat(path).catch(() => undefined)
  if (!info?.isSymbolicLink()) return path // a new file
  if (links === 0)
    throw Object.assign(new Error(`Too many symbolic links at ${path}`), {code: 'ELOOP'})
  return linkTarget(resolve(dirname(path), await readlink(path)), links - 1)
}
