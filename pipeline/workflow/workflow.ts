import type {Evaluation} from './evaluate.ts'
import type {KeyringPerson, Role} from './keyring.ts'

/**
 * The review workflow as a pure state machine. The Studio's actions, badges and lists and the
 * reviewers' report all ask it; the export applies the same rules to signed statements
 * (evaluate.ts), so no copy of them lives anywhere else.
 *
 *   editing ──submit──▶ inReview ──approve──▶ approved ──publish──▶ published
 *      ▲                    │                     │                     │
 *      │             requestChanges              edit                  edit
 *      │                    ▼                     ▼                     ▼
 *      └──────edit─── changesRequested ──submit──▶ inReview           editing
 */
export type ReviewState = 'editing' | 'inReview' | 'approved' | 'changesRequested' | 'published'
export type ReviewAction = 'submit' | 'approve' | 'requestChanges' | 'publish' | 'edit'

/** The person acting: a keyring entry, found by the signing key this browser holds. */
export interface Actor {
  personId: string
  name: string
  roles: readonly Role[]
}

export const actorOf = (person: KeyringPerson): Actor => ({
  personId: person.id,
  name: person.name,
  roles: person.roles,
})

export interface TransitionInput {
  state: ReviewState
  /** Undefined when this browser holds no enrolled signing key. */
  actor: Actor | undefined
  /** Everyone who submitted the content under review: none of them may approve it. */
  submitters?: ReadonlySet<string>
  comment?: string
  /** Validation errors of the current content; publishing needs none. */
  validationErrors?: number
}

export type Verdict = {allowed: true; next: ReviewState} | {allowed: false; reason: string}

const deny = (reason: string): Verdict => ({allowed: false, reason})
const allow = (next: ReviewState): Verdict => ({allowed: true, next})

export const NOT_ENROLLED =
  'Your signing key is not in the reviewer keyring. Open the Signing key tool, and ask an administrator to add the key it shows.'

const ROLE_NEEDED: Record<Exclude<ReviewAction, 'edit'>, [Role, string]> = {
  submit: ['writer', 'Only a medical writer can submit a page for review.'],
  approve: ['medicalReviewer', 'Only a medical reviewer can approve or request changes.'],
  requestChanges: ['medicalReviewer', 'Only a medical reviewer can approve or request changes.'],
  publish: ['publisher', 'Only a publisher can publish a page. Ask a colleague with that role.'],
}

/** The transition table; each refusal says why and what to do instead. */
export function transition(action: ReviewAction, input: TransitionInput): Verdict {
  if (action === 'edit') return allow('editing')
  const {state, actor} = input
  if (!actor) return deny(NOT_ENROLLED)
  const stateProblem = stateRefusal(action, state)
  if (stateProblem) return deny(stateProblem)
  const [role, missing] = ROLE_NEEDED[action]
  if (!actor.roles.includes(role)) return deny(missing)
  if (action === 'approve' && input.submitters?.has(actor.personId))
    return deny(
      'You submitted this version, so another medical reviewer must approve it (four-eyes rule).',
    )
  if (action === 'requestChanges' && !input.comment?.trim())
    return deny('Say what needs to change: a comment is required.')
  if (action === 'publish' && (input.validationErrors ?? 0) > 0)
    return deny('Fix the validation errors before publishing.')
  return allow(NEXT[action])
}

const NEXT = {
  submit: 'inReview',
  approve: 'approved',
  requestChanges: 'changesRequested',
  publish: 'published',
} as const

function stateRefusal(
  action: Exclude<ReviewAction, 'edit'>,
  state: ReviewState,
): string | undefined {
  if (action === 'submit') {
    if (state === 'editing' || state === 'changesRequested') return undefined
    if (state === 'inReview') return 'This version is already waiting for review.'
    if (state === 'approved')
      return 'This version is already approved. Edit it to start a new review.'
    return 'There are no unpublished changes to review.'
  }
  if (action === 'approve' || action === 'requestChanges') {
    if (state === 'inReview') return undefined
    return state === 'approved' || state === 'published'
      ? 'This version is already approved. Changes to it start a new review.'
      : 'Only a version submitted for review can be approved or sent back. Submit it for review first.'
  }
  if (state === 'approved') return undefined
  if (state === 'published') return 'This version is already published.'
  if (state === 'inReview') return 'Waiting for a medical reviewer to approve this version.'
  if (state === 'changesRequested')
    return 'A medical reviewer requested changes. Edit and submit again.'
  return 'This version has not been approved. Submit it for review first.'
}

/** Where the content on screen stands: from the signed history of its exact content hash. */
export function deriveState(evaluation: Evaluation | undefined, currentHash: string): ReviewState {
  const status = evaluation?.statusOf.get(currentHash)
  return status ?? 'editing'
}
