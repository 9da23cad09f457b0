import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {
  type ExportContext,
  type ExportOptions,
  type ExportReport,
  exportContext,
  finishReport,
} from './exportContext.ts'
import {type GateResult, gateSpaces, gateStage} from './gate/gateStage.ts'
import {nodeLedgerCrypto} from './gate/nodeCrypto.ts'
import {trustedKeyring} from './gate/trustedKeyring.ts'
import {type OnlyScope, onlyScope} from './incremental/onlyOne.ts'
import {type Plan, planStep} from './incremental/plan.ts'
import {RunCaches} from './incremental/runCaches.ts'
import type {SourceDigests} from './load/loadDataset.ts'
import {loadStep} from './load/loadStep.ts'
import {describeSource} from './load/openSource.ts'
import {applyPerspective} from './perspective/applyPerspective.ts'
import {QueryEngine} from './query/queryEngine.ts'
import {renderKitPages} from './transform/renderKitPages.ts'
import {renderTumourPages} from './transform/renderTumourPages.ts'
import type {SanityDoc} from './types.ts'
import {selectPages} from './validate/exportability.ts'
import {validateStep} from './validate/validateStep.ts'
import {ValidationThreads} from './validate/validationThreads.ts'
import {acquireExportLock} from './write/exportLock.ts'
import {finishStep} from './write/finishStep.ts'
import {MANIFEST_FILE, type Manifest, type ManifestEntry} from './write/manifest.ts'
import {ExportWriter} from './write/writeExport.ts'
import {writeIndexes} from './write/writeIndexes.ts'

export type {ExportOptions, ExportReport} from './exportContext.ts'

/** One export per output folder at a time; see exportUnlocked for the stages. */
export async function runExport(options: ExportOptions): Promise<ExportReport> {
  const notes: string[] = []
  const release = await acquireExportLock(options.outDir, {
    waitMs: options.lockWaitMs,
    onStale: (pid) => notes.push(`Took over the lock left by a killed export (pid ${pid}).`),
  })
  try {
    const report = await exportUnlocked(options)
    if (notes.length > 0) report.notes = notes
    return report
  } finally {
    await release()
  }
}

/** load → perspective → gate → validate → plan → render tumours → render kits → indexes → finish. */
async function exportUnlocked(options: ExportOptions): Promise<ExportReport> {
  const started = performance.now()
  const context = exportContext(options, describeSource(options.source))
  context.keyring = await trustedKeyring(options)
  const carried: Carried = {}
  const writer = await ExportWriter.open(options.outDir, writerOptions(context, carried))
  // --repair trusts no cache in the output folder: every verdict and fact is made again.
  const caches = new RunCaches(options.outDir, options.repair ? undefined : writer.previous)
  let threads: ValidationThreads | undefined
  try {
    const loaded = await loadStep(context, caches)
    if (!loaded) return finishReport(context, started, 'the source has malformed lines')
    threads = startValidationThreads(options)
    const previous = sameView(writer.previous, options)
    const {documents: raw, digests} = loaded
    const visible = applyPerspective(raw, options.perspective)
    const gate = await gateStep(context, {visible, digests, caches, previous: writer.previous})
    const documents = gate?.documents ?? visible
    const checked = await validateStep(context, {
      documents,
      raw,
      digests,
      caches,
      threads: threads ?? options.validationWorkers ?? 0,
    })
    if (options.strict && context.report.issues.some((i) => i.level === 'error'))
      return finishReport(context, started, '--strict and the content has errors')
    const heldBack = gate?.heldBack ?? new Set<string>()
    const selection = selectPages(context, {documents, heldBack, validation: checked.validation})
    const plan = await planStep(context, {previous, fingerprints: checked.fingerprints, gate})
    carried.plan = plan
    const engine = new QueryEngine(documents as SanityDoc[], {
      timestamp: datasetTimestamp(documents),
    })
    if (options.only) {
      const only = onlyScope(context, {selection, previous, engine, gate})
      context.selected = only.selected
      carried.only = only
    }
    const render = {writer, engine, selection, plan, gate}
    const index = await renderTumourPages(context, render)
    await renderKitPages(context, render)
    await writeIndexes(context, {writer, engine, selection, gate, index})
    context.report.files = await finishStep(context, {writer, caches, rules: checked.rules, gate})
    return finishReport(context, started)
  } finally {
    await writer.abort()
    await threads?.close()
  }
}

/** The gate, for exports that require approval; it also reports which keyring it trusted. */
async function gateStep(
  context: ExportContext,
  input: {
    visible: readonly SanityDoc[]
    digests: SourceDigests
    caches: RunCaches
    previous?: Manifest
  },
): Promise<GateResult | undefined> {
  const {visible, digests, caches} = input
  const keyring = context.keyring
  if (!keyring) return undefined
  context.stage('gating')
  context.report.keyring = {
    path: keyring.path,
    purpose: keyring.keyring.purpose,
    people: keyring.keyring.people.length,
  }
  const spaces = gateSpaces(keyring.fingerprint)
  const gate = await gateStage({
    documents: visible,
    keyring,
    crypto: nodeLedgerCrypto(),
    strict: context.options.strict,
    digests,
    previous: {
      keyring: keyring.fingerprint,
      statements: caches.read(spaces.statements),
      closures: caches.read(spaces.closures),
      released: input.previous?.gate?.released ?? {},
    },
  })
  caches.leave(spaces.statements, gate.cache.statements)
  caches.leave(spaces.closures, gate.cache.closures)
  context.report.issues.push(...gate.issues)
  return gate
}

/**
 * Helper threads for the Studio's rules only when asked for (see the README's performance
 * section); a first export, which validates everything, starts them now so they load meanwhile.
 * An incremental run starts none: loading the rules in a thread while this one reads costs a
 * no-op 0.9 s and saves a one-page change nothing (both cores are busy), README.
 */
function startValidationThreads(options: ExportOptions): ValidationThreads | undefined {
  const helpers = options.validationWorkers ?? 0
  return helpers > 0 && !existsSync(join(options.outDir, MANIFEST_FILE))
    ? ValidationThreads.start(helpers)
    : undefined
}

/** The last run's manifest, when it was made from the same perspective (else nothing carries over). */
function sameView(manifest: Manifest | undefined, options: ExportOptions): Manifest | undefined {
  return manifest?.perspective === options.perspective ? manifest : undefined
}

/** What the writer carries over, known once the run is planned. */
interface Carried {
  plan?: Plan
  only?: OnlyScope
}

/** What the writer carries over from the last run: reused pages, and with --only the other pages still exported. */
function writerOptions(context: ExportContext, carried: Carried) {
  const {options, report} = context
  return {
    source: report.source,
    perspective: options.perspective,
    repair: options.repair,
    carryOver: (entry: ManifestEntry) =>
      carried.plan?.reused.has(entry.path) === true || carried.only?.keeps(entry) === true,
  }
}

/** The GROQ `now()` of an export: the newest edit in the dataset, so reruns are byte-identical. */
function datasetTimestamp(documents: readonly SanityDoc[]): Date {
  let newest = ''
  for (const doc of documents)
    if (typeof doc._updatedAt === 'string' && doc._updatedAt > newest) newest = doc._updatedAt
  const parsed = Date.parse(newest)
  return Number.isNaN(parsed) ? new Date(0) : new Date(parsed)
}
