/**
 * GROQ filters for the desk's review lists. `workflow.status` is an index written by the review
 * actions; the badge and the actions derive the real state from content hashes, so a list can
 * briefly show a page that has been edited since.
 *
 * The Studio runs list filters in the selected perspective (drafts by default), where a draft
 * appears under its published id and keeps its own id in `_originalId`; under the raw
 * perspective `_id` itself is the draft id. The draft test accepts both.
 */
const reviewedPage = '_type in ["tumour", "kitProduct"]'
const isDraft = '(_id in path("drafts.**") || _originalId in path("drafts.**"))'

export const reviewListFilters = {
  awaitingReview: `${reviewedPage} && workflow.status == "inReview"`,
  changesRequested: `${reviewedPage} && workflow.status == "changesRequested"`,
  /** Compares dates with dates, like the badge: due today is not overdue yet. */
  reviewOverdue: `_type == "tumour" && nextReviewDue < string::split(now(), "T")[0]`,
  approvedNotPublished: `${reviewedPage} && workflow.status == "approved" && ${isDraft}`,
  reviewDecisions: `_type == "approval"`,
} as const
