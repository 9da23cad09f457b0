import type {CategoryId} from '../workflow/categorize.ts'
import {reviewDates} from '../workflow/evaluate.ts'
import type {Keyring} from '../workflow/keyring.ts'
import type {PageStanding} from './categorize.ts'
import {signatureProblems} from './categorize.ts'
import {days, daysBetween} from './dates.ts'
import {currentHash, everApproved, newest, shownLabel} from './pageHistory.ts'
import {dateOf, personName, signedOn} from './people.ts'
import type {QueueEntry} from './types.ts'

/** One page's line in each category it belongs to: why it is listed, and where it sorts. */

export interface EntryContext {
  keyring: Keyring
  today: string
}

type Line = Pick<QueueEntry, 'detail' | 'comment' | 'reasons'> & {sortKey: string}
type Rule = (page: PageStanding, context: EntryContext) => Line

const byName = (page: PageStanding) => page.name.toLowerCase()

/** How each category describes a page; each rule reads alone. */
export const ENTRY_RULES: Record<CategoryId, Rule> = {
  awaitingReview(page, {keyring}) {
    const submission = newest(page, 'submitted', currentHash(page))
    if (!submission) return {detail: 'submitted for review', sortKey: ''}
    return {
      detail: `submitted ${signedOn(submission, keyring)}`,
      sortKey: submission.payload.signedAt,
    }
  },
  changesRequested(page, {keyring}) {
    const request = newest(page, 'changesRequested', currentHash(page))
    if (!request) return {detail: 'changes requested', sortKey: ''}
    const {signer, signedAt, comment} = request.payload
    return {
      detail: `${personName(keyring, signer)} requested changes on ${dateOf(signedAt)}`,
      sortKey: signedAt,
      ...(comment ? {comment} : {}),
    }
  },
  overdue(page, {today}) {
    const release = page.evaluation?.release
    const due = release ? (reviewDates(release)?.nextReviewDue ?? today) : today
    const late = daysBetween(due, today)
    // Most overdue first.
    return {
      detail: `review was due ${due}, ${days(late)} overdue`,
      sortKey: String(1e6 - late).padStart(7, '0'),
    }
  },
  publishedWithoutApproval: (page) => ({
    detail: everApproved(page)
      ? 'published, but no approved revision of it was ever published'
      : 'published, never approved',
    sortKey: byName(page),
  }),
  publishedDiffers(page, {keyring}) {
    const approval = page.evaluation?.release?.approval
    const when = approval ? `approved ${signedOn(approval, keyring)}; ` : ''
    return {detail: `${when}the published page has changed since`, sortKey: byName(page)}
  },
  shownChanged(page, {keyring}) {
    const approval = page.evaluation?.release?.approval
    const when = approval ? `approved ${signedOn(approval, keyring)}; ` : ''
    const changed = (page.facts.drift?.shown ?? []).map((id) => shownLabel(page, id))
    return {detail: `${when}changed since: ${changed.join(', ')}`, sortKey: byName(page)}
  },
  approvedNotPublished(page, {keyring}) {
    const approval = newest(page, 'approved', currentHash(page))
    if (!approval) return {detail: 'approved', sortKey: ''}
    return {detail: `approved ${signedOn(approval, keyring)}`, sortKey: approval.payload.signedAt}
  },
  draftsInProgress(page) {
    const released = page.evaluation?.release !== undefined
    const detail = page.published
      ? `draft edited since ${released ? 'the last approval' : 'publishing'}`
      : `new page, never ${everApproved(page) ? 'published' : 'approved'}`
    return {detail, sortKey: byName(page)}
  },
  signatureProblems(page) {
    const reasons = signatureProblems(page).map((failure) => failure.message)
    const count = reasons.length
    return {
      detail: `${count} review statement${count === 1 ? '' : 's'} about this page count${count === 1 ? 's' : ''} for nothing`,
      sortKey: byName(page),
      reasons,
    }
  },
}

/** The page's entry in one category, with the key it sorts by there. */
export function entryFor(
  category: CategoryId,
  page: PageStanding,
  context: EntryContext,
): {entry: QueueEntry; sortKey: string} {
  const {sortKey, ...line} = ENTRY_RULES[category](page, context)
  return {
    entry: {publishedId: page.id, type: page.type, name: page.name, ...line},
    sortKey,
  }
}
