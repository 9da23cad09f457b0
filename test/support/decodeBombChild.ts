/**
 * Run as a child process (a fresh heap): decodes a closure that inflates to `argv[2]` bytes with
 * the default limit and prints the answer and how much the peak RSS grew meanwhile, in MiB.
 */
import {decodeClosure} from '../../pipeline/workflow/closureCodec.ts'
import {deflateBomb, toBase64} from './deflateBomb.ts'

const encoded = toBase64(deflateBomb(Number(process.argv[2])))
const before = process.resourceUsage().maxRSS
const decoded = await decodeClosure(encoded)
const grewMiB = (process.resourceUsage().maxRSS - before) / 1024
console.log(JSON.stringify({decoded: decoded.ok ? {ok: true} : decoded, grewMiB}))
