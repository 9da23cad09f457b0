import type {PageReview} from '../types.ts'

/** The review facts a page shows, in a fixed key order (stableJson sorts them anyway). */
export function pageReview(review: PageReview | undefined): PageReview {
  return review ? {...review} : {}
}

/** `review:` in Markdown frontmatter: who approved what, when, and when the next review is due. */
export function reviewFrontmatter(review: PageReview) {
  return {
    approvedBy: review.approvedBy
      ? [review.approvedBy.name, ...review.approvedBy.credentials].join(', ')
      : undefined,
    approvedAt: review.approvedAt,
    scope: review.scope,
    contentHash: review.contentHash,
    lastReviewed: review.lastReviewed,
    nextReviewDue: review.nextReviewDue,
  }
}
