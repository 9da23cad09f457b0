import {BookIcon} from '@sanity/icons/Book'
import {LinkIcon} from '@sanity/icons/Link'
import {defineArrayMember, defineField, defineType} from '@sanity/types'
import {checkHref} from '../rules/urlPolicy.ts'

/**
 * Portable Text for medical articles: paragraphs, two heading levels below the section
 * heading, quotes, lists, and two annotations: links and citations of a source.
 */
export const blockContent = defineType({
  name: 'blockContent',
  title: 'Text',
  type: 'array',
  of: [
    defineArrayMember({
      type: 'block',
      styles: [
        {title: 'Paragraph', value: 'normal'},
        {title: 'Sub-heading', value: 'h3'},
        {title: 'Minor heading', value: 'h4'},
        {title: 'Quote', value: 'blockquote'},
      ],
      lists: [
        {title: 'Bullets', value: 'bullet'},
        {title: 'Numbered', value: 'number'},
      ],
      marks: {
        decorators: [
          {title: 'Strong', value: 'strong'},
          {title: 'Emphasis', value: 'em'},
          {title: 'Subscript', value: 'sub'},
          {title: 'Superscript', value: 'sup'},
        ],
        annotations: [
          defineArrayMember({
            name: 'link',
            title: 'Link',
            type: 'object',
            icon: LinkIcon,
            fields: [
              defineField({
                name: 'href',
                title: 'Address',
                type: 'string',
                description:
                  'A full web address (https://…), an e-mail address (mailto:…) or a path on our site (/tumours/…).',
                validation: (rule) =>
                  rule.custom((value) => {
                    const verdict = checkHref(value)
                    return verdict.ok || verdict.reason
                  }),
              }),
            ],
          }),
          defineArrayMember({
            name: 'citation',
            title: 'Citation',
            type: 'object',
            icon: BookIcon,
            fields: [
              defineField({
                name: 'source',
                title: 'Source',
                type: 'reference',
                to: [{type: 'source'}],
                description: 'The source that supports the marked statement.',
                validation: (rule) =>
                  rule.required().error('Choose the source this statement cites.'),
              }),
              defineField({
                name: 'locator',
                title: 'Where in the source',
                type: 'string',
                description:
                  'Optional: a page, section or table, for example "p. 12" or "Treatment".',
              }),
            ],
          }),
        ],
      },
    }),
  ],
})
