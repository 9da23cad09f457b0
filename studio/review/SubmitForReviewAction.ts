import {ArrowRightIcon} from '@sanity/icons/ArrowRight'
import type {DocumentActionComponent} from 'sanity'
import {submitModel} from './actionModel.ts'
import {useReviewContext} from './useReviewContext.ts'
import {useSignedAction} from './useSignedAction.tsx'

/** The writer signs that this exact content (its closure hash) waits for a medical reviewer. */
export const SubmitForReviewAction: DocumentActionComponent = (props) => {
  const review = useReviewContext(props)
  const signing = useSignedAction({id: props.id, action: 'submit', review})
  const model = submitModel(review.context)
  // Review happens on the draft; versions in a release are outside this workflow.
  if (props.release) return null
  return {
    label: signing.busy ? 'Submitting…' : 'Submit for review',
    icon: ArrowRightIcon,
    disabled: model.disabled || signing.busy,
    title: model.title,
    onHandle: signing.open,
    dialog: signing.dialog,
  }
}
SubmitForReviewAction.displayName = 'SubmitForReviewAction'
