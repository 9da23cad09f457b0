import {defineArrayMember, defineField, defineType} from '@sanity/types'
import {slugField} from '../rules/slug.ts'

export const tumour = defineType({
  name: 'tumour',
  title: 'Tumour page',
  type: 'document',
  groups: [
    {name: 'content', title: 'Content', default: true},
    {name: 'sources', title: 'Sources'},
    {name: 'seo', title: 'SEO'},
  ],
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      group: 'content',
      description: 'The tumour name as readers know it, for example "Leiomyosarcoma".',
      validation: (rule) => rule.required().error('Enter the tumour name.'),
    }),
    slugField('name', 'The last part of the page address. Generated from the name.'),
    defineField({
      name: 'synonyms',
      title: 'Synonyms and abbreviations',
      type: 'array',
      group: 'content',
      description: 'Other names readers search for, for example "LMS".',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique().error('Each synonym should appear once.'),
    }),
    defineField({
      name: 'nameOrigin',
      title: 'Origin of the name',
      type: 'string',
      group: 'content',
      description:
        'A short note on where the name comes from, for example the Greek words it is built from.',
      validation: (rule) =>
        rule.max(200).warning('Keep the origin of the name under 200 characters.'),
    }),
    defineField({
      name: 'category',
      title: 'Category',
      type: 'string',
      group: 'content',
      description: 'The family of tumours it belongs to, for example "Soft tissue sarcoma".',
    }),
    defineField({
      name: 'codes',
      title: 'Medical codes',
      type: 'array',
      group: 'content',
      description:
        'Codes in OncoTree, ICD-O-3, ICD-10, NCIt or SNOMED CT that identify this tumour.',
      of: [defineArrayMember({type: 'medicalCode'})],
    }),
    defineField({
      name: 'summary',
      title: 'Summary',
      type: 'text',
      rows: 3,
      group: ['content', 'seo'],
      description:
        'Two or three plain sentences (50–300 characters) for cards, search results and the meta description.',
      validation: (rule) => [
        rule.required().error('Write a summary of 50 to 300 characters.'),
        rule.min(50).error('The summary is too short; write at least 50 characters.'),
        rule.max(300).error('The summary is too long; keep it to 300 characters or fewer.'),
      ],
    }),
    defineField({
      name: 'sections',
      title: 'Sections',
      type: 'array',
      group: 'content',
      description: 'The article, one section per topic: overview, location, symptoms, treatment …',
      of: [defineArrayMember({type: 'section'})],
      validation: (rule) => rule.required().min(1).error('Add at least one section.'),
    }),
    defineField({
      name: 'sources',
      title: 'Sources for the whole page',
      type: 'array',
      group: 'sources',
      description:
        'Sources the page as a whole relies on. Cite section-specific sources in each section.',
      of: [defineArrayMember({type: 'reference', to: [{type: 'source'}]})],
      validation: (rule) => rule.unique().error('This source is listed twice.'),
    }),
    defineField({
      name: 'seoTitle',
      title: 'Title for search engines',
      type: 'string',
      group: 'seo',
      description: 'Optional. Replaces the name in the browser tab and search results.',
      validation: (rule) =>
        rule.max(70).warning('Search engines cut titles longer than about 70 characters.'),
    }),
  ],
  orderings: [{title: 'Name A–Z', name: 'nameAsc', by: [{field: 'name', direction: 'asc'}]}],
  preview: {
    select: {
      title: 'name',
      synonym0: 'synonyms.0',
      synonym1: 'synonyms.1',
      category: 'category',
    },
    prepare: ({title, synonym0, synonym1, category}) => ({
      title: title || 'Unnamed tumour',
      subtitle: [[synonym0, synonym1].filter(Boolean).join(', '), category]
        .filter(Boolean)
        .join(' · '),
    }),
  },
})
