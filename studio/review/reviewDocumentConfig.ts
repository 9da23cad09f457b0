import type {
  DocumentActionComponent,
  DocumentActionsResolver,
  DocumentBadgesResolver,
  TemplateResolver,
} from 'sanity'
import {isPageType} from '../../pipeline/types.ts'
import {STATEMENT_TYPE} from '../../pipeline/workflow/statement.ts'
import {GuardedPublishAction} from './GuardedPublishAction.ts'
import {ReviewStateBadge, SignatureBadge} from './ReviewStateBadge.ts'
import {ApproveAction, RequestChangesAction, SubmitForReviewAction} from './signedActions.ts'

/** The review actions, in the place of the Studio's Publish. */
export const REVIEW_ACTIONS: DocumentActionComponent[] = [
  GuardedPublishAction,
  SubmitForReviewAction,
  ApproveAction,
  RequestChangesAction,
]

/**
 * Ways to publish that would go around the review: scheduling publishes whatever the draft
 * holds when the time comes, signed or not.
 */
const BYPASSING_ACTIONS = new Set(['publish', 'schedule'])

/**
 * Actions that would change, remove, copy or re-publish a review statement, which is a signed
 * record. (A changed statement would count for nothing anyway: this keeps honest hands off.)
 */
const STATEMENT_CHANGING_ACTIONS = new Set([
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

/**
 * Reviewed pages get the signed review actions and publish only through the review; review
 * statements can be read, not changed.
 */
export const reviewDocumentActions: DocumentActionsResolver = (prev, {schemaType}) => {
  if (schemaType === STATEMENT_TYPE)
    return prev.filter((action) => !STATEMENT_CHANGING_ACTIONS.has(action.action ?? ''))
  if (!isPageType(schemaType)) return prev
  return [...REVIEW_ACTIONS, ...prev.filter((a) => !BYPASSING_ACTIONS.has(a.action ?? ''))]
}

export const reviewDocumentBadges: DocumentBadgesResolver = (prev, {schemaType}) =>
  isPageType(schemaType) ? [...prev, ReviewStateBadge, SignatureBadge] : prev

/** Statements are only ever created by the review actions, signed. */
export const withoutStatementTemplates: TemplateResolver = (prev) =>
  prev.filter((template) => template.schemaType !== STATEMENT_TYPE)
