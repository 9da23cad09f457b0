import {lstatSync, readlinkSync, realpathSync, type Stats, statSync} from 'node:fs'
import {basename, dirname, isAbsolute, join, normalize, resolve} from 'node:path'
import {errorCode, WriteError} from './writeError.ts'

/** Where an export lives, and the siblings its writer uses (on the folder's own file system). */
export interface OutputPaths {
  /** The folder as given (absolute), for messages. */
  given: string
  /** The real folder the export is swapped into: a symbolic link `--out` is followed. */
  out: string
  parent: string
  name: string
  /** The next export while it is written; after the swap, the previous one until it is removed. */
  staging: string
  /** Only where the file system cannot exchange folders: the previous export between two renames. */
  previous: string
  /** The lock file (see exportLock.ts; not `.NAME.lock`, the pid file of earlier versions). */
  lock: string
}

/**
 * The paths of an export into `outDir`. A symbolic link is followed, so its target is the
 * folder updated (and the link stays); a file, a link to nothing or a path under a file is
 * refused with a WriteError. Creates nothing.
 */
export function outputPaths(outDir: string): OutputPaths {
  const given = resolve(outDir)
  const out = realFolder(given)
  const parent = dirname(out)
  const name = basename(out)
  return {
    given,
    out,
    parent,
    name,
    staging: join(parent, `.${name}.staging`),
    previous: join(parent, `.${name}.previous`),
    lock: join(parent, `.${name}.export-lock`),
  }
}

/** `lstat`, or undefined where nothing is (also under a file: ENOTDIR). */
export function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path, {throwIfNoEntry: false})
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined
    throw error
  }
}

function realFolder(given: string): string {
  const info = lstatIfAny(given)
  if (info?.isSymbolicLink()) {
    try {
      return checkFolder(given, realpathSync(given))
    } catch (error) {
      if (error instanceof WriteError) throw error
      throw new WriteError(
        `${given} is a symbolic link to ${readlinkSync(given)}, which does not exist (${errorCode(error)}). Create that folder or choose another output folder; nothing was changed.`,
      )
    }
  }
  if (info) return checkFolder(given, realpathSync(given))
  // Not there yet: resolve its nearest existing ancestor, so staging lands beside the real folder.
  const rest: string[] = []
  let ancestor = given
  while (!lstatIfAny(ancestor)) {
    rest.unshift(basename(ancestor))
    ancestor = dirname(ancestor)
  }
  let real: string
  try {
    real = realpathSync(ancestor)
  } catch (error) {
    throw new WriteError(
      `Cannot make the output folder ${given}: ${ancestor} is a symbolic link to nothing (${errorCode(error)}). Choose another output folder; nothing was changed.`,
    )
  }
  if (!statSync(real).isDirectory()) {
    throw new WriteError(
      `Cannot make the output folder ${given}: ${ancestor} is a file. Choose another output folder; nothing was changed.`,
    )
  }
  return join(real, ...rest)
}

function checkFolder(given: string, real: string): string {
  if (!statSync(real).isDirectory()) {
    throw new WriteError(
      `The output folder ${given} is a file${real !== given ? ` (${real})` : ''}, not a folder. Choose a folder (a new one or an earlier export); nothing was changed.`,
    )
  }
  return real
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
