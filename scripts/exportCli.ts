/**
 * The export's command line, run by scripts/export.ts (in a worker thread for an incremental run).
 * npm run export -- [--source …] [--out DIR] [--perspective published|drafts] [--strict]
 *                   [--check] [--only TYPE:SLUG] [--report json] [--verify DIR] [--repair]
 *                   [--lock-wait SECONDS]
 * Exit codes: 0 ok, 1 content errors (or --check/--verify found differences), 2 usage or configuration errors.
 */

import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {isMainThread, workerData} from 'node:worker_threads'
import {Command, InvalidArgumentError, Option} from 'commander'
import {type ExportReport, runExport} from '../pipeline/exportDataset.ts'
import {KeyringError} from '../pipeline/gate/keyringFile.ts'
import {verifyReviewsIn} from '../pipeline/gate/verifyExportedReviews.ts'
import {LiveSourceError} from '../pipeline/load/liveSourceError.ts'
import {parseSourceArgument, SourceError} from '../pipeline/load/openSource.ts'
import type {Perspective} from '../pipeline/perspective/applyPerspective.ts'
import {isPageType, PAGE_TYPES, type PageType} from '../pipeline/types.ts'
import {verifyExport, verifyFolder} from '../pipeline/write/checkFiles.ts'
import {readManifest} from '../pipeline/write/manifest.ts'
import {WriteError} from '../pipeline/write/writeExport.ts'
import {EXIT, parseCommandLine} from './cli.ts'
// A type only: a value import would make a cycle through export.ts's top-level await (exit 13).
import type {LaunchData} from './export.ts'
import {formatSummary} from './exportReport.ts'
import {formatIssue} from './formatIssue.ts'

function parseOnly(value: string): {type: PageType; slug: string} {
  const match = /^([A-Za-z]+):([a-z0-9-]+)$/.exec(value)
  const type = match?.[1]
  if (!match || !type || !isPageType(type))
    throw new InvalidArgumentError(
      `expected TYPE:SLUG with TYPE ${PAGE_TYPES.join(' or ')}, e.g. tumour:leiomyosarcoma`,
    )
  return {type, slug: match[2] as string}
}

const wholeNumber = (min: number) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > 16)
    throw new InvalidArgumentError(`expected a whole number from ${min} to 16`)
  return n
}

const wholeSeconds = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected whole seconds')
  return n
}

const program = new Command('export')
  .description('Export the dataset to normalized JSON and Markdown for the websites.')
  .option(
    '--source <source>',
    'FILE.ndjson, FILE.tar.gz (sanity dataset export) or "sanity" (live, from env)',
    'content/production.ndjson',
  )
  .option('--out <dir>', 'output folder', 'content-export')
  .addOption(
    new Option('--perspective <name>', 'which documents to export')
      .choices(['published', 'drafts'])
      .default('published'),
  )
  .option('--strict', 'fail on any error and write nothing', false)
  .option(
    '--check',
    'exit 1 listing the files that differ if --out is not up to date; writes nothing',
    false,
  )
  .option('--require-approval', 'export only medically approved content (default for published)')
  .option(
    '--keyring <file>',
    'the reviewer keyring to trust (default: review/demo-keyring.json for the embedded dataset in content/, else review/keyring.json)',
  )
  .option('--no-require-approval', 'export content without approvals, for preview builds')
  .option('--only <TYPE:SLUG>', 'export one document (and the indexes), keep the rest', parseOnly)
  .addOption(
    new Option('--report <format>', 'print the report to stdout as JSON').choices(['json']),
  )
  .option(
    '--workers <n>',
    "worker threads that run the Studio's rules beside the main thread, each on a share of the documents (default 0; each holds a copy of its share)",
    wholeNumber(0),
  )
  .option(
    '--render-workers <n>',
    'worker threads that render pages (default: one per core from 400 pages; 0 renders in the main thread)',
    wholeNumber(0),
  )
  .option(
    '--verify <dir>',
    "check every file in DIR against its manifest (and that it holds nothing else) and every page's review signatures against the keyring, then exit",
  )
  .option(
    '--lock-wait <seconds>',
    'how long to wait for another export into the same folder before giving up (default 60)',
    wholeSeconds,
  )
  .option(
    '--repair',
    'check every file of the last export against its sha256 (not only its size) and rewrite what differs',
    false,
  )
  .exitOverride()
  .configureOutput({writeErr: (text) => process.stderr.write(text)})

/** The command's options, as commander parses them. */
interface ExportCliOptions {
  source: string
  out: string
  perspective: Perspective
  strict: boolean
  check: boolean
  only?: {type: PageType; slug: string}
  requireApproval?: boolean
  keyring?: string
  workers?: number
  renderWorkers?: number
  report?: 'json'
  verify?: string
  repair: boolean
  lockWait?: number
}

/** What every step of the command needs: its options and where the human report goes. */
interface ExportCli {
  opts: ExportCliOptions
  /** Prints a line of the human report: to stderr when stdout carries the JSON report. */
  log: (line: string) => void
}

type Source = ReturnType<typeof parseSourceArgument>

