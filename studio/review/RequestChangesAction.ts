import {CommentIcon} from '@sanity/icons/Comment'
import type {DocumentActionComponent} from 'sanity'
import {requestChangesModel} from './actionModel.ts'
import {useReviewContext} from './useReviewContext.ts'
import {useSignedAction} from './useSignedAction.tsx'

/** Sends the version under review back to the writer, signed, with what to change. */
export const RequestChangesAction: DocumentActionComponent = (props) => {
  const review = useReviewContext(props)
  const signing = useSignedAction({id: props.id, action: 'requestChanges', review})
  const model = requestChangesModel(review.context)
  if (props.release) return null
  return {
    label: 'Request changes',
    icon: CommentIcon,
    tone: 'critical',
    disabled: model.disabled || signing.busy,
    title: model.title,
    onHandle: signing.open,
    dialog: signing.dialog,
  }
}
RequestChangesAction.displayName = 'RequestChangesAction'
