/**
 * Preloaded with `node --import` into a benchmark child when /usr/bin/time is missing: writes
 * the process's peak RSS (KiB) to $BENCH_RSS_FILE as it exits.
 */
import {writeFileSync} from 'node:fs'

const target = process.env.BENCH_RSS_FILE
if (target) {
  process.on('exit', () => {
    writeFileSync(target, `${process.resourceUsage().maxRSS}\n`)
  })
}
