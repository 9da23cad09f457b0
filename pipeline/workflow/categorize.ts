import type {Evaluation} from './evaluate.ts'
import {reviewDates} from './evaluate.ts'
import type {Failure} from './failures.ts'
import {deriveState, type ReviewState} from './workflow.ts'

/**
 * The situations a page can be in that need someone's attention, shared by the Studio's review
 * lists and badges and the reviewers' report.
 */
export const CATEGORIES = [
  {
    id: 'awaitingReview',
    title: 'Awaiting review',
    description: 'Submitted for medical review. Approve it, or request changes with a comment.',
  },
  {
    id: 'changesRequested',
    title: 'Changes requested',
    description: 'A medical reviewer sent these back. The writer edits and submits again.',
  },
  {
    id: 'overdue',
    title: 'Overdue for medical review',
    description:
      'The last full medical review is older than its policy allows. Review the page in full again.',
  },
  {
    id: 'publishedWithoutApproval',
    title: 'Published without approval',
    description:
      'Published, but no signed four-eyes approval covers it, so readers do not see it. Review it in full.',
  },
  {
    id: 'publishedDiffers',
    title: 'Published content differs from the approved revision',
    description:
      'The published page is not the revision a reviewer approved: it was changed outside the review flow. Readers keep seeing the approved revision.',
  },
  {
    id: 'shownChanged',
    title: 'A source or kit shown on this page changed since approval',
    description:
      'The page shows another document (a cited source, a listed kit or tumour) that changed after the approval. Readers keep seeing the approved version; review the page again to show the change.',
  },
  {
    id: 'approvedNotPublished',
    title: 'Approved, not yet published',
    description: 'Approved by a medical reviewer and waiting to be published.',
  },
  {
    id: 'draftsInProgress',
    title: 'Drafts not yet submitted',
    description: 'Being edited and not yet submitted for review (including pages never approved).',
  },
  {
    id: 'signatureProblems',
    title: 'Signatures not valid',
    description:
      'Review statements that count for nothing: a bad signature, an unknown or revoked key, a missing role, a broken history. Each says why.',
  },
] as const

export type CategoryId = (typeof CATEGORIES)[number]['id']

export interface PageFacts {
  /** The page's signed history, judged (undefined when it has no statements). */
  evaluation: Evaluation | undefined
  /** Closure hashes of the draft and of the published document, where they exist. */
  draftHash?: string
  publishedHash?: string
  /** How the published closure differs from the released one (see closureDrift). */
  drift?: {page: boolean; shown: readonly string[]}
  /** Statements filed for this page that count for nothing. */
  failures: readonly Failure[]
  /** YYYY-MM-DD (UTC). */
  today: string
}

/** The state of what the editor shows: the draft if there is one, else the published page. */
export function pageState(facts: PageFacts): ReviewState {
  const current = facts.draftHash ?? facts.publishedHash
  return current === undefined ? 'editing' : deriveState(facts.evaluation, current)
}

/** Every category the page belongs to, in the order of CATEGORIES. */
export function categorize(facts: PageFacts): CategoryId[] {
  const state = pageState(facts)
  const release = facts.evaluation?.release
  const due = release ? reviewDates(release)?.nextReviewDue : undefined
  const found: Record<CategoryId, boolean> = {
    awaitingReview: state === 'inReview',
    changesRequested: state === 'changesRequested',
    overdue: due !== undefined && due < facts.today,
    publishedWithoutApproval: facts.publishedHash !== undefined && !release,
    publishedDiffers: Boolean(release && facts.drift?.page),
    shownChanged: Boolean(release && facts.drift && facts.drift.shown.length > 0),
    approvedNotPublished: state === 'approved',
    draftsInProgress: facts.draftHash !== undefined && state === 'editing',
    signatureProblems:
      facts.failures.length > 0 ||
      (facts.evaluation?.refusals.length ?? 0) > 0 ||
      (facts.evaluation?.chain.ignored.length ?? 0) > 0,
  }
  return CATEGORIES.map((c) => c.id).filter((id) => found[id])
}
