import type {
  DocumentActionComponent,
  DocumentActionProps,
  DocumentActionsResolver,
  DocumentBadgesResolver,
  DuplicateActionProps,
  SanityDocumentLike,
  TemplateResolver,
} from 'sanity'
import {ApproveAction} from './ApproveAction.ts'
import {GuardedPublishAction} from './GuardedPublishAction.ts'
import {RequestChangesAction} from './RequestChangesAction.tsx'
import {ReviewStateBadge} from './ReviewStateBadge.ts'
import {REVIEWED_TYPES} from './reviewQueries.ts'
import {SubmitForReviewAction} from './SubmitForReviewAction.ts'

const isReviewed = (schemaType: string) =>
  (REVIEWED_TYPES as readonly string[]).includes(schemaType)

/** The review actions, in the place of the Studio's Publish. */
export const REVIEW_ACTIONS: DocumentActionComponent[] = [
  GuardedPublishAction,
  SubmitForReviewAction,
  ApproveAction,
  RequestChangesAction,
]

/**
 * Ways to publish that would go around the review gate: scheduling publishes whatever the
 * draft holds when the time comes, approved or not.
 */
const BYPASSING_ACTIONS = new Set(['publish', 'schedule'])

/** Actions that would change, remove or re-publish a review decision, which is a record. */
const DECISION_CHANGING_ACTIONS = new Set([
  'publish',
  'schedule',
  'unpublish',
  'delete',
  'duplicate',
  'discardChanges',
  'discardVersion',
  'unpublishVersion',
  'restore',
  'linkToCanvas',
  'editInCanvas',
  'unlinkFromCanvas',
])

/** A copy of a page starts its own review: it must not inherit the original's submission. */
function withoutWorkflow(document: SanityDocumentLike): SanityDocumentLike {
  const {workflow: _workflow, ...content} = document as SanityDocumentLike & {workflow?: unknown}
  return content
}

const duplicates = new WeakMap<DocumentActionComponent, DocumentActionComponent>()

/** The Studio's Duplicate, dropping the workflow field from the copy (one wrapper per original). */
function duplicateWithoutWorkflow(original: DocumentActionComponent): DocumentActionComponent {
  let wrapped = duplicates.get(original)
  if (!wrapped) {
    const wrapper: DocumentActionComponent = (props: DocumentActionProps) =>
      original({...props, mapDocument: withoutWorkflow} as DuplicateActionProps)
    wrapper.action = original.action
    wrapper.displayName = `ReviewAware(${original.displayName ?? 'DuplicateAction'})`
    duplicates.set(original, wrapper)
    wrapped = wrapper
  }
  return wrapped
}

/**
 * Reviewed pages get the review actions, and publish only through the review gate. Review
 * decisions can be read, not changed.
 */
export const reviewDocumentActions: DocumentActionsResolver = (prev, {schemaType}) => {
  if (schemaType === 'approval')
    return prev.filter((action) => !DECISION_CHANGING_ACTIONS.has(action.action ?? ''))
  if (!isReviewed(schemaType)) return prev
  const others = prev
    .filter((action) => !BYPASSING_ACTIONS.has(action.action ?? ''))
    .map((action) => (action.action === 'duplicate' ? duplicateWithoutWorkflow(action) : action))
  return [...REVIEW_ACTIONS, ...others]
}

export const reviewDocumentBadges: DocumentBadgesResolver = (prev, {schemaType}) =>
  isReviewed(schemaType) ? [...prev, ReviewStateBadge] : prev

/** Decisions are only ever created by the review actions. */
export const withoutApprovalTemplates: TemplateResolver = (prev) =>
  prev.filter((template) => template.schemaType !== 'approval')
