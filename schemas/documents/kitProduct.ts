import {defineArrayMember, defineField, defineType} from '@sanity/types'
import {slugField} from '../rules/slug.ts'

export const kitProduct = defineType({
  name: 'kitProduct',
  title: 'Kit product',
  type: 'document',
  groups: [
    {name: 'content', title: 'Content', default: true},
    {name: 'availability', title: 'Available for'},
  ],
  fields: [
    defineField({
      name: 'name',
      title: 'Product name',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required().error('Enter the product name.'),
    }),
    slugField('name', 'The last part of the product page address. Generated from the name.'),
    defineField({
      name: 'tagline',
      title: 'Tagline',
      type: 'string',
      group: 'content',
      description:
        'One line under the product name, for example "Comprehensive genomic profiling from one sample".',
      validation: (rule) => rule.max(140).warning('Keep the tagline under 140 characters.'),
    }),
    defineField({
      name: 'description',
      title: 'Description',
      type: 'blockContent',
      group: 'content',
      description:
        'What the test does and who it is for. Claims about performance need a citation.',
    }),
    defineField({
      name: 'callToAction',
      title: 'Call to action',
      type: 'callToAction',
      group: 'content',
      description: 'The button shown with the product, for example "Request a test".',
    }),
    defineField({
      name: 'availableFor',
      title: 'Available for tumours',
      type: 'array',
      group: 'availability',
      description: 'The tumour pages on which this kit is offered.',
      of: [defineArrayMember({type: 'reference', to: [{type: 'tumour'}]})],
      validation: (rule) => [
        rule.unique().error('This tumour is listed twice.'),
        rule
          .min(1)
          .warning('The kit is not offered for any tumour yet, so no tumour page will show it.'),
      ],
    }),
  ],
  preview: {
    select: {title: 'name', subtitle: 'tagline'},
  },
})
