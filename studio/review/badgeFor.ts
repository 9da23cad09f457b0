import {
  CATEGORIES,
  type CategoryId,
  categorize,
  type PageFacts,
  pageState,
} from '../../pipeline/workflow/categorize.ts'
import {reviewDates} from '../../pipeline/workflow/evaluate.ts'
import type {ReviewState} from '../../pipeline/workflow/workflow.ts'

/** The colours a Studio document badge can have (`DocumentBadgeDescription['color']`). */
export type BadgeColor = 'primary' | 'success' | 'warning' | 'danger'

export interface ReviewBadge {
  label: string
  color?: BadgeColor
  title: string
}

const BADGES: Record<ReviewState, ReviewBadge> = {
  editing: {
    label: 'Editing',
    title: 'This version has not been reviewed. Submit it for review when it is ready.',
  },
  inReview: {
    label: 'In review',
    color: 'primary',
    title: 'Waiting for a medical reviewer to approve it or request changes.',
  },
  approved: {
    label: 'Approved',
    color: 'success',
    title: 'A medical reviewer approved exactly this version. It can be published.',
  },
  changesRequested: {
    label: 'Changes requested',
    color: 'warning',
    title: 'A medical reviewer requested changes. Edit the page and submit it again.',
  },
  published: {
    label: 'Published',
    color: 'success',
    title: 'The published version is the approved version.',
  },
}

/** Situations worth a sentence in the state badge's tooltip (their text is shared with the lists). */
const EXPLAINED: readonly CategoryId[] = [
  'publishedWithoutApproval',
  'publishedDiffers',
  'shownChanged',
]

const describe = (id: CategoryId) => CATEGORIES.find((c) => c.id === id)?.description ?? ''

export interface BadgeOptions {
  /** When the periodic full review was due, if it is overdue. */
  overdueSince?: string
  /** Sentences about the page's situation, added to the tooltip. */
  notes?: readonly string[]
}

/** The badge of a review state, optionally overdue. */
export function badgeFor(state: ReviewState, options: BadgeOptions = {}): ReviewBadge {
  const badge = BADGES[state]
  const title = [badge.title, ...(options.notes ?? [])].join(' ')
  if (!options.overdueSince) return {...badge, title}
  return {
    label: `${badge.label} · Review overdue`,
    color: 'danger',
    title: `${title} The periodic medical review was due on ${options.overdueSince}: review the page in full again.`,
  }
}

/** The review state badge of the content on screen, with "Review overdue" when it is. */
export function stateBadge(facts: PageFacts): ReviewBadge {
  const found = categorize(facts)
  const release = facts.evaluation?.release
  const due = release ? reviewDates(release)?.nextReviewDue : undefined
  return badgeFor(pageState(facts), {
    notes: EXPLAINED.filter((id) => found.includes(id)).map(describe),
    ...(found.includes('overdue') && due ? {overdueSince: due} : {}),
  })
}

/** "Signature not valid", with every reason a statement of this page counts for nothing. */
export function signatureBadge(facts: PageFacts): ReviewBadge | undefined {
  const evaluation = facts.evaluation
  const reasons = [
    ...facts.failures,
    ...(evaluation?.refusals ?? []),
    ...(evaluation?.chain.ignored ?? []),
  ].map((failure) => failure.message)
  if (reasons.length === 0) return undefined
  return {label: 'Signature not valid', color: 'danger', title: reasons.join('\n')}
}

/** How the Studio maps badge colours to `@sanity/ui` tones (structure's DocumentBadges). */
export const BADGE_TONES = {
  primary: 'primary',
  success: 'positive',
  warning: 'caution',
  danger: 'critical',
} as const
