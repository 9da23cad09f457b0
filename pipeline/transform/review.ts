import type {ApprovalInfo} from '../review/approvedContent.ts'

/** The medical-approval facts a page shows, from the approval it was exported from. */
export interface PageReview {
  approvedBy?: {name: string; credentials: string[]}
  approvedAt?: string
  contentHash?: string
}

export function pageReview(approval: ApprovalInfo | undefined): PageReview {
  if (!approval) return {}
  return {
    ...(approval.approvedBy ? {approvedBy: approval.approvedBy} : {}),
    approvedAt: approval.approvedAt,
    contentHash: approval.contentHash,
  }
}

/** `review:` in Markdown frontmatter: who approved what, and when the next review is due. */
export function reviewFrontmatter(
  review: PageReview & {lastReviewed?: string; nextReviewDue?: string},
) {
  return {
    approvedBy: review.approvedBy
      ? [review.approvedBy.name, ...review.approvedBy.credentials].join(', ')
      : undefined,
    approvedAt: review.approvedAt,
    contentHash: review.contentHash,
    lastReviewed: review.lastReviewed,
    nextReviewDue: review.nextReviewDue,
  }
}
