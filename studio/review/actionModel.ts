import {canonicalSnapshot} from '../../pipeline/review/contentHash.ts'
import {
  type Actor,
  type Decision,
  deriveState,
  type ReviewState,
  type Submission,
  transition,
  type Verdict,
} from '../../pipeline/review/workflow.ts'

/**
 * What the review actions decide, without React: the action components only feed this module
 * with Studio state and render its answers. Every rule comes from `pipeline/review/workflow.ts`.
 */

/** The fields of a tumour or kit page the review needs; the rest is content. */
export interface ReviewedDocument {
  _id: string
  _type: string
  workflow?: {
    status?: string
    submittedBy?: {_ref?: string}
    submittedAt?: string
    submittedHash?: string
  }
  nextReviewDue?: string
  [field: string]: unknown
}

/** A person document as `reviewerPersonQuery` returns it. */
export interface PersonRecord {
  _id: string
  name?: string | null
  roles?: readonly string[] | null
}

/** An approval document as `reviewDecisionsQuery` returns it. */
export interface DecisionRecord {
  _id?: string
  decision?: string | null
  contentHash?: string | null
  decidedAt?: string | null
  reviewerId?: string | null
  comment?: string | null
}

export function toActor(person: PersonRecord | null | undefined): Actor | undefined {
  if (!person?._id) return undefined
  return {personId: person._id, name: person.name ?? undefined, roles: person.roles ?? []}
}

/** Records that are not a complete decision (a half-written import, say) do not count. */
export function toDecisions(records: readonly DecisionRecord[] | null | undefined): Decision[] {
  const decisions: Decision[] = []
  for (const record of records ?? []) {
    const {decision, contentHash, decidedAt} = record
    if ((decision !== 'approved' && decision !== 'changesRequested') || !contentHash || !decidedAt)
      continue
    decisions.push({
      decision,
      contentHash,
      decidedAt,
      ...(record.reviewerId ? {reviewerId: record.reviewerId} : {}),
      ...(record.comment ? {comment: record.comment} : {}),
    })
  }
  return decisions
}

export function submissionOf(doc: ReviewedDocument | null | undefined): Submission | undefined {
  const workflow = doc?.workflow
  if (!workflow) return undefined
  return {
    status: workflow.status,
    submittedHash: workflow.submittedHash,
    submittedAt: workflow.submittedAt,
    submittedBy: workflow.submittedBy?._ref,
  }
}

/** Everything an action needs to decide, for one document pair at one moment. */
export interface ReviewSnapshot {
  state: ReviewState
  actor: Actor | undefined
  /** Who submitted the version under review: the four-eyes rule keeps them from approving it. */
  authorId: string | undefined
  decisions: readonly Decision[]
  currentHash: string
  publishedHash: string | undefined
  hasDraft: boolean
}

export interface ReviewSnapshotInput {
  draft: ReviewedDocument | null | undefined
  published: ReviewedDocument | null | undefined
  /** Hash of `draft ?? published`. */
  currentHash: string
  publishedHash?: string
  decisions: readonly Decision[]
  actor: Actor | undefined
}

export function reviewSnapshot(input: ReviewSnapshotInput): ReviewSnapshot {
  const {draft, published, currentHash, publishedHash, decisions, actor} = input
  const submission = submissionOf(draft ?? published)
  const hasDraft = Boolean(draft)
  return {
    state: deriveState({currentHash, publishedHash, hasDraft, submission, decisions}),
    actor,
    authorId: submission?.submittedBy,
    decisions,
    currentHash,
    publishedHash,
    hasDraft,
  }
}

/** What an action button shows: disabled buttons carry the refusal as their tooltip. */
export interface ActionModel {
  disabled: boolean
  title?: string
}

export const LOADING_REASON = 'Checking the review status…'
export const NOTHING_TO_REVIEW = 'There is nothing to review yet. Start writing the page first.'

/** Before the Studio has loaded the hashes and decisions, nothing is allowed. */
export type ReviewContextState =
  | {status: 'loading'}
  | {status: 'empty'}
  | {status: 'error'; message: string}
  | {status: 'ready'; snapshot: ReviewSnapshot}

function fromVerdict(verdict: Verdict): ActionModel {
  return verdict.allowed ? {disabled: false} : {disabled: true, title: verdict.reason}
}

/** Decides with the snapshot once it is there; until then every action is disabled. */
function whenReady(
  context: ReviewContextState,
  decide: (snapshot: ReviewSnapshot) => ActionModel,
): ActionModel {
  switch (context.status) {
    case 'loading':
      return {disabled: true, title: LOADING_REASON}
    case 'empty':
      return {disabled: true, title: NOTHING_TO_REVIEW}
    case 'error':
      return {disabled: true, title: `The review status could not be loaded: ${context.message}`}
    case 'ready':
      return decide(context.snapshot)
  }
}

const inputOf = (snapshot: ReviewSnapshot) => ({
  state: snapshot.state,
  actor: snapshot.actor,
  authorId: snapshot.authorId,
})

export function submitModel(context: ReviewContextState): ActionModel {
  return whenReady(context, (snapshot) => fromVerdict(transition('submit', inputOf(snapshot))))
}

export function approveModel(context: ReviewContextState): ActionModel {
  return whenReady(context, (snapshot) => fromVerdict(transition('approve', inputOf(snapshot))))
}

/**
 * The button only opens the dialog that collects the comment, so it asks the state machine
 * whether the decision would be allowed once a comment is given; the real comment is checked
 * by `requestChangesVerdict` when the reviewer confirms.
 */
