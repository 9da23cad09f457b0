import {CommentIcon} from '@sanity/icons/Comment'
import {useState} from 'react'
import type {DocumentActionComponent} from 'sanity'
import {
  approvalDocument,
  requestChangesModel,
  requestChangesVerdict,
  statusPatches,
} from './actionModel.ts'
import {RequestChangesDialog} from './RequestChangesDialog.tsx'
import {useReviewContext} from './useReviewContext.ts'
import {confirmContent, useReviewWrite} from './useReviewWrite.ts'

/** Sends the version under review back to the writer, with a comment saying what to change. */
export const RequestChangesAction: DocumentActionComponent = (props) => {
  const review = useReviewContext(props)
  const {busy, client, patchDraft, run} = useReviewWrite(props.id, props.type)
  const [open, setOpen] = useState(false)
  const model = requestChangesModel(review.context)
  if (props.release) return null

  const submit = (comment: string) =>
    void run('Could not record the decision', async () => {
      const {actor, content, hash, snapshot} = await confirmContent(review, model)
      const verdict = requestChangesVerdict(snapshot, comment)
      if (!verdict.allowed) throw new Error(verdict.reason)
      const decision = approvalDocument({
        publishedId: props.id,
        content,
        hash,
        actor,
        decision: 'changesRequested',
        comment,
        now: new Date(),
      })
      await client.create(decision)
      patchDraft(statusPatches('changesRequested'))
      await review.refresh()
      return 'Changes requested. The writer can see your comment.'
    }).then((done) => {
      if (done) setOpen(false)
    })

  const title = typeof review.current?.name === 'string' ? review.current.name : undefined
  return {
    label: 'Request changes',
    icon: CommentIcon,
    tone: 'critical',
    disabled: model.disabled || busy,
    title: model.title,
    onHandle: () => setOpen(true),
    dialog: open && {
      type: 'custom',
      component: (
        <RequestChangesDialog
          busy={busy}
          documentTitle={title}
          onCancel={() => setOpen(false)}
          onSubmit={submit}
        />
      ),
    },
  }
}
RequestChangesAction.displayName = 'RequestChangesAction'
