/**
 * npm run review -- [--source …] [--out DIR] [--today YYYY-MM-DD] [--no-html]
 * Prints the medical review queue, with what changed in each pending page since its last
 * approved revision, and writes the same as a static HTML report.
 * Exit codes: 0 ok, 1 content problems (unreadable dataset lines, broken review records),
 * 2 usage or configuration errors.
 */

import {Command, InvalidArgumentError} from 'commander'
import {LiveSourceError} from '../pipeline/load/liveExport.ts'
import {loadDataset} from '../pipeline/load/loadDataset.ts'
import {
  describeSource,
  openSource,
  parseSourceArgument,
  SourceError,
} from '../pipeline/load/openSource.ts'
import {renderHtml} from '../pipeline/review/renderHtml.ts'
import {renderText} from '../pipeline/review/renderText.ts'
import {buildReviewReport, isValidDate} from '../pipeline/review/reviewQueue.ts'
import {WriteError, writeExport} from '../pipeline/write/writeExport.ts'
import {schemaTypes} from '../schemas/index.ts'
import {EXIT, parseCommandLine} from './cli.ts'
import {formatIssue} from './exportReport.ts'

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
  .option('--no-html', 'print the report only; write no HTML')
  .option(
    '--today <date>',
    'the date that decides what is overdue (YYYY-MM-DD, default: today in UTC)',
    parseDate,
  )
  .exitOverride()
  .configureOutput({writeErr: (text) => process.stderr.write(text)})

async function main(): Promise<number> {
  const stop = parseCommandLine(program)
  if (stop !== undefined) return stop
  const opts = program.opts<{source: string; out: string; html: boolean; today?: string}>()
  const today = opts.today ?? new Date().toISOString().slice(0, 10)

  let source: ReturnType<typeof parseSourceArgument>
  let loaded: Awaited<ReturnType<typeof loadDataset>>
  try {
    source = parseSourceArgument(opts.source, process.env)
    loaded = await loadDataset(await openSource(source), new Set(schemaTypes.map((t) => t.name)))
  } catch (error) {
    if (error instanceof SourceError || error instanceof LiveSourceError) {
      console.error(`error: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
  if (loaded.fatal.length > 0) {
    for (const issue of loaded.fatal) console.error(formatIssue(issue))
    console.error(
      `✗ ${describeSource(source)} has ${loaded.fatal.length} unreadable line(s); fix them first. No report was written.`,
    )
    return EXIT.content
  }

  const report = await buildReviewReport(loaded.documents, {
    today,
    schemaTypes,
    issues: loaded.issues,
  })
  const name = describeSource(source)
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR
  process.stdout.write(renderText(report, {colour, source: name}))

  if (opts.html) {
    try {
      const files = renderHtml(report, {source: name})
      await writeExport(opts.out, files, {source: name, perspective: 'review'})
      console.error(`HTML report: ${opts.out}/index.html (${files.length - 1} document page(s))`)
    } catch (error) {
      if (error instanceof WriteError) {
        console.error(`error: ${error.message}`)
        return EXIT.usage
      }
      throw error
    }
  }
  return report.issues.some((issue) => issue.level === 'error') ? EXIT.content : EXIT.ok
}

process.exitCode = await main()
