import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import {schemaTypes} from '../schemas/index.ts'
import {documentFingerprints, pageFingerprint} from './incremental/fingerprints.ts'
import {loadDataset} from './load/loadDataset.ts'
import {describeSource, openSource, type SourceSpec} from './load/openSource.ts'
import {applyPerspective, type Perspective} from './perspective/applyPerspective.ts'
import {QueryEngine} from './query/queryEngine.ts'
import {applyApprovals} from './review/approvedContent.ts'
import type {RenderedFile, RenderedPage} from './transform/renderPage.ts'
import {RenderPool} from './transform/renderPool.ts'
import {toExportSource} from './transform/sources.ts'
import {readPreviousIndex, type TumourIndexEntry} from './transform/tumourIndex.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from './types.ts'
import {validationRulesVersion} from './validate/studioSchema.ts'
import {ValidationThreads} from './validate/validateParallel.ts'
import {validateStage} from './validate/validateStage.ts'
import {acquireExportLock} from './write/exportLock.ts'
import {jsonSchemas} from './write/jsonSchemas.ts'
import {MANIFEST_FILE, type ManifestEntry} from './write/manifest.ts'
import {stableJson} from './write/stableJson.ts'
import {ExportWriter, type OutputFile, type WriteResult} from './write/writeExport.ts'

export interface ExportOptions {
  source: SourceSpec
  outDir: string
  perspective: Perspective
  /** Any error fails the whole export and nothing is written. */
  strict: boolean
  /** Export only medically approved content; by default on for the published perspective. */
  requireApproval?: boolean
  /** Export one document (and the indexes); other files of the previous export stay. */
  only?: {type: 'tumour' | 'kitProduct'; slug: string}
  onProgress?: (stage: string) => void
  signal?: AbortSignal
  /**
   * Worker threads that run the Studio's rules beside this thread, each on its own share of
   * the documents (only when at least 300 documents are validated). Default 0: this thread
   * alone.
   */
  validationWorkers?: number
  /**
   * Worker threads that render tumour pages while this thread queries and writes. By default
   * one per core when there are at least 400 pages to render, else none.
   */
  renderWorkers?: number
  /** How long to wait for another export into the same folder (default 60 s). */
  lockWaitMs?: number
  /** Check every file of the previous export against its sha256, not only its size. */
  repair?: boolean
}

export interface ExportReport {
  source: string
  perspective: Perspective
  documentsRead: number
  exported: {tumours: number; kits: number; sources: number}
  skipped: {documentId: string; reason: string}[]
  /** Documents run through the Studio's rules; the others are unchanged since the last run. */
  revalidated?: number
  /** Time spent in the Studio's rules (for throughput: revalidated / studioRulesMs). */
  studioRulesMs?: number
  /** Pages rendered by this run; the others were unchanged and kept as they were. */
  rendered?: number
  files?: WriteResult
  issues: ContentIssue[]
  /** Things the run did that a reader of the report should know (a stale lock taken over). */
  notes?: string[]
  /** Why nothing was written, when nothing was. */
  aborted?: string
  durationMs: number
}

const EXPORTED_TYPES = new Set(['tumour', 'kitProduct'])
const KNOWN_TYPES = new Set(schemaTypes.map((t) => t.name))

const slugOf = (doc: SanityDoc) => (doc.slug as {current?: string} | undefined)?.current

/** The GROQ `now()` of an export: the newest edit in the dataset, so reruns are byte-identical. */
function datasetTimestamp(documents: SanityDoc[]): Date {
  let newest = ''
  for (const doc of documents)
    if (typeof doc._updatedAt === 'string' && doc._updatedAt > newest) newest = doc._updatedAt
  const parsed = Date.parse(newest)
  return Number.isNaN(parsed) ? new Date(0) : new Date(parsed)
}

