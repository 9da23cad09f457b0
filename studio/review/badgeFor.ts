import type {ReviewState} from '../../pipeline/review/workflow.ts'

/** The colours a Studio document badge can have (`DocumentBadgeDescription['color']`). */
export type BadgeColor = 'primary' | 'success' | 'warning' | 'danger'

export interface ReviewBadge {
  label: string
  color?: BadgeColor
  title: string
}

export interface BadgeOptions {
  /** The periodic medical review is past due. */
  overdue?: boolean
  /** Shown in the tooltip when overdue. */
  nextReviewDue?: string
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

/** The review badge a writer sees in the document footer. */
export function badgeFor(state: ReviewState, options: BadgeOptions = {}): ReviewBadge {
  const badge = BADGES[state]
  if (!options.overdue) return badge
  const due = options.nextReviewDue ? ` on ${options.nextReviewDue}` : ''
  return {
    label: `${badge.label} · Review overdue`,
    color: 'danger',
    title: `${badge.title} The periodic medical review was due${due}: review the page again.`,
  }
}

/** Same rule as the tumour preview: overdue from the day after `nextReviewDue` (UTC dates). */
export function isReviewOverdue(nextReviewDue: unknown, today: Date = new Date()): boolean {
  return (
    typeof nextReviewDue === 'string' &&
    nextReviewDue !== '' &&
    nextReviewDue < today.toISOString().slice(0, 10)
  )
}

/** How the Studio maps badge colours to `@sanity/ui` tones (structure's DocumentBadges). */
export const BADGE_TONES = {
  primary: 'primary',
  success: 'positive',
  warning: 'caution',
  danger: 'critical',
} as const
