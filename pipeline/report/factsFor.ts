import type {ValidStatement} from '../workflow/checkStatement.ts'
import {type Release, reviewDates} from '../workflow/evaluate.ts'
import type {Keyring} from '../workflow/keyring.ts'
import {type PageStanding, signatureProblems} from './categorize.ts'
import {days, daysBetween} from './dates.ts'
import {everApproved} from './pageHistory.ts'
import {personName, personTitle, signedAt, signedOn} from './people.ts'
import type {DecisionInfo, DocumentReview, Fact} from './types.ts'

/** What a reviewer needs to know about a page besides its changes: who signed what, and when. */

const SCOPES = {full: 'full medical review', change: 'review of a change'} as const

/** A signature as Part 11 §11.50 shows one: signer, time and meaning (and an approval's scope). */
function signature(statement: ValidStatement, keyring: Keyring): string {
  const {signer, scope, meaning} = statement.payload
  const kind = statement.payload.kind === 'approved' ? `, ${SCOPES[scope ?? 'full']}` : ''
  return `${signedAt(statement)} by ${personTitle(keyring, signer)}${kind}: “${meaning}”`
}

function releaseFacts(page: PageStanding, release: Release | undefined, keyring: Keyring): Fact[] {
  if (!release)
    return [{label: 'Last approved', value: everApproved(page) ? 'never published' : 'never'}]
  return [
    {label: 'Last approved', value: signature(release.approval, keyring)},
    {
      label: 'Published',
      value: `${signedAt(release.published)} by ${personName(keyring, release.published.payload.signer)}`,
    },
  ]
}

function reviewFacts(release: Release | undefined, keyring: Keyring, today: string): Fact[] {
  const dates = release && reviewDates(release)
  if (!dates) return []
  const late = dates.nextReviewDue < today ? daysBetween(dates.nextReviewDue, today) : 0
  return [
    {
      label: 'Last full medical review',
      value: `${dates.lastReviewed} by ${personTitle(keyring, dates.reviewer)}`,
    },
    {
      label: 'Next review due',
      value: late > 0 ? `${dates.nextReviewDue} (${days(late)} overdue)` : dates.nextReviewDue,
    },
  ]
}

function decisionOf(statement: ValidStatement, keyring: Keyring): DecisionInfo {
  const {kind, signer, signedAt: at, meaning, comment} = statement.payload
  return {
    decision: kind === 'approved' ? 'approved' : 'changesRequested',
    reviewer: personName(keyring, signer),
    decidedAt: at,
    meaning,
    ...(comment ? {comment} : {}),
  }
}

/**
 * The page's facts: its status, the latest submission, the approval and publication readers
 * see, the last full medical review and when the next is due; its latest signed decision; and
 * why any statement about it counts for nothing.
 */
export function factsFor(
  page: PageStanding,
  keyring: Keyring,
  today: string,
): Pick<DocumentReview, 'facts' | 'latestDecision' | 'signatureProblems'> {
  const release = page.evaluation?.release
  const submission = page.evaluation?.latestSubmission
  const status = [
    page.draft ? 'draft' : undefined,
    page.published ? 'published' : 'never published',
  ]
  const facts: Fact[] = [
    {label: 'Document', value: page.id},
    {label: 'Status', value: status.filter(Boolean).join(', ')},
    ...(submission ? [{label: 'Last submitted', value: signedOn(submission, keyring)}] : []),
    ...releaseFacts(page, release, keyring),
    ...reviewFacts(release, keyring, today),
  ]
  const decision = page.evaluation?.latestDecision
  return {
    facts,
    ...(decision ? {latestDecision: decisionOf(decision, keyring)} : {}),
    signatureProblems: signatureProblems(page).map((failure) => failure.message),
  }
}
