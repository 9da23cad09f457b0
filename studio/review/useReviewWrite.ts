import {useToast} from '@sanity/ui/toast'
import {useCallback, useState} from 'react'
import {type SanityDocument, useClient, useDocumentOperation} from 'sanity'
import {contentHash} from '../../pipeline/review/contentHash.ts'
import type {Actor} from '../../pipeline/review/workflow.ts'
import {
  type ActionModel,
  CONTENT_CHANGED_REASON,
  LOADING_REASON,
  type ReviewSnapshot,
  type WorkflowPatch,
} from './actionModel.ts'
import {REVIEW_API_VERSION} from './reviewQueries.ts'
import type {ReviewContext} from './useReviewContext.ts'

/** A refusal at click time: shown as a warning, not as an error. */
class Refusal extends Error {}

export interface ConfirmedContent {
  /** The content the decision is about, and its hash computed from that same object. */
  content: SanityDocument
  hash: string
  actor: Actor
  snapshot: ReviewSnapshot
}

/**
 * Re-checks a click against the state it was rendered from: the model must still allow it,
 * and the content must still hash to what the buttons were computed from.
 */
export async function confirmContent(
  review: ReviewContext,
  model: ActionModel,
): Promise<ConfirmedContent> {
  if (review.context.status !== 'ready' || !review.current) throw new Refusal(LOADING_REASON)
  if (model.disabled) throw new Refusal(model.title ?? 'This action is not allowed now.')
  const {snapshot} = review.context
  if (!snapshot.actor) throw new Refusal(LOADING_REASON)
  const content = review.current
  const hash = await contentHash(content)
  if (hash !== snapshot.currentHash) throw new Refusal(CONTENT_CHANGED_REASON)
  return {content, hash, actor: snapshot.actor, snapshot}
}

/** The writes the review actions make, with one busy flag and toasts for the outcome. */
export function useReviewWrite(id: string, type: string) {
  const client = useClient({apiVersion: REVIEW_API_VERSION})
  const {patch} = useDocumentOperation(id, type)
  const toast = useToast()
  const [busy, setBusy] = useState(false)

  /** Patches the draft, creating it from the published document if there is none. */
  const patchDraft = useCallback(
    (patches: WorkflowPatch[]) => {
      if (patch.disabled) throw new Error('The document is not ready to be changed yet.')
      patch.execute(patches)
    },
    [patch],
  )

  const run = useCallback(
    async (failureTitle: string, work: () => Promise<string>): Promise<boolean> => {
      setBusy(true)
      try {
        toast.push({status: 'success', title: await work()})
        return true
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        toast.push(
          error instanceof Refusal
            ? {status: 'warning', title: message}
            : {status: 'error', title: failureTitle, description: message},
        )
        return false
      } finally {
        setBusy(false)
      }
    },
    [toast],
  )

  return {busy, client, patchDraft, run}
}
