/**
 * Converts legacy tumour pages into Sanity documents (NDJSON).
 *   npm run import -- <files…> [--out FILE] [--merge FILE] [--date YYYY-MM-DD]
 * Exit codes: 0 imported, 1 a page or the output failed, 2 usage error.
 */

import {Command, InvalidArgumentError} from 'commander'
import {isIsoDate, todayUtc} from '../pipeline/import/importDate.ts'
import {writeFileAtomic} from '../pipeline/import/writeFileAtomic.ts'
import {parseCommandLine} from './cli.ts'
import {formatIssue} from './formatIssue.ts'

interface Options {
  out?: string
  merge?: string
  date?: string
}

const program = new Command()
  .name('import')
  .description(
    'Convert legacy tumour pages into Sanity documents. Files ending in .md or .markdown are read as Markdown, all others as plain text scraped from the website.',
  )
  .argument('<files...>', 'legacy pages to import')
  .option('-o, --out <file>', 'write the NDJSON to this file (atomically) instead of stdout')
  .option('-m, --merge <file>', 'merge into this dataset NDJSON and output the whole dataset')
  .option(
    '-d, --date <YYYY-MM-DD>',
    'the day the sources were read (default: today, UTC)',
    (value: string) => {
      if (!isIsoDate(value)) throw new InvalidArgumentError('Expected a date such as 2026-10-01.')
      return value
    },
  )
  .addHelpText(
    'after',
    '\nWarnings and errors go to stderr, one a line, at their file:line or document › field path.\nExit codes: 0 imported, 1 a file failed or validation found errors, 2 usage error.',
  )
  .exitOverride()

async function main(): Promise<number> {
  const stop = parseCommandLine(program)
  if (stop !== undefined) return stop
  const files = program.args
  const {out, merge, date = todayUtc()} = program.opts<Options>()
  // Loaded only now: it pulls in the Studio schema, which --help and usage errors do not need.
  const {importFiles} = await import('../pipeline/import/importFiles.ts')
  const result = await importFiles(files, {date, ...(merge ? {mergeFile: merge} : {})})
  for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`)

  if (result.blocked) {
    process.stderr.write('Nothing was written: fix the errors above and import again.\n')
    return 1
  }
  const imported = files.length - result.failedFiles.length
  if (imported === 0) {
    process.stderr.write('No page could be imported; nothing was written.\n')
    return 1
  }
  if (!out) process.stdout.write(result.ndjson)
  else {
    try {
      await writeFileAtomic(out, result.ndjson)
    } catch (error) {
      process.stderr.write(`${out}: error: Cannot write the output (${String(error)}).\n`)
      return 1
    }
  }
  process.stderr.write(
    `Imported ${imported} of ${files.length} file(s); ${result.changedIds.length} document(s) new or changed${out ? `, written to ${out}` : ''}.\n`,
  )
  return result.failedFiles.length > 0 ? 1 : 0
}

process.exitCode = await main()
