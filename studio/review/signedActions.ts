import {ArrowRightIcon} from '@sanity/icons/ArrowRight'
import {CheckmarkIcon} from '@sanity/icons/Checkmark'
import {CommentIcon} from '@sanity/icons/Comment'
import type {ComponentType} from 'react'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {
  type ActionModel,
  approveModel,
  type ReviewContextState,
  requestChangesModel,
  submitModel,
} from './actionModel.ts'
import type {SigningAction} from './signStep.ts'
import {useReviewContext} from './useReviewContext.ts'
import {useSignedAction} from './useSignedAction.tsx'

interface SignedActionSpec {
  action: Exclude<SigningAction, 'publish'>
  label: string
  busyLabel: string
  icon: ComponentType
  tone?: DocumentActionDescription['tone']
  model: (context: ReviewContextState) => ActionModel
}

/** A review step as a document action: its button, its refusal as a tooltip, its signing dialog. */
function useSignedStep(
  props: DocumentActionProps,
  spec: SignedActionSpec,
): DocumentActionDescription | null {
  const review = useReviewContext(props)
  const signing = useSignedAction({id: props.id, action: spec.action, review})
  const model = spec.model(review.context)
  // Review happens on the draft; versions in a release are outside this workflow.
  if (props.release) return null
  return {
    label: signing.busy ? spec.busyLabel : spec.label,
    icon: spec.icon,
    ...(spec.tone ? {tone: spec.tone} : {}),
    disabled: model.disabled || signing.busy,
    title: model.title,
    onHandle: signing.open,
    dialog: signing.dialog,
  }
}

const SUBMIT: SignedActionSpec = {
  action: 'submit',
  label: 'Submit for review',
  busyLabel: 'Submitting…',
  icon: ArrowRightIcon,
  model: submitModel,
}

const APPROVE: SignedActionSpec = {
  action: 'approve',
  label: 'Approve',
  busyLabel: 'Approving…',
  icon: CheckmarkIcon,
  tone: 'positive',
  model: approveModel,
}

const REQUEST_CHANGES: SignedActionSpec = {
  action: 'requestChanges',
  label: 'Request changes',
  busyLabel: 'Sending…',
  icon: CommentIcon,
  tone: 'critical',
  model: requestChangesModel,
}

/** The writer signs that this exact content (its closure hash) waits for a medical reviewer. */
export const SubmitForReviewAction: DocumentActionComponent = (props) =>
  useSignedStep(props, SUBMIT)
SubmitForReviewAction.displayName = 'SubmitForReviewAction'

/** A medical reviewer signs an approval of the exact closure on screen, full or of a change. */
export const ApproveAction: DocumentActionComponent = (props) => useSignedStep(props, APPROVE)
ApproveAction.displayName = 'ApproveAction'

/** Sends the version under review back to the writer, signed, with what to change. */
export const RequestChangesAction: DocumentActionComponent = (props) =>
  useSignedStep(props, REQUEST_CHANGES)
RequestChangesAction.displayName = 'RequestChangesAction'
