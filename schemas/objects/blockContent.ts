import {defineArrayMember, defineField, defineType} from '@sanity/types'
import {checkHref} from '../rules/urlPolicy.ts'

/** Paragraphs, two heading levels below the section heading, and quotes. */
export const BLOCK_STYLES = ['normal', 'h3', 'h4', 'blockquote'] as const
export type BlockStyle = (typeof BLOCK_STYLES)[number]
export const LIST_ITEMS = ['bullet', 'number'] as const
export type ListItem = (typeof LIST_ITEMS)[number]
export const DECORATORS = ['strong', 'em', 'sub', 'sup'] as const
export type Decorator = (typeof DECORATORS)[number]

const STYLE_TITLES: Record<BlockStyle, string> = {
  normal: 'Paragraph',
  h3: 'Sub-heading',
  h4: 'Minor heading',
  blockquote: 'Quote',
}
const LIST_TITLES: Record<ListItem, string> = {bullet: 'Bullets', number: 'Numbered'}
const DECORATOR_TITLES: Record<Decorator, string> = {
  strong: 'Strong',
  em: 'Emphasis',
  sub: 'Subscript',
  sup: 'Superscript',
}

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
      styles: BLOCK_STYLES.map((value) => ({title: STYLE_TITLES[value], value})),
      lists: LIST_ITEMS.map((value) => ({title: LIST_TITLES[value], value})),
      marks: {
        decorators: DECORATORS.map((value) => ({title: DECORATOR_TITLES[value], value})),
        annotations: [
          defineArrayMember({
            name: 'link',
            title: 'Link',
            type: 'object',
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
