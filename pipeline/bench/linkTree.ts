import {linkSync, mkdirSync, readdirSync} from 'node:fs'
import {join, relative} from 'node:path'

/**
 * A copy of a folder made of hard links, for running an export again from the same state: the
 * export never changes a file in place (it writes a new tree and swaps it in), so the links'
 * shared contents stay as they are.
 */
export function linkTree(from: string, to: string): void {
  mkdirSync(to, {recursive: true})
  for (const entry of readdirSync(from, {withFileTypes: true, recursive: true})) {
    const target = join(to, relative(from, join(entry.parentPath, entry.name)))
    if (entry.isDirectory()) mkdirSync(target, {recursive: true})
    else linkSync(join(entry.parentPath, entry.name), target)
  }
}
