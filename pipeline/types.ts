/** The document types that are pages of their own, each reviewed before it is published. */
export const PAGE_TYPES = ['tumour', 'kitProduct'] as const
export type PageType = (typeof PAGE_TYPES)[number]
export const isPageType = (type: string): type is PageType =>
  (PAGE_TYPES as readonly string[]).includes(type)

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A document as it appears in Sanity's NDJSON export: system fields plus content. */
export interface SanityDoc {
  _id: string
  _type: string
  _rev?: string
  _createdAt?: string
  _updatedAt?: string
  [field: string]: unknown
}

export type IssueLevel = 'error' | 'warning' | 'info'

/**
 * A problem in content, reported instead of thrown. `path` uses Sanity's path notation
 * (`sections[_key=="s1"].body`), so a writer can find the field in the Studio. A problem in an
 * input file names the `file` (and `line`) instead; its `documentId` and `path` are empty.
 */
export interface ContentIssue {
  documentId: string
  path: string
  level: IssueLevel
  message: string
  /** Where the problem came from, for example `studio:custom`, `missing-reference`, `ndjson`. */
  code?: string
  /** 1-based line in the source file, where one applies. */
  line?: number
  /** The input file, for a problem in a file rather than in a document (the importer's pages). */
  file?: string
}

const levelOrder: Record<IssueLevel, number> = {error: 0, warning: 1, info: 2}

/** Deterministic report order: by document, then severity, then path and message. */
export function compareIssues(a: ContentIssue, b: ContentIssue): number {
  return (
    a.documentId.localeCompare(b.documentId) ||
    levelOrder[a.level] - levelOrder[b.level] ||
    a.path.localeCompare(b.path) ||
    a.message.localeCompare(b.message)
  )
}

/** A signed statement as exported with a page, so a site can verify it again (review/keys.json). */
export interface ExportedStatement {
  id: string
  /** The canonical payload: exactly the signed bytes. */
  payload: string
  signature: string
}

/** The medical review a page shows, from the signed statements that released it. */
export interface PageReview {
  approvedBy?: {name: string; credentials: string[]}
  /** When the released content was approved (ISO 8601 instant). */
  approvedAt?: string
  /** sha256 of the approved content closure. */
  contentHash?: string
  /** Whether that approval was a full medical review or a review of a change. */
  scope?: 'full' | 'change'
  /** Date (YYYY-MM-DD) and reviewer of the last full medical review, and when the next is due. */
  lastReviewed?: string
  nextReviewDue?: string
  reviewedBy?: {name: string; credentials: string[]; orcid?: string}
  /** The submission, approval, publication (and full review) statements behind it. */
  statements?: ExportedStatement[]
}
