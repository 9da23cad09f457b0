import {CheckmarkIcon} from '@sanity/icons/Checkmark'
import type {DocumentActionComponent} from 'sanity'
import {approvalDocument, approveModel, statusPatches} from './actionModel.ts'
import {useReviewContext} from './useReviewContext.ts'
import {confirmContent, useReviewWrite} from './useReviewWrite.ts'

/** Records an approval bound to the hash and canonical snapshot of the content on screen. */
export const ApproveAction: DocumentActionComponent = (props) => {
  const review = useReviewContext(props)
  const {busy, client, patchDraft, run} = useReviewWrite(props.id, props.type)
  const model = approveModel(review.context)
  if (props.release) return null
  return {
    label: busy ? 'Approving…' : 'Approve',
    icon: CheckmarkIcon,
    tone: 'positive',
    disabled: model.disabled || busy,
    title: model.title,
    onHandle: () =>
      void run('Could not record the approval', async () => {
        const {actor, content, hash} = await confirmContent(review, model)
        const approval = approvalDocument({
          publishedId: props.id,
          content,
          hash,
          actor,
          decision: 'approved',
          now: new Date(),
        })
        await client.create(approval)
        patchDraft(statusPatches('approved'))
        await review.refresh()
        return 'Approved. This version can now be published.'
      }),
  }
}
ApproveAction.displayName = 'ApproveAction'
