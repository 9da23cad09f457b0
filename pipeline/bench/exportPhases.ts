/**
 * Runs the real export (`runExport`, as scripts/export.ts does) and times each stage it
 * reports through `onProgress`, to show where an export's time goes. Prints one JSON line:
 *
 *   node [--cpu-prof] pipeline/bench/exportPhases.ts --source data.ndjson --out DIR
 */
import {runExport} from '../exportDataset.ts'
import {DEMO_KEYRING} from '../gate/keyringFile.ts'
import {parseSourceArgument} from '../load/openSource.ts'
import {runAsScript} from './stageResult.ts'

export async function exportPhases(source: string, outDir: string) {
  const phases: Record<string, number> = {}
  let current: string | undefined
  let since = performance.now()
  const mark = (next: string | undefined) => {
    const now = performance.now()
    if (current) phases[`${current}Ms`] = (phases[`${current}Ms`] ?? 0) + (now - since)
    current = next
    since = now
  }
  const report = await runExport({
    source: parseSourceArgument(source, process.env),
    outDir,
    perspective: 'published',
    strict: false,
    // The synthetic dataset is signed with the demo keys.
    keyring: DEMO_KEYRING,
    onProgress: mark,
  })
  mark(undefined)
  return {
    pages: report.exported.tumours,
    filesWritten: report.files?.written.length ?? 0,
    phases,
  }
}

await runAsScript(import.meta.filename, (args) => exportPhases(args.source, args.out))
