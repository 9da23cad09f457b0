import {execFile} from 'node:child_process'
import {open} from 'node:fs/promises'
import {promisify} from 'node:util'

/** Beyond this many files, one flush of the whole file system is cheaper than one per file. */
const PER_FILE_LIMIT = 256
/** Flushes in flight at once (the file system commits concurrent flushes together). */
const PARALLEL = 8

/**
 * Flushes written files to the disk, then the folders that list them, so that a power loss
 * after the swap cannot leave empty or short files for later runs to carry forward. Many
 * files go in one syncfs(2) through coreutils' `sync --file-system`, far cheaper than an fsync
 * each (README, security). Where that command is missing, one fsync per file.
 */
export async function syncToDisk(files: string[], folders: string[]): Promise<void> {
  const whole =
    files.length > PER_FILE_LIMIT && folders[0] !== undefined && (await syncFileSystem(folders[0]))
  if (!whole) {
    let next = 0
    const worker = async () => {
      while (next < files.length) await syncPath(files[next++] as string, false)
    }
    await Promise.all(Array.from({length: Math.min(PARALLEL, files.length)}, worker))
  }
  for (const folder of folders) await syncPath(folder, true)
}

/** fsync of a folder (its entries) or fdatasync of a file (its bytes and size). */
export async function syncPath(path: string, folder: boolean): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await (folder ? handle.sync() : handle.datasync())
  } finally {
    await handle.close()
  }
}

const run = promisify(execFile)

async function syncFileSystem(path: string): Promise<boolean> {
  try {
    await run('sync', ['--file-system', path])
    return true
  } catch {
    return false // not GNU coreutils (macOS, BusyBox without -f): flush file by file
  }
}
