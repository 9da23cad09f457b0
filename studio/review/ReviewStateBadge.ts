import type {DocumentBadgeComponent} from 'sanity'
import {signatureBadge, stateBadge} from './badgeFor.ts'
import {useReviewContext} from './useReviewContext.ts'

/** The review state of the content on screen, verified; "Review overdue" when it is. */
export const ReviewStateBadge: DocumentBadgeComponent = (props) => {
  const {snapshot} = useReviewContext(props)
  return snapshot ? stateBadge(snapshot.facts) : null
}
ReviewStateBadge.displayName = 'ReviewStateBadge'

/** "Signature not valid" when a statement filed for this page counts for nothing, with why. */
export const SignatureBadge: DocumentBadgeComponent = (props) => {
  const {snapshot} = useReviewContext(props)
  return (snapshot && signatureBadge(snapshot.facts)) ?? null
}
SignatureBadge.displayName = 'SignatureBadge'
