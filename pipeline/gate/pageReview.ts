import type {ExportedStatement, PageReview} from '../types.ts'
import type {ValidStatement} from '../workflow/checkStatement.ts'
import type {Evaluation, Release} from '../workflow/evaluate.ts'
import {reviewDates} from '../workflow/evaluate.ts'
import {displayOf, findPerson, type Keyring} from '../workflow/keyring.ts'

/**
 * The statements a site needs to verify a release again: the submissions of the approved
 * content, the approval, the publication and the full review the dates come from. Requests for
 * changes and their comments stay internal.
 */
function releaseStatements(evaluation: Evaluation, release: Release): ValidStatement[] {
  const hash = release.approval.payload.contentHash
  const chosen = new Set<ValidStatement>([release.approval, release.published])
  if (release.fullReview) chosen.add(release.fullReview)
  for (const s of evaluation.chain.statements)
    if (
      s.payload.kind === 'submitted' &&
      s.payload.contentHash === hash &&
      s.payload.signedAt <= release.approval.payload.signedAt
    )
      chosen.add(s)
  return evaluation.chain.statements.filter((s) => chosen.has(s))
}

const exported = (s: ValidStatement): ExportedStatement => ({
  id: s.id,
  payload: s.text,
  signature: s.signature,
})

/** What a released page shows about its review: names and credentials from the keyring. */
export function pageReviewOf(
  evaluation: Evaluation,
  release: Release,
  keyring: Keyring,
): PageReview {
  const approval = release.approval.payload
  const approver = findPerson(keyring, approval.signer)
  const dates = reviewDates(release)
  const reviewer = dates ? findPerson(keyring, dates.reviewer) : undefined
  return {
    ...(approver
      ? {approvedBy: {name: approver.name, credentials: [...approver.credentials]}}
      : {}),
    approvedAt: approval.signedAt,
    contentHash: approval.contentHash,
    scope: approval.scope ?? 'full',
    ...(dates ? {lastReviewed: dates.lastReviewed, nextReviewDue: dates.nextReviewDue} : {}),
    ...(reviewer ? {reviewedBy: displayOf(reviewer)} : {}),
    statements: releaseStatements(evaluation, release).map(exported),
  }
}
