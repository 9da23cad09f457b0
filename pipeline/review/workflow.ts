/**
 * The review workflow as a pure state machine. The Studio's actions and the export both ask
 * it; neither keeps rules of its own.
 *
 *   editing ──submit──▶ inReview ──approve──▶ approved ──publish──▶ published
 *      ▲                    │                     │                     │
 *      │             requestChanges              edit                  edit
 *      │                    ▼                     ▼                     ▼
 *      └──────edit─── changesRequested ──submit──▶ inReview           editing
 */
export type ReviewState = 'editing' | 'inReview' | 'approved' | 'changesRequested' | 'published'
export type ReviewAction = 'submit' | 'approve' | 'requestChanges' | 'publish' | 'edit'

export const MEDICAL_REVIEWER = 'medicalReviewer'

export interface Actor {
  personId: string
  name?: string
  roles: readonly string[]
}

export interface TransitionInput {
  state: ReviewState
  /** The person acting; undefined when the Studio user is not linked to a person document. */
  actor: Actor | undefined
  /** The person who made (and submitted) the change under review. */
  authorId?: string
  comment?: string
  /** Validation errors of the current content; publishing needs none. */
  validationErrors?: number
}

export type Verdict = {allowed: true; next: ReviewState} | {allowed: false; reason: string}

const deny = (reason: string): Verdict => ({allowed: false, reason})
const allow = (next: ReviewState): Verdict => ({allowed: true, next})

const NOT_LINKED =
  'Your Studio account is not linked to a person. Ask an administrator to add your user id to your person document.'

/** The transition table; each refusal says why and what to do instead. */
export function transition(action: ReviewAction, input: TransitionInput): Verdict {
  const {state, actor} = input
  if (action === 'edit') return allow('editing')
  if (!actor) return deny(NOT_LINKED)
  const isReviewer = actor.roles.includes(MEDICAL_REVIEWER)

  switch (action) {
    case 'submit':
      if (state === 'editing' || state === 'changesRequested') return allow('inReview')
      if (state === 'inReview') return deny('This version is already waiting for review.')
      if (state === 'approved')
        return deny('This version is already approved. Edit it to start a new review.')
      return deny('There are no unpublished changes to review.')
    case 'approve':
    case 'requestChanges': {
      if (state !== 'inReview') {
        return deny(
          state === 'approved' || state === 'published'
            ? 'This version is already approved. Changes to it start a new review.'
            : 'Only a version submitted for review can be approved or sent back. Submit it for review first.',
        )
      }
      if (!isReviewer) return deny('Only a medical reviewer can approve or request changes.')
      if (action === 'approve' && input.authorId === actor.personId) {
        return deny(
          'You made this change, so another medical reviewer must approve it (four-eyes rule).',
        )
      }
      if (action === 'requestChanges' && !input.comment?.trim()) {
        return deny('Say what needs to change: a comment is required.')
      }
      return allow(action === 'approve' ? 'approved' : 'changesRequested')
    }
    case 'publish':
      if (state === 'published') return deny('This version is already published.')
      if (state !== 'approved') {
        return deny(
          state === 'inReview'
            ? 'Waiting for a medical reviewer to approve this version.'
            : state === 'changesRequested'
              ? 'A medical reviewer requested changes. Edit and submit again.'
              : 'This version has not been approved. Submit it for review first.',
        )
      }
      if ((input.validationErrors ?? 0) > 0)
        return deny('Fix the validation errors before publishing.')
      return allow('published')
  }
}

export interface Decision {
  decision: 'approved' | 'changesRequested'
  contentHash: string
  decidedAt: string
  reviewerId?: string
  comment?: string
}

export interface Submission {
  status?: string
  submittedHash?: string
  submittedAt?: string
  submittedBy?: string
}

export interface StateInput {
  /** Hash of what the editor shows: the draft if there is one, else the published document. */
  currentHash: string
  /** Hash of the published document, if there is one. */
  publishedHash?: string
  hasDraft: boolean
  submission?: Submission
  decisions: readonly Decision[]
}

/**
 * Newest first. Ties are broken so the order never depends on input order: a request for
 * changes counts as newer than an approval made at the same instant (the cautious reading),
 * then by content hash.
 */
export function byNewest<T extends {decidedAt: string; contentHash?: string; decision?: string}>(
  a: T,
  b: T,
): number {
  if (a.decidedAt !== b.decidedAt) return a.decidedAt < b.decidedAt ? 1 : -1
  if (a.decision !== b.decision)
    return a.decision === 'changesRequested' ? -1 : b.decision === 'changesRequested' ? 1 : 0
  const [x, y] = [a.contentHash ?? '', b.contentHash ?? '']
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * The state of a document follows from its content hash: a decision counts only for the exact
 * content it was made on, so any edit after an approval returns the document to editing.
 */
export function deriveState({
  currentHash,
  publishedHash,
  hasDraft,
  submission,
  decisions,
}: StateInput): ReviewState {
  const latest = decisions.filter((d) => d.contentHash === currentHash).sort(byNewest)[0]
  const submitted =
    submission?.status === 'inReview' && submission.submittedHash === currentHash
      ? (submission.submittedAt ?? '')
      : undefined
  if (submitted !== undefined && (!latest || submitted > latest.decidedAt)) return 'inReview'
  if (latest?.decision === 'changesRequested') return 'changesRequested'
  if (latest?.decision === 'approved')
    return !hasDraft && publishedHash === currentHash ? 'published' : 'approved'
  return 'editing'
}

/** The newest approval of exactly this content, if any. */
export function approvalFor(hash: string, decisions: readonly Decision[]): Decision | undefined {
  return decisions
    .filter((d) => d.decision === 'approved' && d.contentHash === hash)
    .sort(byNewest)[0]
}
