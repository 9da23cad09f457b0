import type {SanityDoc} from '../types.ts'
import type {OutputFile} from '../write/writeExport.ts'
import type {RenderedFile} from './renderPage.ts'

/** A page's file as text, or as bytes already hashed where they were rendered. */
export type OutputText = string | RenderedFile

/** The JSON and Markdown file of one page, tagged with the document and revision they came from. */
export function pageFiles(
  folder: 'tumours' | 'kits',
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

export const slugOf = (doc: SanityDoc) => (doc.slug as {current?: string} | undefined)?.current
