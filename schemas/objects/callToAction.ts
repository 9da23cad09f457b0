import {defineField, defineType} from '@sanity/types'
import {checkHref} from '../rules/urlPolicy.ts'

export const callToAction = defineType({
  name: 'callToAction',
  title: 'Call to action',
  type: 'object',
  fields: [
    defineField({
      name: 'label',
      title: 'Button text',
      type: 'string',
      description: 'A short instruction, for example "Request a test".',
      validation: (rule) =>
        rule.required().max(40).error('Write button text of at most 40 characters.'),
    }),
    defineField({
      name: 'url',
      title: 'Button link',
      type: 'string',
      description:
        'Where the button leads: https://…, mailto:… or a path on our site such as /request-a-test.',
      validation: (rule) =>
        rule.custom((value) => {
          const verdict = checkHref(value)
          return verdict.ok || verdict.reason
        }),
    }),
  ],
  preview: {
    select: {title: 'label', subtitle: 'url'},
  },
})
