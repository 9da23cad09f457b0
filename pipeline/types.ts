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
 * (`sections[_key=="s1"].body`), so a writer can find the field in the Studio.
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
