import {availableParallelism} from 'node:os'
import {documentFailure} from '../documentFailure.ts'
import type {ExportContext} from '../exportContext.ts'
import type {GateResult} from '../gate/gateStage.ts'
import type {Plan} from '../incremental/plan.ts'
import type {QueryEngine} from '../query/queryEngine.ts'
import type {ContentIssue, SanityDoc} from '../types.ts'
import type {Selection} from '../validate/exportability.ts'
import {closureDocuments} from '../workflow/closure.ts'
import type {ExportWriter} from '../write/writeExport.ts'
import {pageFiles, slugOf} from './pageFiles.ts'
import type {RenderedPage} from './renderPage.ts'
import {PageRenderError, RenderPool} from './renderPool.ts'
import type {TumourIndexEntry} from './tumourIndex.ts'

/** Pages rendered at most this far ahead of the one being written. */
const RENDER_WINDOW = 64
/** Below this many pages to render, worker threads cost more to start than they save. */
const MIN_PAGES_FOR_RENDER_WORKERS = 400

export interface RenderInput {
  writer: ExportWriter
  engine: QueryEngine
  selection: Selection
  plan: Plan
  gate?: GateResult
}

/**
 * A page that fails to render is reported on its document and left out, and the other pages go
 * on; kit pages then do not list it.
 */
export function pageFailed(
  context: ExportContext,
  selection: Selection,
  issue: ContentIssue,
): void {
  selection.exportedTumourIds.delete(issue.documentId)
  selection.exportedKitIds.delete(issue.documentId)
  context.report.issues.push(issue)
  context.report.skipped.push({documentId: issue.documentId, reason: issue.message})
}

/** The approved closure's documents, when the page renders from its approval. */
export function closureOfPage(gate: GateResult | undefined, doc: SanityDoc) {
  const closure = gate?.pages.get(doc._id)?.closure
  return closure ? {closure, documents: closureDocuments(closure, doc._id)} : undefined
}

/**
 * Tumour pages: this thread queries and writes while worker threads render Markdown and JSON;
 * a page whose inputs are those of the last run keeps its files. Returns the listing index.
 */
export async function renderTumourPages(
  context: ExportContext,
  input: RenderInput,
): Promise<TumourIndexEntry[]> {
  context.stage('rendering-tumours')
  const {engine, selection, plan, gate} = input
  const index: TumourIndexEntry[] = []
  const toRender: {doc: SanityDoc; inputs: string}[] = []
  for (const doc of selection.tumours) {
    const closure = gate?.pages.get(doc._id)?.closure
    const kits = (closure ? Object.keys(closure.referencedBy) : engine.kitIdsOf(doc._id))
      .filter((id) => selection.exportedKitIds.has(id))
      .sort()
    const inputs = plan.inputsOf(doc, kits)
    const previous = plan.previousIndex.get(slugOf(doc) ?? '')
    if (previous && plan.reuse(doc, inputs)) index.push(previous)
    else toRender.push({doc, inputs})
  }
  if (toRender.length > 0) index.push(...(await renderAll(context, input, toRender)))
  return index
}

async function renderAll(
  context: ExportContext,
  {writer, engine, selection, gate}: RenderInput,
  toRender: {doc: SanityDoc; inputs: string}[],
): Promise<TumourIndexEntry[]> {
  // The transforms (remark, yaml) load only when a page is rendered: not on a no-op run.
  const {kitLink} = await import('./tumourPage.ts')
  const workers = context.options.renderWorkers
  const pool = new RenderPool(
    workers ?? (toRender.length >= MIN_PAGES_FOR_RENDER_WORKERS ? availableParallelism() : 0),
  )
  const index: TumourIndexEntry[] = []
  const rendering: {doc: SanityDoc; inputs: string; page: Promise<RenderedPage>}[] = []
  const settle = async (next: (typeof rendering)[number]) => {
    const page = await next.page.catch((error: unknown) => {
      if (error instanceof PageRenderError) return pageFailed(context, selection, error.issue)
      throw error
    })
    if (!page) return
    index.push(page.index)
    if (!context.selected(next.doc)) return
    for (const file of pageFiles('tumours', next.doc, page, next.inputs)) await writer.add(file)
    context.report.rendered = (context.report.rendered ?? 0) + 1
  }
  try {
    for (const {doc, inputs} of toRender) {
      let row: ReturnType<QueryEngine['tumourPage']>
      try {
        row = engine.tumourPage(doc._id, closureOfPage(gate, doc)?.documents)
      } catch (error) {
        pageFailed(context, selection, documentFailure(doc._id, 'Querying the page', error))
        continue
      }
      if (!row) continue
      const kits = row.kits
        .filter((k) => selection.exportedKitIds.has(k._id))
        .flatMap((k) => kitLink(k) ?? [])
      const page = pool.render({row, kits, review: gate?.pages.get(doc._id)?.review})
      page.catch(() => {}) // awaited in order by settle(); this only marks it handled
      rendering.push({doc, inputs, page})
      if (rendering.length >= RENDER_WINDOW) await settle(rendering.shift() as never)
    }
    for (const next of rendering.splice(0)) await settle(next)
  } finally {
    await pool.close()
  }
  return index
}
