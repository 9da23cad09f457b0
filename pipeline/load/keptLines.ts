import {closeSync, openSync, readSync, statSync} from 'node:fs'
import {sha256} from '../hash.ts'
import {ByteArena} from './byteArena.ts'
import type {KeptLine} from './ndjson.ts'

/** Reads a kept line's bytes again, when its page is parsed after all. */
export type ReadKept = () => Uint8Array

/** Where kept lines live until a stage needs them parsed. */
export interface KeptLines {
  keep(line: KeptLine): ReadKept
}

/** Kept lines copied into memory: for sources that cannot be read twice (archives, the live API). */
export function linesInMemory(): KeptLines {
  const arena = new ByteArena()
  return {
    keep(line) {
      const copy = arena.keep(line.bytes)
      return () => copy
    },
  }
}

/**
 * Kept lines read again from the source file, by offset: nothing is held, which is what makes
 * a line that is never parsed cheap (memory is slow to obtain on small machines). The bytes
 * read again must have the line's sha256, so a file changed during the export is noticed.
 */
export function linesInFile(path: string): KeptLines {
  return {
    keep({line, digest, offset, bytes: {length}}) {
      return () => {
        const bytes = readAt(path, offset, length)
        if (sha256(bytes) === digest) return bytes
        throw new Error(
          `${path} changed while it was exported: line ${line} no longer holds what was read. Run the export again once the file is complete.`,
        )
      }
    },
  }
}

/** The file's kept lines when `path` is a regular file (a pipe cannot be read twice). */
export function keptLinesFor(path: string): KeptLines {
  return statSync(path, {throwIfNoEntry: false})?.isFile() ? linesInFile(path) : linesInMemory()
}

function readAt(path: string, offset: number, length: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(length)
  const fd = openSync(path, 'r')
  try {
    let read = 0
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, offset + read)
      if (n === 0) break
      read += n
    }
    return bytes.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}
