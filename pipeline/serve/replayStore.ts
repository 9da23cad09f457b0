import {readFileSync} from 'node:fs'
import {open, rename} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

export type ReplayEntry = [signature: string, timestamp: number]

export interface ReplayStore {
  readonly path: string
  /** Signatures of the file still inside the window when it was read. */
  readonly entries: ReplayEntry[]
  /**
   * Set when the file exists but cannot be trusted. Nothing then says which signatures were
   * accepted before the restart, so the server refuses every one timestamped before it started.
   */
  readonly problem?: string
  /** Writes the entries atomically; resolves once a write that began after the call is on disk. */
  persist(entries: () => Iterable<ReplayEntry>): Promise<void>
}

interface ReplayFileShape {
  version: 1
  signatures: Record<string, number>
}

/** A webhook signature as the guard stores it: an HMAC-SHA256 in base64url. */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/

/** Where the replay file lives by default: a hidden file next to the output folder. */
export function defaultReplayPath(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}.webhook-replays.json`)
}

function parseReplayFile(text: string): Map<string, number> {
  const data = JSON.parse(text) as Partial<ReplayFileShape>
  if (data?.version !== 1 || typeof data.signatures !== 'object' || data.signatures === null)
    throw new Error('it is not a version 1 replay file')
  const signatures = new Map<string, number>()
  for (const [signature, timestamp] of Object.entries(data.signatures)) {
    if (!SIGNATURE.test(signature) || !Number.isSafeInteger(timestamp))
      throw new Error('it holds an entry that is not a signature and a timestamp')
    signatures.set(signature, timestamp)
  }
  return signatures
}

function readEntries(path: string, windowMs: number, now: number) {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {entries: []}
    return {entries: [], problem: `cannot read ${path} (${code})`}
  }
  try {
    const entries: ReplayEntry[] = []
    // Entries past the window are dropped, and so are timestamps too far ahead to be real.
    for (const [signature, timestamp] of parseReplayFile(text))
      if (now - timestamp <= windowMs && timestamp - now <= windowMs)
        entries.push([signature, timestamp])
    return {entries}
  } catch (error) {
    return {entries: [], problem: `${path} is damaged: ${(error as Error).message}`}
  }
}

/** temp file, fsync, rename, fsync of the folder: the file is whole or the old one. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  const file = await open(temp, 'w', 0o600)
  try {
    await file.writeFile(text)
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(temp, path)
  const folder = await open(dirname(path), 'r')
  try {
    await folder.sync()
  } finally {
    await folder.close()
  }
}

/**
 * The replay cache on disk, so that a webhook accepted before a restart is refused after it.
 * Writes are serialised and coalesced: a burst of webhooks costs one write per write time.
 */
export function openReplayStore(path: string, windowMs: number, now: number): ReplayStore {
  const loaded = readEntries(path, windowMs, now)
  let writing: Promise<void> | undefined
  let queued: Promise<void> | undefined

  const write = (entries: () => Iterable<ReplayEntry>) => {
    const signatures = Object.fromEntries(entries())
    const text = `${JSON.stringify({version: 1, signatures} satisfies ReplayFileShape)}\n`
    const run = writeAtomically(path, text).finally(() => {
      if (writing === run) writing = undefined
    })
    writing = run
    return run
  }

  return {
    path,
    entries: loaded.entries,
    ...(loaded.problem !== undefined && {problem: loaded.problem}),
    persist(entries) {
      if (!writing) return write(entries)
      // The running write may have snapshotted before the caller's entry: wait for the next.
      queued ??= writing
        .catch(() => {})
        .then(() => {
          queued = undefined
          return write(entries)
        })
      return queued
    },
  }
}
