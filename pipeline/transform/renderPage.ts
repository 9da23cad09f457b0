import type {ApprovalInfo} from '../review/approvedContent.ts'
import {stableJson} from '../write/stableJson.ts'
import {type TumourIndexEntry, tumourIndexEntry} from './tumourIndex.ts'
import {type KitLink, type TumourRow, tumourToJson, tumourToMarkdown} from './tumourPage.ts'

/** Everything one tumour page is made from: its query row and what the gate decided. */
export interface RenderJob {
  row: TumourRow
  kits: KitLink[]
  approval?: ApprovalInfo
}

/** One tumour page, rendered: its two files and its row of the listing index. */
export interface RenderedPage {
  slug: string
  json: string
  markdown: string
  index: TumourIndexEntry
}

/** Renders one tumour page. Pure, so it runs the same in this thread or in a worker. */
export function renderTumourPage({row, kits, approval}: RenderJob): RenderedPage {
  const page = tumourToJson(row, kits, approval)
  return {
    slug: page.slug,
    json: stableJson(page),
    markdown: tumourToMarkdown(page),
    index: tumourIndexEntry(page),
  }
}
