import {mkdir, open, readFile, rm} from 'node:fs/promises'
import {isAlive, swapPaths, WriteError} from './writeExport.ts'

export interface LockOptions {
  /** How long to wait for another export to finish before giving up. */
  waitMs?: number
  pollMs?: number
  /** Told when a lock of a dead process is taken over. */
  onStale?: (pid: number) => void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One export at a time per output folder: a lock file next to `out`, created exclusively and
 * holding the owner's pid. A second export waits for it; a lock whose process is gone (a
 * killed export) is stale and taken over. Returns the release function.
 */
export async function acquireExportLock(
  outDir: string,
  options: LockOptions = {},
): Promise<() => Promise<void>> {
  const {parent, name} = swapPaths(outDir)
  const path = `${parent}/.${name}.lock`
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`
  const deadline = Date.now() + (options.waitMs ?? 60_000)
  await mkdir(parent, {recursive: true})
  for (;;) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(JSON.stringify({pid: process.pid, token}))
      await handle.close()
      return async () => {
        const held = await readFile(path, 'utf8').catch(() => '')
        if (held.includes(token)) await rm(path, {force: true})
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new WriteError(
          `Cannot create the lock ${path} (${(error as NodeJS.ErrnoException).code}). Check that the folder is writable.`,
        )
      }
    }
    const owner = await readFile(path, 'utf8')
      .then((text) => JSON.parse(text) as {pid?: number})
      .catch(() => undefined)
    if (owner?.pid !== undefined && !isAlive(owner.pid)) {
      options.onStale?.(owner.pid)
      await rm(path, {force: true})
      continue
    }
    if (Date.now() > deadline) {
      throw new WriteError(
        `Another export (pid ${owner?.pid ?? 'unknown'}) is writing to ${outDir}; gave up after waiting ${Math.round((options.waitMs ?? 60_000) / 1000)} s. Try again when it has finished.`,
      )
    }
    await sleep(options.pollMs ?? 100)
  }
}
