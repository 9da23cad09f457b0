import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import {hostname} from 'node:os'
import {nativeFs} from './nativeFs.ts'
import {lstatIfAny, outputPaths} from './outputPaths.ts'
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
 * live holder. The holder removes the file before it lets go, so a record found by the next
 * holder means the last one died holding the lock.
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
  const deadline = Date.now() + (options.waitMs ?? 60_000)
  const fd = await lockCurrentFile(lock, () => openLockFile(lock), false, given, {
    ...options,
    deadline,
    step,
  })
  try {
    const last = readHolder(fd)
    ftruncateSync(fd, 0)
    await step('emptied')
    const holder: Holder = {pid: process.pid, host: hostname()}
    writeSync(fd, JSON.stringify(holder), 0)
    await step('recorded')
    if (last) options.onStale?.(last.pid)
  } catch (error) {
    closeSync(fd) // drops the lock too
    throw error
  }
  return releaser(fd, lock)
}

/**
 * A shared lock for reading the export (`--verify`): it waits for a running export but
 * creates nothing. Without a lock file (no export is running) or where the folder is not
 * writable (no export can run), it reads unlocked.
 */
export async function acquireReadLock(outDir: string, options: LockOptions = {}): Promise<Release> {
  const {lock, given} = outputPaths(outDir)
  const deadline = Date.now() + (options.waitMs ?? 60_000)
  const fd = await lockCurrentFile(lock, () => openToRead(lock), true, given, {
    ...options,
    deadline,
    step: () => {},
  })
  return fd === undefined ? async () => {} : releaser(fd)
}

/**
 * Opens the lock file and waits for its lock. A holder removes the file before it lets go,
 * so a lock won on a file no longer at `path` is dropped and the new file is tried: without
 * that, a waiter and a newcomer could each hold the lock of a different file.
 */
async function lockCurrentFile<Fd extends number | undefined>(
  path: string,
  open: () => Fd,
  shared: boolean,
  given: string,
  options: LockOptions & {deadline: number; step: (step: LockStep) => void | Promise<void>},
): Promise<Fd> {
  for (;;) {
    const fd = open()
    if (fd === undefined) return fd
    try {
      await options.step('opened')
      await waitForLock(fd, shared, given, options)
      await options.step('locked')
    } catch (error) {
      closeSync(fd)
      throw error
    }
    const now = lstatIfAny(path)
    const held = fstatSync(fd)
    if (now && now.ino === held.ino && now.dev === held.dev) return fd
    closeSync(fd)
  }
}

/** Opens (or makes) the lock file, without following a symbolic link planted in its place. */
function openLockFile(path: string): number {
  try {
    return openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644)
  } catch (error) {
    if (errorCode(error) === 'ELOOP') {
      throw new WriteError(
        `The lock file ${path} is a symbolic link. Remove it (an export makes a plain file there).`,
      )
    }
    throw new WriteError(
      `Cannot create the lock ${path} (${errorCode(error)}). Check that the folder is writable.`,
    )
  }
}

/** The lock file opened to read, or undefined where there is none or it cannot be read. */
function openToRead(path: string): number | undefined {
  try {
    return openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (error) {
    if (errorCode(error) === 'ELOOP') openLockFile(path) // throws the message above
    return undefined
  }
}

async function waitForLock(
  fd: number,
  shared: boolean,
  given: string,
  options: LockOptions & {deadline: number},
) {
  const {tryLock} = await nativeFs()
  while (!tryLock(fd, {shared})) {
    if (Date.now() > options.deadline) {
      const holder = readHolder(fd)
      const waited = Math.round((options.waitMs ?? 60_000) / 1000)
      throw new WriteError(
        `Another export (pid ${holder?.pid ?? 'unknown'}${holder?.host ? ` on ${holder.host}` : ''}) is writing to ${given}; gave up after waiting ${waited} s. Try again when it has finished.`,
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

/** Lets go of the lock; the owner first removes the file (see lockCurrentFile). */
function releaser(fd: number, ownedPath?: string): Release {
  let released = false
  return async () => {
    if (released) return
    released = true
    const {unlock} = await nativeFs()
    try {
      if (ownedPath) removeOrEmpty(ownedPath, fd)
      unlock(fd)
    } finally {
      closeSync(fd)
    }
  }
}

/** Removes the lock file; where that fails, empties it, so no record of a live holder stays. */
function removeOrEmpty(path: string, fd: number): void {
  try {
    unlinkSync(path)
  } catch {
    try {
      ftruncateSync(fd, 0)
    } catch {
      // Nothing more to do: the lock itself goes with the descriptor.
    }
  }
}
