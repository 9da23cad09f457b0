import {
  closeSync,
  constants,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs'
import {hostname} from 'node:os'
import {tryLock, unlock} from 'fs-native-extensions'
import {outputPaths} from './outputPaths.ts'
import {errorCode, WriteError} from './writeError.ts'

/** The steps of taking the lock, in order; the tests kill a process at each of them. */
export const LOCK_STEPS = ['folder', 'opened', 'locked', 'emptied', 'recorded'] as const
export type LockStep = (typeof LOCK_STEPS)[number]

export interface LockOptions {
  /** How long to wait for another export to finish before giving up (default 60 s). */
  waitMs?: number
  pollMs?: number
  /** Told when the last holder died holding the lock (its record was still in the file). */
  onStale?: (pid: number) => void
  /** For tests: called after each step of taking the lock. */
  onStep?: (step: LockStep) => void | Promise<void>
}

/** Releases the lock; safe to call twice. */
export type Release = () => Promise<void>

/** Who holds the lock, written into the lock file for messages only: it never decides anything. */
interface Holder {
  pid: number
  host: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One export at a time per output folder: an exclusive lock on a file beside the folder, held
 * through an open-file-description lock (fcntl F_OFD_SETLK; flock semantics on macOS). The
 * kernel drops it when its holder dies, however it dies, so no pid, clock or heartbeat decides
 * whether a lock is stale, and a reused pid (pid 1 again in a new container) cannot pass for a
 * live holder. The file is never removed: a waiter would then lock the removed file while a
 * newcomer locked a new one. It is emptied on release, so a record found by the next holder
 * means the last one died holding the lock.
 */
export async function acquireExportLock(
  outDir: string,
  options: LockOptions = {},
): Promise<Release> {
  const {parent, lock, given} = outputPaths(outDir)
  const step = options.onStep ?? (() => {})
  try {
    mkdirSync(parent, {recursive: true})
  } catch (error) {
    throw new WriteError(
      `Cannot make the folder ${parent} for ${given} (${errorCode(error)}). Check that it is writable.`,
    )
  }
  await step('folder')
  const fd = openLockFile(lock, constants.O_RDWR | constants.O_CREAT)
  try {
    await step('opened')
    await waitForLock(fd, false, given, options)
    await step('locked')
    const last = readHolder(fd)
    ftruncateSync(fd, 0)
    await step('emptied')
    const holder: Holder = {pid: process.pid, host: hostname()}
    writeSync(fd, JSON.stringify(holder), 0)
    await step('recorded')
    if (last) options.onStale?.(last.pid)
  } catch (error) {
    closeSync(fd) // drops the lock too, if it was taken
    throw error
  }
  return releaser(fd, true)
}

/**
 * A shared lock for reading the export (`--verify`): it waits for a running export but
 * creates nothing. Without a lock file (no export has run here) or where the folder is not
 * writable (no export can run), it reads unlocked.
 */
export async function acquireReadLock(outDir: string, options: LockOptions = {}): Promise<Release> {
  const {lock, given} = outputPaths(outDir)
  let fd: number
  try {
    fd = openLockFile(lock, constants.O_RDONLY)
  } catch (error) {
    if (error instanceof WriteError) throw error
    return async () => {}
  }
  try {
    await waitForLock(fd, true, given, options)
  } catch (error) {
    closeSync(fd)
    throw error
  }
  return releaser(fd, false)
}

/** Opens the lock file without following a symbolic link planted in its place. */
function openLockFile(path: string, flags: number): number {
  try {
    return openSync(path, flags | constants.O_NOFOLLOW, 0o644)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ELOOP') {
      throw new WriteError(
        `The lock file ${path} is a symbolic link. Remove it (an export makes a plain file there).`,
      )
    }
    if (flags & constants.O_CREAT) {
      throw new WriteError(
        `Cannot create the lock ${path} (${code}). Check that the folder is writable.`,
      )
    }
    throw error
  }
}

async function waitForLock(fd: number, shared: boolean, given: string, options: LockOptions) {
  const waitMs = options.waitMs ?? 60_000
  const deadline = Date.now() + waitMs
  while (!tryLock(fd, {shared})) {
    if (Date.now() > deadline) {
      const holder = readHolder(fd)
      throw new WriteError(
        `Another export (pid ${holder?.pid ?? 'unknown'}${holder?.host ? ` on ${holder.host}` : ''}) is writing to ${given}; gave up after waiting ${Math.round(waitMs / 1000)} s. Try again when it has finished.`,
      )
    }
    await sleep(options.pollMs ?? 100)
  }
}

function readHolder(fd: number): Holder | undefined {
  const buffer = Buffer.alloc(512)
  try {
    const text = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0))
    const holder = JSON.parse(text) as Partial<Holder>
    return Number.isInteger(holder.pid) ? (holder as Holder) : undefined
  } catch {
    return undefined
  }
}

function releaser(fd: number, owner: boolean): Release {
  let released = false
  return async () => {
    if (released) return
    released = true
    try {
      if (owner) ftruncateSync(fd, 0)
      unlock(fd)
    } finally {
      closeSync(fd)
    }
  }
}
