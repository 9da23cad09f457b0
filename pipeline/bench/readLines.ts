import {createReadStream} from 'node:fs'

/**
 * The lines of a text file, streamed (the file is never held whole), without their newline.
 * Blank lines are skipped. The benchmark stages share this so they read at the same speed.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  let rest = ''
  for await (const chunk of createReadStream(path, {encoding: 'utf8', highWaterMark: 1 << 20})) {
    const text = rest + (chunk as string)
    let start = 0
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
      if (i > start) yield text.slice(start, i)
      start = i + 1
    }
    rest = text.slice(start)
  }
  if (rest.trim() !== '') yield rest
}
