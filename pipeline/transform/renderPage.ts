import {sha256} from '../hash.ts'
import type {PageReview} from '../types.ts'
import {stableJson} from './stableJson.ts'
import {type TumourIndexEntry, tumourIndexEntry} from './tumourIndex.ts'
import {type KitLink, type TumourRow, tumourToJson, tumourToMarkdown} from './tumourPage.ts'

/** Everything one tumour page is made from: its query row and what the gate decided. */
export interface RenderJob {
  row: TumourRow
  kits: KitLink[]
  review?: PageReview
}

/** A rendered file: its UTF-8 bytes and their sha256, made where it was rendered. */
export interface RenderedFile {
  bytes: Uint8Array
  sha256: string
}

/** One tumour page, rendered: its two files and its row of the listing index. */
export interface RenderedPage {
  slug: string
  json: RenderedFile
  markdown: RenderedFile
  index: TumourIndexEntry
}

const encoder = new TextEncoder()

function rendered(text: string): RenderedFile {
  const bytes = encoder.encode(text)
  return {bytes, sha256: sha256(bytes)}
}

/** Renders one tumour page. Pure, so it runs the same in this thread or in a worker. */
export function renderTumourPage({row, kits, review}: RenderJob): RenderedPage {
  const page = tumourToJson(row, kits, review)
  return {
    slug: page.slug,
    json: rendered(stableJson(page)),
    markdown: rendered(tumourToMarkdown(page)),
    index: tumourIndexEntry(page),
  }
}
