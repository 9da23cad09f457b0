import {ArrowRightIcon} from '@sanity/icons/ArrowRight'
import type {DocumentActionComponent} from 'sanity'
import {submitModel, submitPatches} from './actionModel.ts'
import {useReviewContext} from './useReviewContext.ts'
import {confirmContent, useReviewWrite} from './useReviewWrite.ts'

/** Records that this exact version (its hash) waits for a medical reviewer. */
export const SubmitForReviewAction: DocumentActionComponent = (props) => {
  const review = useReviewContext(props)
  const {busy, patchDraft, run} = useReviewWrite(props.id, props.type)
  const model = submitModel(review.context)
  // Review happens on the draft; versions in a release are outside this workflow.
  if (props.release) return null
  return {
    label: busy ? 'Submitting…' : 'Submit for review',
    icon: ArrowRightIcon,
    disabled: model.disabled || busy,
    title: model.title,
    onHandle: () =>
      void run('Could not submit for review', async () => {
        const {actor, hash} = await confirmContent(review, model)
        patchDraft(submitPatches(actor, hash, new Date()))
        return 'Submitted for review.'
      }),
  }
}
SubmitForReviewAction.displayName = 'SubmitForReviewAction'
