import type {BlockStyle, ListItem} from '../../schemas/objects/blockContent.ts'
import type {SectionKind} from '../../schemas/objects/section.ts'
import type {ContentIssue, SanityDoc} from '../types.ts'

export interface PtSpan {
  _type: 'span'
  text: string
  marks: string[]
}

export interface PtLink {
  _key: string
  _type: 'link'
  href: string
}

/** A Portable Text block before keys are assigned (keys depend on where it ends up). */
export interface PtBlock {
  _type: 'block'
  style: BlockStyle
  listItem?: ListItem
  level?: number
  markDefs: PtLink[]
  children: PtSpan[]
}

export interface ParsedSection {
  heading: string
  kind: SectionKind
  body: PtBlock[]
  line: number
}

export interface ParsedKit {
  name: string
  line: number
  /** The marketing copy, which becomes the kit's description. */
  copy: PtBlock[]
  hasCallToAction: boolean
}

/** The `Source: …` line: its text without the label, and the first web address in it. */
export interface ParsedSource {
  text: string
  url?: string
  line: number
}

/** One legacy page, format-independent: what both parsers produce. */
export interface ParsedPage {
  file: string
  name: string
  /** The paragraphs before the first section heading. */
  opening: PtBlock[]
  sections: ParsedSection[]
  kits: ParsedKit[]
  source?: ParsedSource
}

export interface ParseResult {
  /** Missing when the page could not be read at all; `issues` then holds the error. */
  page?: ParsedPage
  issues: ContentIssue[]
}

/** The documents built from one page, before they are merged into a dataset. */
export interface PageDocuments {
  file: string
  tumour: SanityDoc
  source?: SanityDoc
  kits: SanityDoc[]
}

export interface InputFile {
  /** The name used in the report, usually the path as given on the command line. */
  path: string
  bytes: Uint8Array
}
