/**
 * npm run sign-demo -- [--dataset content/production.ndjson]
 * Signs the embedded dataset's review history again with the demo keys (demo data only).
 */
import {readFileSync} from 'node:fs'
import {Command} from 'commander'
import {signDemoDataset} from '../pipeline/demo/signDemoDataset.ts'
import {writeFileAtomic} from '../pipeline/import/writeFileAtomic.ts'
import {EXIT, parseCommandLine} from './cli.ts'

const program = new Command('sign-demo')
  .description('Re-sign the review history of the embedded demo dataset with the demo keys.')
  .option('--dataset <file>', 'the NDJSON dataset to rewrite', 'content/production.ndjson')
  .exitOverride()

const code = parseCommandLine(program)
if (code !== undefined) process.exit(code)
const {dataset} = program.opts<{dataset: string}>()
const documents = readFileSync(dataset, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line))
const signed = await signDemoDataset(documents)
await writeFileAtomic(dataset, `${signed.map((doc) => JSON.stringify(doc)).join('\n')}\n`)
console.log(`${dataset}: ${signed.length} documents, review history signed with the demo keys.`)
process.exit(EXIT.ok)
