/**
 * npm run review -- [--source …] [--keyring PATH] [--out DIR] [--today YYYY-MM-DD] [--no-html]
 * Prints the medical review queue, built from the signed review statements checked against the
 * reviewer keyring, with what changed in each pending page since the approved revision readers
 * see, and writes the same as a static HTML report.
 * Exit codes: 0 ok, 1 content problems (unreadable dataset lines, review statements that count
 * for nothing), 2 usage or configuration errors (including a keyring not allowed for the source).
 */

import {Command, InvalidArgumentError} from 'commander'
import {KeyringError, type LoadedKeyring} from '../pipeline/gate/keyringFile.ts'
import {trustedKeyring} from '../pipeline/gate/trustedKeyring.ts'
import {LiveSourceError} from '../pipeline/load/liveSourceError.ts'
import {loadDataset} from '../pipeline/load/loadDataset.ts'
import {
  describeSource,
  openSource,
  parseSourceArgument,
  SourceError,
  type SourceSpec,
} from '../pipeline/load/openSource.ts'
import {buildReviewReport, hasProblems} from '../pipeline/report/buildReviewReport.ts'
import {isValidDate} from '../pipeline/report/dates.ts'
import {renderHtml} from '../pipeline/report/renderHtml.ts'
import {renderText} from '../pipeline/report/renderText.ts'
import type {ReviewReport} from '../pipeline/report/types.ts'
import {WriteError, writeExport} from '../pipeline/write/writeExport.ts'
import {schemaTypes} from '../schemas/index.ts'
import {EXIT, parseCommandLine} from './cli.ts'
import {formatIssue} from './formatIssue.ts'

function parseDate(value: string): string {
  if (!isValidDate(value))
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD, e.g. 2026-11-27')
  return value
}

const program = new Command('review')
  .description(
    'List the pages waiting for medical review and show what changed since their last approved revision.',
  )
  .option(
    '--source <source>',
    'FILE.ndjson, FILE.tar.gz (sanity dataset export) or "sanity" (live, from env)',
    'content/production.ndjson',
  )
  .option(
    '--out <dir>',
    'folder for the HTML report (index.html and one page per document)',
    'review-report',
  )
  .option(
    '--keyring <path>',
    'the reviewer keyring to check signatures against (default: review/demo-keyring.json for the embedded dataset in content/, else review/keyring.json); a demo keyring is refused for the live Content Lake',
  )
  .option('--no-html', 'print the report only; write no HTML')
  .option(
    '--today <date>',
    'the date that decides what is overdue (YYYY-MM-DD, default: today in UTC)',
    parseDate,
  )
  .exitOverride()
  .configureOutput({writeErr: (text) => process.stderr.write(text)})

interface Options {
  source: string
  keyring?: string
  out: string
  html: boolean
  today?: string
}

interface Inputs {
  source: SourceSpec
  keyring: LoadedKeyring
  loaded: Awaited<ReturnType<typeof loadDataset>>
}

/** The source, the keyring it may be checked against (refused before anything is read), the dataset. */
async function readInputs(opts: Options): Promise<Inputs | number> {
  try {
    const source = parseSourceArgument(opts.source, process.env)
    // The export's rule: requireApproval always loads a keyring, and refuses a demo one for live data.
    const keyring = await trustedKeyring({
      source,
      ...(opts.keyring ? {keyring: opts.keyring} : {}),
      requireApproval: true,
      perspective: 'published',
    })
    const known = new Set(schemaTypes.map((t) => t.name))
    const loaded = await loadDataset(await openSource(source), known)
    return {source, keyring: keyring as LoadedKeyring, loaded}
  } catch (error) {
    if (
      error instanceof SourceError ||
      error instanceof LiveSourceError ||
      error instanceof KeyringError
    ) {
      console.error(`error: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
}

async function writeHtml(report: ReviewReport, out: string, source: string): Promise<number> {
  try {
    const files = renderHtml(report, {source})
    await writeExport(out, files, {source, perspective: 'review'})
    console.error(`HTML report: ${out}/index.html (${files.length - 1} document page(s))`)
    return EXIT.ok
  } catch (error) {
    if (error instanceof WriteError) {
      console.error(`error: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
}

async function main(): Promise<number> {
  const stop = parseCommandLine(program)
  if (stop !== undefined) return stop
  const opts = program.opts<Options>()
  const inputs = await readInputs(opts)
  if (typeof inputs === 'number') return inputs
  const {source, keyring, loaded} = inputs
  if (loaded.fatal.length > 0) {
    for (const issue of loaded.fatal) console.error(formatIssue(issue))
    console.error(
      `✗ ${describeSource(source)} has ${loaded.fatal.length} unreadable line(s); fix them first. No report was written.`,
    )
    return EXIT.content
  }
  const report = await buildReviewReport(loaded.documents, {
    today: opts.today ?? new Date().toISOString().slice(0, 10),
    keyring,
    schemaTypes,
    issues: loaded.issues,
  })
  const name = describeSource(source)
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR
  process.stdout.write(renderText(report, {colour, source: name}))
  if (opts.html) {
    const written = await writeHtml(report, opts.out, name)
    if (written !== EXIT.ok) return written
  }
  return hasProblems(report) ? EXIT.content : EXIT.ok
}

process.exitCode = await main()
