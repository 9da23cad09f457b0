import {defineQuery} from 'groq'

/** The API version the review hooks and desk lists query with. */
export const REVIEW_API_VERSION = '2025-02-19'

/** The page types that go through medical review. */
export const REVIEWED_TYPES = ['tumour', 'kitProduct'] as const

/** Every decision on one page (`$id` is the published id), newest first. */
export const reviewDecisionsQuery = defineQuery(
  `*[_type == "approval" && document._ref == $id] | order(decidedAt desc){_id, decision, contentHash, decidedAt, "reviewerId": reviewer._ref, comment}`,
)

/** The listener wants a bare filter: it tells us when to refetch `reviewDecisionsQuery`. */
export const reviewDecisionsListenQuery = `*[_type == "approval" && document._ref == $id]`

/** The person a Studio user acts as (`$userId` is the Studio user id). */
export const reviewerPersonQuery = defineQuery(
  `*[_type == "person" && sanityUserId == $userId][0]{_id, name, roles}`,
)
