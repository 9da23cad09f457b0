import {type PageFacts, pageState} from '../../pipeline/workflow/categorize.ts'
import type {StatementKind} from '../../pipeline/workflow/statement.ts'
import {
  type ReviewAction,
  type ReviewState,
  transition,
  type Verdict,
} from '../../pipeline/workflow/workflow.ts'
import type {Signer} from './enrollment.ts'
import {type PageClosure, type PageLedger, pageFactsOf} from './pageLedger.ts'

/**
 * What the review actions decide, without React: the action components feed this module with
 * Studio state and render its answers. Every rule comes from pipeline/workflow.
 */

/** Everything an action needs to decide, for one document pair at one moment. */
export interface ReviewSnapshot {
  /** Where the content on screen (the draft, else the published page) stands. */
  state: ReviewState
  signer: Signer
  /** Everyone who submitted the content on screen: none of them may approve it. */
  submitters: ReadonlySet<string>
  /** Closure hash of the content on screen: what a statement would sign. */
  currentHash: string
  publishedHash: string | undefined
  /** For the badges and lists (pipeline/workflow/categorize.ts). */
  facts: PageFacts
}

export interface ReviewSnapshotInput {
  ledger: PageLedger
  draft: PageClosure | undefined
  published: PageClosure | undefined
  signer: Signer
  today: string
}

export function reviewSnapshot(input: ReviewSnapshotInput): ReviewSnapshot | undefined {
  const current = input.draft ?? input.published
  if (!current) return undefined
  const facts = pageFactsOf(input)
  return {
    state: pageState(facts),
    signer: input.signer,
    submitters: input.ledger.evaluation.submittersOf.get(current.hash) ?? new Set(),
    currentHash: current.hash,
    publishedHash: input.published?.hash,
    facts,
  }
}

/** What an action button shows: disabled buttons carry the refusal as their tooltip. */
export interface ActionModel {
  disabled: boolean
  title?: string
}

export const LOADING_REASON = 'Checking the review status and signatures…'
export const NOTHING_TO_REVIEW = 'There is nothing to review yet. Start writing the page first.'

/** Before the Studio has loaded and verified the history, nothing is allowed. */
export type ReviewContextState =
  | {status: 'loading'}
  | {status: 'empty'}
  | {status: 'error'; message: string}
  | {status: 'ready'; snapshot: ReviewSnapshot}

const fromVerdict = (verdict: Verdict): ActionModel =>
  verdict.allowed ? {disabled: false} : {disabled: true, title: verdict.reason}

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

/** The state machine's verdict for this snapshot; a key that cannot sign says why. */
export function verdictFor(
  action: Exclude<ReviewAction, 'edit'>,
  snapshot: ReviewSnapshot,
  extra: {comment?: string; validationErrors?: number} = {},
): Verdict {
  const {signer} = snapshot
  if (!signer.ok && signer.person) return {allowed: false, reason: signer.reason}
  return transition(action, {
    state: snapshot.state,
    actor: signer.ok ? signer.actor : undefined,
    submitters: snapshot.submitters,
    ...extra,
  })
}

/** The statement each action signs. */
export const KIND_OF: Record<Exclude<ReviewAction, 'edit'>, StatementKind> = {
  submit: 'submitted',
  approve: 'approved',
  requestChanges: 'changesRequested',
  publish: 'published',
}

export function submitModel(context: ReviewContextState): ActionModel {
  return whenReady(context, (snapshot) => fromVerdict(verdictFor('submit', snapshot)))
}

export function approveModel(context: ReviewContextState): ActionModel {
  return whenReady(context, (snapshot) => fromVerdict(verdictFor('approve', snapshot)))
}

/**
 * The button only opens the dialog that collects the comment, so it asks whether the request
 * would be allowed once a comment is given; the dialog will not sign without one.
 */
const COMMENT_TO_BE_WRITTEN = 'comment to be written in the dialog'

export function requestChangesModel(context: ReviewContextState): ActionModel {
  return whenReady(context, (snapshot) =>
    fromVerdict(verdictFor('requestChanges', snapshot, {comment: COMMENT_TO_BE_WRITTEN})),
  )
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

export interface PublishModel extends ActionModel {
  /**
   * Whether Publish signs a `published` statement. Not when one is already signed for this
   * content but the publish operation did not complete: then Publish only finishes the copy.
   */
  sign: boolean
  /**
   * Whether the Studio's publish operation runs. Not when the approved content already is the
   * published page (submitted and approved as published): only the signature was missing.
   */
  publishOperation: boolean
}

export const FINISH_PUBLISHING =
  'The publication of this version is signed, but the published page is not yet this version. Publish to finish.'

/**
 * Publishing needs the state machine's consent (this exact content approved, a publisher
 * signing, no validation errors) and the Studio's (something to publish, saved, permitted).
 */
export function publishModel(
  context: ReviewContextState,
  conditions: PublishConditions,
): PublishModel {
  let shape = {sign: true, publishOperation: true}
  const model = whenReady(context, (snapshot) => {
    const publishOperation = snapshot.currentHash !== snapshot.publishedHash
    const unfinished = snapshot.state === 'published' && publishOperation
    shape = {sign: !unfinished, publishOperation}
    if (!unfinished) return publishDecision(snapshot, conditions, publishOperation)
    const finish = publishDecision({...snapshot, state: 'approved'}, conditions, true)
    return finish.disabled ? finish : {disabled: false, title: FINISH_PUBLISHING}
  })
  return {...model, ...shape}
}

function publishDecision(
  snapshot: ReviewSnapshot,
  conditions: PublishConditions,
  publishOperation: boolean,
): ActionModel {
  // While validation runs its markers may belong to an older revision: judge the review first.
  const verdict = verdictFor('publish', snapshot, {
    validationErrors: conditions.validating ? 0 : conditions.validationErrors,
  })
  if (!verdict.allowed) return fromVerdict(verdict)
  if (conditions.syncing) return {disabled: true, title: 'Saving the latest changes…'}
  if (conditions.validating)
    return {disabled: true, title: 'Checking the page for validation errors…'}
  if (publishOperation && conditions.operationDisabled) {
    const reason = PUBLISH_OPERATION_REASONS[conditions.operationDisabled]
    return {disabled: true, title: reason ?? `Cannot publish (${conditions.operationDisabled}).`}
  }
  if (conditions.permitted === undefined) return {disabled: true, title: 'Checking permissions…'}
  if (!conditions.permitted)
    return {disabled: true, title: 'You do not have permission to publish this page.'}
  return {disabled: false}
}

/**
 * A statement counts only for the content it was signed on; the hash the buttons were computed
 * from must still be the hash of what the editor holds when the signature is made.
 */
export const CONTENT_CHANGED_REASON =
  'The page, or a source or kit it shows, changed while you were looking at it. Check the latest version and try again.'
