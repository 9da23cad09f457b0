/**
 * Run as a child process (a fresh heap): decodes a closure that inflates to `argv[2]` bytes with
 * the default limit, with the Web stream or zlib (`argv[3]`: web | node), and prints the answer and how much the peak RSS grew meanwhile, in MiB.
 */
import {nodeDecodeClosure} from '../../pipeline/gate/nodeClosureDecoder.ts'
import {decodeClosure} from '../../pipeline/workflow/closureCodec.ts'
import {deflateBomb, toBase64} from './deflateBomb.ts'

const encoded = toBase64(deflateBomb(Number(process.argv[2])))
const before = process.resourceUsage().maxRSS
const decode = process.argv[3] === 'node' ? nodeDecodeClosure : decodeClosure
const decoded = await decode(encoded)
const grewMiB = (process.resourceUsage().maxRSS - before) / 1024
console.log(JSON.stringify({decoded: decoded.ok ? {ok: true} : decoded, grewMiB}))
