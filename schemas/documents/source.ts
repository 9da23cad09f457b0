import {defineArrayMember, defineField, defineType} from '@sanity/types'
import {checkWebUrl} from '../rules/urlPolicy.ts'

const webUrl = (optional: boolean) => (value: unknown) => {
  if (optional && (value === undefined || value === '')) return true
  const verdict = checkWebUrl(value)
  return verdict.ok || verdict.reason
}

export const source = defineType({
  name: 'source',
  title: 'Source',
  type: 'document',
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      description:
        'The title of the article, book chapter or guideline, for example "Leiomyosarcoma".',
      validation: (rule) => rule.required().error('Enter the title of the source.'),
    }),
    defineField({
      name: 'publisher',
      title: 'Publisher',
      type: 'string',
      description: 'Who published it, for example "Wikipedia" or "National Cancer Institute".',
    }),
    defineField({
      name: 'url',
      title: 'Web address',
      type: 'url',
      description: 'The https:// address where readers can find the source.',
      validation: (rule) => [
        rule.required().error('Enter the web address of the source.'),
        rule.custom(webUrl(false)),
      ],
    }),
    defineField({
      name: 'license',
      title: 'Licence',
      type: 'string',
      description:
        'The licence the text is published under, for example "CC BY-SA 4.0". Leave empty if unknown.',
    }),
    defineField({
      name: 'licenseUrl',
      title: 'Licence address',
      type: 'url',
      description:
        'Link to the licence text, for example https://creativecommons.org/licenses/by-sa/4.0/.',
      validation: (rule) => rule.custom(webUrl(true)),
    }),
    defineField({
      name: 'accessedAt',
      title: 'Accessed on',
      type: 'date',
      description: 'The day you read the source. Web pages change; this dates the citation.',
    }),
    defineField({
      name: 'revision',
      title: 'Revision',
      type: 'string',
      description:
        'The exact version you read, for example a Wikipedia permanent link (…?oldid=123456).',
    }),
    defineField({
      name: 'authors',
      title: 'Authors',
      type: 'array',
      description:
        'Named authors, if any. For Wikipedia, leave empty: the page history credits the authors.',
      of: [defineArrayMember({type: 'string'})],
    }),
  ],
  preview: {
    select: {title: 'title', publisher: 'publisher', license: 'license'},
    prepare: ({title, publisher, license}) => ({
      title: title || 'Untitled source',
      subtitle: [publisher, license].filter(Boolean).join(' · '),
    }),
  },
})
