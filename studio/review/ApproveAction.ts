import {CheckmarkIcon} from '@sanity/icons/Checkmark'
import type {DocumentActionComponent} from 'sanity'
import {approveModel} from './actionModel.ts'
import {useReviewContext} from './useReviewContext.ts'
import {useSignedAction} from './useSignedAction.tsx'

/** A medical reviewer signs an approval of the exact closure on screen, full or of a change. */
export const ApproveAction: DocumentActionComponent = (props) => {
  const review = useReviewContext(props)
  const signing = useSignedAction({id: props.id, action: 'approve', review})
  const model = approveModel(review.context)
  if (props.release) return null
  return {
    label: signing.busy ? 'Approving…' : 'Approve',
    icon: CheckmarkIcon,
    tone: 'positive',
    disabled: model.disabled || signing.busy,
    title: model.title,
    onHandle: signing.open,
    dialog: signing.dialog,
  }
}
ApproveAction.displayName = 'ApproveAction'
