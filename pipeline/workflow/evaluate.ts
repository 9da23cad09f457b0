import type {Chain} from './chain.ts'
import type {ValidStatement} from './checkStatement.ts'
import {type Failure, failures} from './failures.ts'

/** What readers may see of a page: published content, approved under four eyes. */
export interface Release {
  published: ValidStatement
  approval: ValidStatement
  /** The newest full medical review up to this release: the review date and reviewer shown. */
  fullReview?: ValidStatement
}

/** Where one content hash stands in the review. */
export type HashStatus = 'inReview' | 'changesRequested' | 'approved' | 'published'

export interface Evaluation {
  chain: Chain
  /** The newest release, if any. */
  release?: Release
  statusOf: Map<string, HashStatus>
  /** Who submitted each content hash: none of them may approve it. */
  submittersOf: Map<string, Set<string>>
  /** The newest decision that counts (approval or request for changes), for the reports. */
  latestDecision?: ValidStatement
  /** The newest submission, for the reports. */
  latestSubmission?: ValidStatement
  /** Statements that are valid but do not count under the review rules. */
  refusals: Failure[]
}

/**
 * Applies the review rules to a page's history: content is released when it was submitted by A,
 * approved by B (a medical reviewer, B not among its submitters) and then published with exactly
 * the approved content hash, with no request for changes on that content in between.
 */
export function evaluateChain(chain: Chain): Evaluation {
  const result: Evaluation = {chain, statusOf: new Map(), submittersOf: new Map(), refusals: []}
  const decisionOf = new Map<string, ValidStatement>()
  let fullReview: ValidStatement | undefined
  for (const s of chain.statements) {
    const {kind, contentHash: hash, signer} = s.payload
    const submitters = result.submittersOf.get(hash)
    if (kind === 'submitted') {
      result.submittersOf.set(hash, new Set([...(submitters ?? []), signer]))
      result.statusOf.set(hash, 'inReview')
      result.latestSubmission = s
    } else if (kind === 'approved' && !submitters) {
      result.refusals.push(failures.notSubmitted(s.id, signer))
    } else if (kind === 'approved' && submitters?.has(signer)) {
      result.refusals.push(failures.selfApproval(s.id, signer))
    } else if (kind === 'approved' || kind === 'changesRequested') {
      decisionOf.set(hash, s)
      result.statusOf.set(hash, kind === 'approved' ? 'approved' : 'changesRequested')
      result.latestDecision = s
      if (kind === 'approved' && s.payload.scope === 'full') fullReview = s
    } else {
      const approval = decisionOf.get(hash)
      if (approval?.payload.kind !== 'approved') {
        result.refusals.push(failures.publishedUnapproved(s.id, signer))
        continue
      }
      result.release = {published: s, approval, ...(fullReview ? {fullReview} : {})}
      result.statusOf.set(hash, 'published')
    }
  }
  return result
}

/** `date` (YYYY-MM-DD) plus whole months, kept in the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const monthIndex = m - 1 + months
  const year = y + Math.floor(monthIndex / 12)
  const month = ((monthIndex % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10)
}

/** The review dates a release shows: the last full review and when the next one is due. */
export function reviewDates(
  release: Release,
): {lastReviewed: string; nextReviewDue: string; reviewer: string} | undefined {
  const review = release.fullReview
  if (!review) return undefined
  const lastReviewed = review.payload.signedAt.slice(0, 10)
  return {
    lastReviewed,
    nextReviewDue: addMonths(lastReviewed, review.payload.reviewIntervalMonths ?? 12),
    reviewer: review.payload.signer,
  }
}
