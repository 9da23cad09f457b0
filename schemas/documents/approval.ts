import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {defineField, defineType} from '@sanity/types'
import {mustBeMedicalReviewer} from '../rules/reviewer.ts'

export const decisions = [
  {title: 'Approved', value: 'approved'},
  {title: 'Changes requested', value: 'changesRequested'},
] as const

/**
 * One review decision, bound to the exact content it was made on: `snapshot` is the canonical
 * JSON of the reviewed content and `contentHash` its sha256. Decisions are created by the
 * review actions and never edited, so together they are the audit trail.
 */
export const approval = defineType({
  name: 'approval',
  title: 'Review decision',
  type: 'document',
  icon: CheckmarkCircleIcon,
  readOnly: true,
  fields: [
    defineField({
      name: 'document',
      title: 'Reviewed page',
      type: 'reference',
      to: [{type: 'tumour'}, {type: 'kitProduct'}],
      weak: true,
      validation: (rule) => rule.required().error('A decision must name the page it reviewed.'),
    }),
    defineField({
      name: 'decision',
      title: 'Decision',
      type: 'string',
      options: {list: [...decisions], layout: 'radio'},
      validation: (rule) => rule.required().error('Record whether the version was approved.'),
    }),
    defineField({
      name: 'reviewer',
      title: 'Medical reviewer',
      type: 'reference',
      to: [{type: 'person'}],
      validation: (rule) => [
        rule.required().error('Name the medical reviewer.'),
        rule.custom(mustBeMedicalReviewer),
      ],
    }),
    defineField({
      name: 'decidedAt',
      title: 'Decided at',
      type: 'datetime',
      validation: (rule) => rule.required().error('Record when the decision was made.'),
    }),
    defineField({
      name: 'comment',
      title: 'Comment',
      type: 'text',
      rows: 4,
      validation: (rule) =>
        rule.custom((value, context) =>
          (context.document as {decision?: string} | undefined)?.decision === 'changesRequested' &&
          !value?.trim()
            ? 'Say what needs to change.'
            : true,
        ),
    }),
    defineField({
      name: 'contentHash',
      title: 'Content hash (sha256)',
      type: 'string',
      validation: (rule) =>
        rule
          .required()
          .regex(/^[0-9a-f]{64}$/, {name: 'sha256'})
          .error('The content hash must be a sha256 in hex.'),
    }),
    defineField({
      name: 'snapshot',
      title: 'Reviewed content (canonical JSON)',
      type: 'text',
      validation: (rule) =>
        rule.required().error('The decision must keep the content it was made on.'),
    }),
  ],
  orderings: [
    {title: 'Newest first', name: 'decidedAtDesc', by: [{field: 'decidedAt', direction: 'desc'}]},
  ],
  preview: {
    select: {
      decision: 'decision',
      page: 'document._ref',
      reviewer: 'reviewer.name',
      decidedAt: 'decidedAt',
    },
    prepare: ({decision, page, reviewer, decidedAt}) => ({
      title: `${decision === 'approved' ? 'Approved' : 'Changes requested'}: ${page ?? 'unknown page'}`,
      subtitle: [reviewer, decidedAt?.slice(0, 10)].filter(Boolean).join(' · '),
    }),
  },
})
