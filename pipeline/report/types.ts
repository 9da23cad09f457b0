import type {ContentIssue} from '../types.ts'
import type {CategoryId} from '../workflow/categorize.ts'
import type {ReviewState} from '../workflow/workflow.ts'
import type {DocumentDiff} from './diffDocuments.ts'

/** The reviewers' report: which pages need a medical reviewer's attention, why, and what changed. */

export interface QueueEntry {
  publishedId: string
  type: string
  name: string
  /** One line saying why the page is listed, e.g. "submitted 2026-11-20 by Jonas Weber". */
  detail: string
  /** The reviewer's signed comment, for changes requested. */
  comment?: string
  /** Why statements count for nothing, one message each, for signatures not valid. */
  reasons?: string[]
}

export interface Category {
  id: CategoryId
  title: string
  description: string
  entries: QueueEntry[]
}

/** The draft or the published page against the approved revision readers see. */
export interface PageComparison {
  subject: 'draft' | 'published'
  title: string
  diff: DocumentDiff
}

/** A document the page shows (a source, a kit) as approved and as it is now. */
export interface ShownChange {
  id: string
  /** Its name as approved (or, when it is new, as it is now). */
  label: string
  status: 'changed' | 'added' | 'removed'
  /** What happened to it, in words: "changed", "removed from the dataset" … */
  note: string
  diff: DocumentDiff
}

/** The documents a page shows that changed since its approval. */
export interface ShownComparison {
  subject: 'shown'
  title: string
  documents: ShownChange[]
}

export type Comparison = PageComparison | ShownComparison

/** A signed decision, with what its signature means (21 CFR Part 11 §11.50). */
export interface DecisionInfo {
  decision: 'approved' | 'changesRequested'
  reviewer: string
  decidedAt: string
  meaning: string
  comment?: string
}

export interface Fact {
  label: string
  value: string
}

export interface DocumentReview {
  publishedId: string
  type: string
  name: string
  state: ReviewState
  hasDraft: boolean
  isPublished: boolean
  categories: CategoryId[]
  /** Label and value pairs: submitted by, last approved, next review due … */
  facts: Fact[]
  latestDecision?: DecisionInfo
  /** Why statements about this page count for nothing. */
  signatureProblems: string[]
  comparisons: Comparison[]
}

export interface ReviewReport {
  today: string
  /** The keyring the signatures were checked against. */
  keyring: {path: string; purpose: 'production' | 'demo'; people: number}
  categories: Category[]
  /** Every page listed in a category, in id order. */
  documents: DocumentReview[]
  issues: ContentIssue[]
}