/** --verify: checks a folder against its manifest and its review signatures; the exit code. */
async function verifyCommand({opts, log}: ExportCli, dir: string): Promise<number> {
  let problems: string[]
  try {
    problems = await verifyFolder(dir)
    problems.push(...(await verifyReviewsIn(dir, opts.keyring)))
  } catch (error) {
    if (!(error instanceof WriteError)) throw error
    console.error(`error: ${error.message}`)
    return EXIT.usage
  }
  for (const problem of problems) log(`✗ ${problem}`)
  log(
    problems.length === 0
      ? `✓ ${dir} matches its manifest, and every page's review statements verify against its keyring.`
      : `${problems.length} problem(s) in ${dir}.`,
  )
  return problems.length === 0 ? EXIT.ok : EXIT.content
}

/** The --source argument as a source, or the usage exit code after saying what is wrong. */
function sourceOrExit(argument: string): Source | number {
  try {
    return parseSourceArgument(argument, process.env)
  } catch (error) {
    if (error instanceof SourceError) {
      console.error(`error: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
}

/** In a worker thread (scripts/export.ts) stderr is a pipe to the main thread, which says what it is. */
const stderrIsTerminal = (): boolean =>
  isMainThread ? process.stderr.isTTY === true : (workerData as LaunchData)?.stderrIsTTY === true

/** Runs the export into outDir, with progress on a terminal; its report, or the usage exit code. */
async function exportOrExit(
  {opts}: ExportCli,
  source: Source,
  outDir: string,
): Promise<ExportReport | number> {
  const tty = stderrIsTerminal() && opts.report !== 'json'
  const onProgress = tty
    ? (stage: string) => process.stderr.write(`\r\u001b[2K${stage}…`)
    : undefined
  try {
    const report = await runExport({
      source,
      outDir,
      perspective: opts.perspective,
      strict: opts.strict,
      requireApproval: opts.requireApproval,
      keyring: opts.keyring,
      validationWorkers: opts.workers,
      renderWorkers: opts.renderWorkers,
      only: opts.only,
      repair: opts.repair,
      lockWaitMs: opts.lockWait === undefined ? undefined : opts.lockWait * 1000,
      onProgress,
    })
    if (tty) process.stderr.write('\r\u001b[2K')
    return report
  } catch (error) {
    if (opts.check) rmSync(outDir, {recursive: true, force: true})
    if (tty) process.stderr.write('\r\u001b[2K')
    if (
      error instanceof SourceError ||
      error instanceof LiveSourceError ||
      error instanceof WriteError ||
      error instanceof KeyringError
    ) {
      console.error(`error: ${error.message}`)
      return EXIT.usage
    }
    throw error
  }
}

/** Prints the JSON report (with --report json), every issue, the summary and --check's verdict. */
function printReport({opts, log}: ExportCli, report: ExportReport, differences: string[]): void {
  if (opts.report === 'json')
    process.stdout.write(`${JSON.stringify({...report, differences}, null, 2)}\n`)
  for (const issue of report.issues) log(formatIssue(issue))
  log(formatSummary(report))
  if (opts.check) {
    for (const line of differences) log(`  ${line}`)
    log(
      differences.length === 0
        ? `✓ ${opts.out} is up to date.`
        : `✗ ${opts.out} is out of date (${differences.length} file(s)). Run \`npm run export\` and commit the result.`,
    )
  }
}

/** Parses the command line, then verifies, or exports (and compares, with --check); exit code. */
async function main(): Promise<number> {
  const stop = parseCommandLine(program)
  if (stop !== undefined) return stop
  const opts = program.opts<ExportCliOptions>()
  const log =
    opts.report === 'json'
      ? (line: string) => process.stderr.write(`${line}\n`)
      : (line: string) => console.log(line)
  const cli: ExportCli = {opts, log}
  if (opts.verify) return verifyCommand(cli, opts.verify)

  const source = sourceOrExit(opts.source)
  if (typeof source === 'number') return source
  // --check exports into a temporary folder and compares it with --out.
  const outDir = opts.check ? mkdtempSync(join(tmpdir(), 'export-check-')) : opts.out
  const report = await exportOrExit(cli, source, outDir)
  if (typeof report === 'number') return report

  let differences: string[] = []
  if (opts.check) {
    differences = await compareExports(opts.out, outDir)
    rmSync(outDir, {recursive: true, force: true})
  }
  printReport(cli, report, differences)
  const errors = report.issues.some((i) => i.level === 'error')
  return errors || differences.length > 0 ? EXIT.content : EXIT.ok
}

/** Files that differ between the committed export and a fresh one, by their manifests. */
async function compareExports(committed: string, fresh: string): Promise<string[]> {
  const [a, b] = [await readManifest(committed), await readManifest(fresh)]
  if (!b) return []
  if (!a) return [`${committed}/manifest.json missing: everything differs`]
  const before = new Map(a.files.map((f) => [f.path, f.sha256]))
  const after = new Map(b.files.map((f) => [f.path, f.sha256]))
  const problems = await verifyExport(committed)
  const out = [...problems.map((p) => `changed on disk: ${p}`)]
  for (const [path, hash] of after) {
    if (!before.has(path)) out.push(`added: ${path}`)
    else if (before.get(path) !== hash) out.push(`changed: ${path}`)
  }
  for (const path of before.keys()) if (!after.has(path)) out.push(`removed: ${path}`)
  if (a.source !== b.source || a.perspective !== b.perspective)
    out.push('changed: manifest.json (source or perspective)')
  return out.sort()
}

process.exitCode = await main()
