/**
 * node writeAt.ts OUT VARIANT STEP|none: writes the pages of VARIANT (see pagesOf) into OUT
 * with writeExport. At STEP it prints `{"at":STEP}` and waits to be killed; else it prints
 * `{"done":…}` with the result.
 */
import {WRITE_STEPS, writeExport} from '../../../pipeline/write/writeExport.ts'
import {pagesOf} from './pages.ts'

const [out = '', variant = 'a', stop = 'none'] = process.argv.slice(2)
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)
if (stop !== 'none' && !(WRITE_STEPS as readonly string[]).includes(stop))
  throw new Error(`unknown step ${stop}`)

const result = await writeExport(out, pagesOf(variant), {
  source: variant,
  perspective: 'published',
  onStep: async (step) => {
    if (step !== stop) return
    print({at: step})
    setInterval(() => {}, 1000) // keeps the process alive until it is killed
    await new Promise(() => {})
  },
})
print({done: true, written: result.written.length, notes: result.notes ?? []})