/** The JSON and Markdown file of one page, tagged with the document and revision they came from. */
function pageFiles(
  folder: string,
  doc: SanityDoc,
  page: {slug: string; json: OutputText; markdown: OutputText},
  inputs: string,
): OutputFile[] {
  const origin = {documentId: doc._id, revision: doc._rev, inputs}
  const file = (path: string, output: OutputText): OutputFile =>
    typeof output === 'string'
      ? {path, content: output, ...origin}
      : {path, content: output.bytes, sha256: output.sha256, ...origin}
  return [
    file(`json/${folder}/${page.slug}.json`, page.json),
    file(`markdown/${folder}/${page.slug}.md`, page.markdown),
  ]
}

/** A page's file as text, or as bytes already hashed where they were rendered. */
type OutputText = string | RenderedFile

/** Pages rendered at most this far ahead of the one being written. */
const RENDER_WINDOW = 64
/** Below this many pages to render, worker threads cost more to start than they save. */
const MIN_PAGES_FOR_RENDER_WORKERS = 400

/** load → perspective → validate → query → transform → write, one export per folder at a time. */
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

async function exportUnlocked(options: ExportOptions): Promise<ExportReport> {
  const started = performance.now()
  const progress = options.onProgress ?? (() => {})
  const report: ExportReport = {
    source: describeSource(options.source),
    perspective: options.perspective,
    documentsRead: 0,
    exported: {tumours: 0, kits: 0, sources: 0},
    skipped: [],
    revalidated: 0,
    rendered: 0,
    issues: [],
    durationMs: 0,
  }
  const finish = (aborted?: string) => {
    report.issues.sort(compareIssues)
    if (aborted) report.aborted = aborted
    report.durationMs = Math.round(performance.now() - started)
    return report
  }

  progress('reading')
  const loaded = await loadDataset(await openSource(options.source, options.signal), KNOWN_TYPES)
  report.documentsRead = loaded.documents.length + loaded.issues.length
  report.issues.push(...loaded.fatal, ...loaded.issues)
  if (loaded.fatal.length > 0) return finish('the source has malformed lines')

  // Helper threads for the Studio's rules only when asked for: on this 2-core machine one
  // saved about 5% at 10,000 pages, cost time at 1,000 and nothing at 50,000, where its copy of
  // the documents pushed the peak past 3 GB. A first export, which validates everything,
  // starts them now so they load while this thread applies the perspective and approvals; a
  // later one leaves it to validateParallel (only if enough documents changed).
  const helpers = options.validationWorkers ?? 0
  const threads =
    helpers > 0 && !existsSync(join(options.outDir, MANIFEST_FILE))
      ? ValidationThreads.start(helpers)
      : undefined
  let writer: ExportWriter | undefined
  try {
    progress('validating')
    let visible = applyPerspective(loaded.documents, options.perspective)
    const requireApproval = options.requireApproval ?? options.perspective === 'published'
    const gate = requireApproval ? await applyApprovals(visible, options.strict) : undefined
    if (gate) {
      visible = gate.documents
      report.issues.push(...gate.issues)
    }
    const heldBack = gate?.heldBack ?? new Set<string>()
    const selected = (doc: SanityDoc) =>
      !options.only || (options.only.type === doc._type && options.only.slug === slugOf(doc))
    const selectedIds = new Set(
      visible.filter((d) => options.only && selected(d)).map((d) => d._id),
    )
    /** Files of the last run whose page is not rendered again (see canReuse). */
    const reused = new Set<string>()
    // Opened here for the last run's manifest; it writes nothing until a file differs.
    writer = await ExportWriter.open(options.outDir, {
      source: report.source,
      perspective: options.perspective,
      repair: options.repair,
      carryOver: (entry) =>
        reused.has(entry.path) ||
        (options.only !== undefined &&
          entry.documentId !== undefined &&
          !selectedIds.has(entry.documentId)),
    })
    // Incremental: documents whose fingerprint equals the last run's passed validation then,
    // under the same validation rules.
    const previous = writer.previous
    const usable = previous?.perspective === options.perspective ? previous : undefined
    const rules = validationRulesVersion()
    const verdicts = usable?.rules === rules ? usable : undefined
    const fingerprints = documentFingerprints(visible)
    const lastValidated = verdicts?.validated ?? {}
    const unchanged = new Set(
      visible
        .filter((d) => lastValidated[d._id] === fingerprints.withReferences.get(d._id))
        .map((d) => d._id),
    )
    const validation = await validateStage(
      visible,
      loaded.documents,
      unchanged,
      threads ?? helpers,
      verdicts?.findings,
    )
    report.revalidated = validation.studioRules.documents
    report.studioRulesMs = validation.studioRules.ms
    report.issues.push(...validation.issues)
    const hasErrors = report.issues.some((i) => i.level === 'error')
    if (options.strict && hasErrors) return finish('--strict and the content has errors')

    progress('transforming')
    const engine = new QueryEngine(visible, {timestamp: datasetTimestamp(visible)})
    const exportable = (doc: SanityDoc) =>
      EXPORTED_TYPES.has(doc._type) && !validation.blocked.has(doc._id) && !heldBack.has(doc._id)
    for (const doc of visible) {
      if (EXPORTED_TYPES.has(doc._type) && heldBack.has(doc._id)) {
        report.skipped.push({documentId: doc._id, reason: 'no medical approval'})
      } else if (EXPORTED_TYPES.has(doc._type) && validation.blocked.has(doc._id)) {
        const first = validation.issues.find((i) => i.documentId === doc._id && i.level === 'error')
        report.skipped.push({
          documentId: doc._id,
          reason: first ? `${first.path || '(document)'}: ${first.message}` : 'has errors',
        })
      }
    }
    const tumours = engine.ofType('tumour').filter(exportable)
    const kits = engine.ofType('kitProduct').filter(exportable)
    const exportedTumourIds = new Set(tumours.map((t) => t._id))
    const exportedKitIds = new Set(kits.map((k) => k._id))

    // A page whose fingerprint matches the file the last run wrote is not rendered again.
    const previousFiles = new Map<string, ManifestEntry[]>()
    for (const entry of usable?.files ?? []) {
      if (entry.documentId)
        previousFiles.set(entry.documentId, [...(previousFiles.get(entry.documentId) ?? []), entry])
    }
    const canReuse = (doc: SanityDoc, inputs: string) => {
      const entries = previousFiles.get(doc._id)
      if (entries?.length !== 2 || entries.some((e) => e.inputs !== inputs)) return false
      for (const e of entries) reused.add(e.path)
      return true
    }
    const kitsByTumour = new Map<string, string[]>()
    for (const kit of kits) {
      for (const ref of (kit.availableFor as {_ref?: string}[] | undefined) ?? []) {
        if (ref._ref) kitsByTumour.set(ref._ref, [...(kitsByTumour.get(ref._ref) ?? []), kit._id])
      }
    }
    const approvalOf = (id: string) => gate?.approvals.get(id)
    const inputsOf = (doc: SanityDoc, shown: string[]) =>
      pageFingerprint(fingerprints.withReferences.get(doc._id) as string, [
        ...shown.map((id) => `${id}:${fingerprints.own.get(id)}`),
        `approval:${approvalOf(doc._id)?.approvalId ?? ''}`,
      ])
    // The last index, unless the writer found it damaged (then every page is made again).
    const oldIndex = usable?.files.some((f) => f.path === 'json/tumours.json')
      ? await readPreviousIndex(options.outDir)
      : new Map<string, TumourIndexEntry>()

    const validated: Record<string, string> = {}
    const findings: Record<string, ContentIssue[]> = {}
    for (const doc of [...visible].sort((a, b) => (a._id < b._id ? -1 : 1))) {
      if (validation.blocked.has(doc._id)) continue
      validated[doc._id] = fingerprints.withReferences.get(doc._id) as string
      const found = validation.findings.get(doc._id)
      if (found) findings[doc._id] = found.sort(compareIssues)
    }
    // Pages are written as they are rendered (see ExportWriter), in bounded batches.
    await renderPages(writer)
    progress('writing')
    report.files = await writer.finish({validated, findings, rules})
    return finish()

    async function renderPages(writer: ExportWriter) {
      const write = async (files: OutputFile[]) => {
        for (const file of files) await writer.add(file)
      }

      const index: TumourIndexEntry[] = []
      const toRender: {doc: SanityDoc; inputs: string}[] = []
      for (const doc of tumours) {
        const inputs = inputsOf(
          doc,
          (kitsByTumour.get(doc._id) ?? []).filter((id) => exportedKitIds.has(id)),
        )
        const previousEntry = oldIndex.get(slugOf(doc) ?? '')
        if (previousEntry && canReuse(doc, inputs)) index.push(previousEntry)
        else toRender.push({doc, inputs})
      }
      // This thread runs the queries and writes; worker threads render Markdown and JSON.
      // The transforms (remark, yaml) load only when a page is rendered: not on a no-op run.
      const transforms = toRender.length > 0 ? await import('./transform/tumourPage.ts') : undefined
      const pool = new RenderPool(
        options.renderWorkers ??
          (toRender.length >= MIN_PAGES_FOR_RENDER_WORKERS ? availableParallelism() : 0),
      )
      const rendering: {doc: SanityDoc; inputs: string; page: Promise<RenderedPage>}[] = []
      const settle = async (next: (typeof rendering)[number]) => {
        const page = await next.page
        index.push(page.index)
        if (!selected(next.doc)) return
        await write(pageFiles('tumours', next.doc, page, next.inputs))
        report.rendered = (report.rendered ?? 0) + 1
      }
      try {
        for (const {doc, inputs} of toRender) {
          const row = engine.tumourPage(doc._id)
          if (!row) continue
          const kitsOfPage = row.kits
            .filter((k) => exportedKitIds.has(k._id))
            .flatMap((k) => transforms?.kitLink(k) ?? [])
          const page = pool.render({row, kits: kitsOfPage, approval: approvalOf(doc._id)})
          page.catch(() => {}) // awaited in order by settle(); this only marks it handled
          rendering.push({doc, inputs, page})
          if (rendering.length >= RENDER_WINDOW) await settle(rendering.shift() as never)
        }
        for (const next of rendering.splice(0)) await settle(next)
      } finally {
        await pool.close()
      }
      for (const doc of kits) {
        const listed = ((doc.availableFor as {_ref?: string}[] | undefined) ?? []).flatMap(
          (r) => r._ref ?? [],
        )
        for (const id of listed.filter((t) => !exportedTumourIds.has(t))) {
          report.issues.push({
            documentId: doc._id,
            path: 'availableFor',
            level: 'warning',
            code: 'dropped-reference',
            message: `Lists ${id}, which is not exported (see its own issues), so the kit page leaves it out.`,
          })
        }
        const inputs = inputsOf(
          doc,
          listed.filter((t) => exportedTumourIds.has(t)),
        )
        if (canReuse(doc, inputs)) continue
        const row = engine.kitPage(doc._id)
        if (!row || !selected(doc)) continue
        const {kitToJson, kitToMarkdown} = await import('./transform/kitPage.ts')
        const kit = kitToJson(row, exportedTumourIds, approvalOf(doc._id))
        await write(
          pageFiles(
            'kits',
            doc,
            {slug: kit.slug, json: stableJson(kit), markdown: kitToMarkdown(kit)},
            inputs,
          ),
        )
        report.rendered = (report.rendered ?? 0) + 1
      }
      const sources = engine
        .sources()
        .filter((s) => !validation.blocked.has(s._id))
        .map(toExportSource)
      index.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.slug.localeCompare(b.slug))
      await write([
        {path: 'json/sources.json', content: stableJson(sources)},
        {path: 'json/tumours.json', content: stableJson(index)},
      ])
      for (const [name, schema] of Object.entries(jsonSchemas)) {
        await writer.add({
          path: `schema/${name}`,
          content: stableJson({
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            $id: name,
            ...schema,
          }),
        })
      }
      report.exported = {tumours: tumours.length, kits: kits.length, sources: sources.length}
    }
  } finally {
    await writer?.abort()
    await threads?.close()
  }
}
