import {TimelineIcon} from '@sanity/icons/Timeline'
import {defineField, defineType} from '@sanity/types'

export const workflowStatuses = [
  {title: 'Editing', value: 'editing'},
  {title: 'In review', value: 'inReview'},
  {title: 'Approved', value: 'approved'},
  {title: 'Changes requested', value: 'changesRequested'},
] as const

/**
 * Review bookkeeping kept on a tumour or kit page, written only by the review actions. It is
 * excluded from the content hash, so recording a review never changes what was reviewed.
 * The status is an index for the desk lists; what counts is the approvals' content hashes.
 */
export const workflow = defineType({
  name: 'workflow',
  title: 'Review workflow',
  type: 'object',
  icon: TimelineIcon,
  readOnly: true,
  fields: [
    defineField({
      name: 'status',
      title: 'Status',
      type: 'string',
      options: {list: [...workflowStatuses]},
    }),
    defineField({
      name: 'submittedBy',
      title: 'Submitted by',
      type: 'reference',
      to: [{type: 'person'}],
      weak: true,
    }),
    defineField({name: 'submittedAt', title: 'Submitted at', type: 'datetime'}),
    defineField({
      name: 'submittedHash',
      title: 'Content hash of the submitted version',
      type: 'string',
    }),
  ],
})
