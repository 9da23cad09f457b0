import {schemaTypes} from '../schemas/index.ts'
import {loadDataset} from './load/loadDataset.ts'
import {describeSource, openSource, type SourceSpec} from './load/openSource.ts'
import {applyPerspective, type Perspective} from './perspective/applyPerspective.ts'
import {QueryEngine} from './query/queryEngine.ts'
import {applyApprovals} from './review/approvedContent.ts'
import {kitToJson, kitToMarkdown} from './transform/kitPage.ts'
import {toExportSource} from './transform/sources.ts'
import {tumourIndexEntry} from './transform/tumourIndex.ts'
import {kitLink, tumourToJson, tumourToMarkdown} from './transform/tumourPage.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from './types.ts'
import {validateStage} from './validate/validateStage.ts'
import {jsonSchemas} from './write/jsonSchemas.ts'
import type {ManifestEntry} from './write/manifest.ts'
import {stableJson} from './write/stableJson.ts'
import {type OutputFile, type WriteResult, writeExport} from './write/writeExport.ts'

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
}

export interface ExportReport {
  source: string
  perspective: Perspective
  documentsRead: number
  exported: {tumours: number; kits: number; sources: number}
  skipped: {documentId: string; reason: string}[]
  files?: WriteResult
  issues: ContentIssue[]
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
  page: {slug: string},
  markdown: string,
): OutputFile[] {
  const origin = {documentId: doc._id, revision: doc._rev}
  return [
    {path: `json/${folder}/${page.slug}.json`, content: stableJson(page), ...origin},
    {path: `markdown/${folder}/${page.slug}.md`, content: markdown, ...origin},
  ]
}

/** load → perspective → validate → query → transform → write. */
export async function runExport(options: ExportOptions): Promise<ExportReport> {
  const started = performance.now()
  const progress = options.onProgress ?? (() => {})
  const report: ExportReport = {
    source: describeSource(options.source),
    perspective: options.perspective,
    documentsRead: 0,
    exported: {tumours: 0, kits: 0, sources: 0},
    skipped: [],
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

  progress('validating')
  let visible = applyPerspective(loaded.documents, options.perspective)
  const requireApproval = options.requireApproval ?? options.perspective === 'published'
  const gate = requireApproval ? await applyApprovals(visible, options.strict) : undefined
  if (gate) {
    visible = gate.documents
    report.issues.push(...gate.issues)
  }
  const heldBack = gate?.heldBack ?? new Set<string>()
  const validation = await validateStage(visible, loaded.documents)
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
  const files: OutputFile[] = []
  const selected = (doc: SanityDoc) =>
    !options.only || (options.only.type === doc._type && options.only.slug === slugOf(doc))

  const index = []
  for (const doc of tumours) {
    const row = await engine.tumourPage(doc._id)
    if (!row) continue
    const kitsOfPage = row.kits
      .filter((k) => exportedKitIds.has(k._id))
      .flatMap((k) => kitLink(k) ?? [])
    const page = tumourToJson(row, kitsOfPage, gate?.approvals.get(doc._id))
    index.push(tumourIndexEntry(page))
    if (!selected(doc)) continue
    files.push(...pageFiles('tumours', doc, page, tumourToMarkdown(page)))
  }
  for (const doc of kits) {
    const row = await engine.kitPage(doc._id)
    if (!row) continue
    for (const ref of row.availableFor ?? []) {
      if (ref && !exportedTumourIds.has(ref._id)) {
        report.issues.push({
          documentId: doc._id,
          path: 'availableFor',
          level: 'warning',
          code: 'dropped-reference',
          message: `Lists ${ref._id}, which is not exported (see its own issues), so the kit page leaves it out.`,
        })
      }
    }
    if (!selected(doc)) continue
    const kit = kitToJson(row, exportedTumourIds, gate?.approvals.get(doc._id))
    files.push(...pageFiles('kits', doc, kit, kitToMarkdown(kit)))
  }
  const sources = (await engine.sources())
    .filter((s) => !validation.blocked.has(s._id))
    .map(toExportSource)
  index.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.slug.localeCompare(b.slug))
  files.push(
    {path: 'json/sources.json', content: stableJson(sources)},
    {path: 'json/tumours.json', content: stableJson(index)},
  )
  for (const [name, schema] of Object.entries(jsonSchemas)) {
    files.push({
      path: `schema/${name}`,
      content: stableJson({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: name,
        ...schema,
      }),
    })
  }
  report.exported = {tumours: tumours.length, kits: kits.length, sources: sources.length}

  progress('writing')
  const selectedIds = new Set(visible.filter((d) => options.only && selected(d)).map((d) => d._id))
  const carryOver = options.only
    ? (entry: ManifestEntry) => entry.documentId !== undefined && !selectedIds.has(entry.documentId)
    : undefined
  report.files = await writeExport(options.outDir, files, {
    source: report.source,
    perspective: options.perspective,
    carryOver,
  })
  return finish()
}
