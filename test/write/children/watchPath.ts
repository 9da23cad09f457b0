/**
 * node watchPath.ts PATH STOPFILE: checks in a tight loop that PATH exists, until STOPFILE
 * does; prints `{"checks":N,"misses":M}`.
 */
import {existsSync, statSync} from 'node:fs'

const [path = '', stop = ''] = process.argv.slice(2)
let checks = 0
let misses = 0
process.stdout.write(`${JSON.stringify({watching: path})}\n`)
for (;;) {
  try {
    statSync(path)
  } catch {
    misses++
  }
  if (++checks % 1000 === 0 && existsSync(stop)) break
}
process.stdout.write(`${JSON.stringify({checks, misses})}\n`)
