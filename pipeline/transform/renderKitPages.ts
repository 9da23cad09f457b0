import {documentFailure} from '../documentFailure.ts'
import type {ExportContext} from '../exportContext.ts'
import {listedTumours} from '../references.ts'
import {pageFiles} from './pageFiles.ts'
import {closureOfPage, pageFailed, type RenderInput} from './renderTumourPages.ts'
import {stableJson} from './stableJson.ts'

/** Kit pages, each listing the exported tumours it is available for; unchanged ones are kept. */
export async function renderKitPages(context: ExportContext, input: RenderInput): Promise<void> {
  context.stage('rendering-kits')
  const {writer, engine, selection, plan, gate} = input
  for (const doc of selection.kits) {
    const listed = listedTumours(doc).filter((t) => selection.exportedTumourIds.has(t))
    const inputs = plan.inputsOf(doc, listed)
    if (plan.reuse(doc, inputs)) continue
    const {kitToJson, kitToMarkdown} = await import('./kitPage.ts')
    let page: {slug: string; json: string; markdown: string}
    try {
      const row = engine.kitPage(doc._id, closureOfPage(gate, doc)?.documents)
      if (!row || !context.selected(doc)) continue
      const kit = kitToJson(row, selection.exportedTumourIds, gate?.pages.get(doc._id)?.review)
      page = {slug: kit.slug, json: stableJson(kit), markdown: kitToMarkdown(kit)}
    } catch (error) {
      pageFailed(context, selection, documentFailure(doc._id, 'Rendering the page', error))
      continue
    }
    for (const file of pageFiles('kits', doc, page, inputs)) await writer.add(file)
    context.report.rendered = (context.report.rendered ?? 0) + 1
  }
}
