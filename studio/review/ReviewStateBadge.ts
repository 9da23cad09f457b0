import type {DocumentBadgeComponent} from 'sanity'
import type {ReviewedDocument} from './actionModel.ts'
import {badgeFor, isReviewOverdue} from './badgeFor.ts'
import {useReviewContext} from './useReviewContext.ts'

/** The review state in the document footer, plus "Review overdue" when the periodic review is due. */
export const ReviewStateBadge: DocumentBadgeComponent = (props) => {
  const review = useReviewContext(props)
  if (!review.state) return null
  const doc = (props.draft ?? props.published) as ReviewedDocument | null
  const nextReviewDue = typeof doc?.nextReviewDue === 'string' ? doc.nextReviewDue : undefined
  return badgeFor(review.state, {overdue: isReviewOverdue(nextReviewDue), nextReviewDue})
}
ReviewStateBadge.displayName = 'ReviewStateBadge'