const COMMENT_TO_BE_WRITTEN = 'comment to be written in the dialog'

export function requestChangesModel(context: ReviewContextState): ActionModel {
  return whenReady(context, (snapshot) =>
    fromVerdict(
      transition('requestChanges', {...inputOf(snapshot), comment: COMMENT_TO_BE_WRITTEN}),
    ),
  )
}

export function requestChangesVerdict(snapshot: ReviewSnapshot, comment: string): Verdict {
  return transition('requestChanges', {...inputOf(snapshot), comment})
}

/** The Studio's own reasons for not publishing, in words a writer understands. */
const PUBLISH_OPERATION_REASONS: Record<string, string> = {
  NOT_READY: 'Loading the document…',
  ALREADY_PUBLISHED: 'There are no unpublished changes.',
  NO_CHANGES: 'There are no unpublished changes.',
  LIVE_EDIT_ENABLED: 'This document type is published as it is edited.',
  NOT_PUBLISHABLE: 'This document cannot be published.',
  TARGET_NOT_FOUND: 'The version to publish was not found.',
}

export interface PublishConditions {
  /** Error-level validation markers on the current content. */
  validationErrors: number
  /** Validation is still running, so `validationErrors` may be stale. */
  validating: boolean
  /** Local edits are still being saved. */
  syncing: boolean
  /** `useDocumentOperation(...).publish.disabled` */
  operationDisabled: string | false
  /** Publish permission: undefined while loading. */
  permitted: boolean | undefined
}

/**
 * Publishing needs the state machine's consent (this exact content approved, no validation
 * errors) and the Studio's (something to publish, saved, validated, permitted).
 */
export function publishModel(
  context: ReviewContextState,
  conditions: PublishConditions,
): ActionModel {
  return whenReady(context, (snapshot) => publishDecision(snapshot, conditions))
}

function publishDecision(snapshot: ReviewSnapshot, conditions: PublishConditions): ActionModel {
  // While validation runs its markers may belong to an older revision: judge the review
  // first, and wait for validation below.
  const verdict = transition('publish', {
    ...inputOf(snapshot),
    validationErrors: conditions.validating ? 0 : conditions.validationErrors,
  })
  if (!verdict.allowed) return fromVerdict(verdict)
  if (conditions.syncing) return {disabled: true, title: 'Saving the latest changes…'}
  if (conditions.validating)
    return {disabled: true, title: 'Checking the page for validation errors…'}
  if (conditions.operationDisabled) {
    const reason = PUBLISH_OPERATION_REASONS[conditions.operationDisabled]
    return {disabled: true, title: reason ?? `Cannot publish (${conditions.operationDisabled}).`}
  }
  if (conditions.permitted === undefined) return {disabled: true, title: 'Checking permissions…'}
  if (!conditions.permitted)
    return {disabled: true, title: 'You do not have permission to publish this page.'}
  return {disabled: false}
}

/**
 * A decision counts only for the content it was made on; the hash the buttons were computed
 * from must still be the hash of what the editor holds when the click lands.
 */
export const CONTENT_CHANGED_REASON =
  'The page changed while you were looking at it. Check the latest version and try again.'

export type WorkflowPatch =
  | {set: Record<string, unknown>}
  | {setIfMissing: Record<string, unknown>}
  | {unset: string[]}

/** Submitting records who submitted which content when; the state follows from the hash. */
export function submitPatches(actor: Actor, hash: string, now: Date): WorkflowPatch[] {
  return [
    {
      set: {
        workflow: {
          _type: 'workflow',
          status: 'inReview',
          submittedBy: {_type: 'reference', _ref: actor.personId, _weak: true},
          submittedAt: now.toISOString(),
          submittedHash: hash,
        },
      },
    },
  ]
}

/** After a decision only the status index changes; who submitted what stays on record. */
export function statusPatches(status: 'approved' | 'changesRequested'): WorkflowPatch[] {
  return [{setIfMissing: {workflow: {_type: 'workflow'}}}, {set: {'workflow.status': status}}]
}

export interface ApprovalDocument {
  _id: string
  _type: 'approval'
  document: {_type: 'reference'; _ref: string; _weak: true}
  decision: 'approved' | 'changesRequested'
  reviewer: {_type: 'reference'; _ref: string}
  decidedAt: string
  comment?: string
  contentHash: string
  snapshot: string
}

/** `approval-<publishedId>-<first 12 hex of hash>-<time>`: unique, and sorts by page then hash. */
export function approvalId(publishedId: string, hash: string, decidedAt: string): string {
  return `approval-${publishedId}-${hash.slice(0, 12)}-${decidedAt.replace(/[-:.]/g, '')}`
}

export interface ApprovalInput {
  publishedId: string
  /** The content as the reviewer saw it: the draft, or the published document. */
  content: Record<string, unknown>
  /** `contentHash(content)`, computed from the same object as the snapshot. */
  hash: string
  actor: Actor
  decision: 'approved' | 'changesRequested'
  comment?: string
  now: Date
}

export function approvalDocument(input: ApprovalInput): ApprovalDocument {
  const decidedAt = input.now.toISOString()
  const comment = input.comment?.trim()
  return {
    _id: approvalId(input.publishedId, input.hash, decidedAt),
    _type: 'approval',
    document: {_type: 'reference', _ref: input.publishedId, _weak: true},
    decision: input.decision,
    reviewer: {_type: 'reference', _ref: input.actor.personId},
    decidedAt,
    ...(comment ? {comment} : {}),
    contentHash: input.hash,
    snapshot: canonicalSnapshot(input.content),
  }
}
