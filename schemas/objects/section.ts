import {defineArrayMember, defineField, defineType} from '@sanity/types'
import type {PortableTextBlock} from 'sanity'

export const sectionKinds = [
  {title: 'Overview', value: 'overview'},
  {title: 'Location', value: 'location'},
  {title: 'Symptoms', value: 'symptoms'},
  {title: 'Diagnosis', value: 'diagnosis'},
  {title: 'Treatment', value: 'treatment'},
  {title: 'Outlook', value: 'outlook'},
  {title: 'Other', value: 'other'},
] as const

export type SectionKind = (typeof sectionKinds)[number]['value']

interface SectionValue {
  heading?: string
  body?: PortableTextBlock[]
  sources?: unknown[]
}

/** Text a reader would take as a statement of fact: any block with visible characters. */
export function hasFactualText(body: PortableTextBlock[] | undefined): boolean {
  return (body ?? []).some(
    (block) =>
      Array.isArray(block.children) &&
      block.children.some((child) => typeof child.text === 'string' && child.text.trim() !== ''),
  )
}

/** True when any span in the body carries a citation annotation. */
export function hasCitation(body: PortableTextBlock[] | undefined): boolean {
  return (body ?? []).some(
    (block) =>
      Array.isArray(block.markDefs) && block.markDefs.some((def) => def._type === 'citation'),
  )
}

export const section = defineType({
  name: 'section',
  title: 'Section',
  type: 'object',
  fields: [
    defineField({
      name: 'heading',
      title: 'Heading',
      type: 'string',
      description: 'Shown as the section title on the page, for example "Location" or "Treatment".',
      validation: (rule) => rule.required().error('Give the section a heading.'),
    }),
    defineField({
      name: 'kind',
      title: 'Kind of section',
      type: 'string',
      description: 'Lets the sites place and style the section. Use "Other" when none fits.',
      options: {list: [...sectionKinds], layout: 'dropdown'},
      initialValue: 'other',
      validation: (rule) => rule.required().error('Choose what kind of section this is.'),
    }),
    defineField({
      name: 'body',
      title: 'Text',
      type: 'blockContent',
      validation: (rule) => rule.required().error('Write the text of this section.'),
    }),
    defineField({
      name: 'sources',
      title: 'Sources',
      type: 'array',
      description: 'The sources this section is based on. Every factual section should cite one.',
      of: [defineArrayMember({type: 'reference', to: [{type: 'source'}]})],
      validation: (rule) => rule.unique().error('This source is listed twice in the section.'),
    }),
  ],
  validation: (rule) =>
    rule
      .custom((value: SectionValue | undefined) => {
        if (!value || !hasFactualText(value.body)) return true
        if ((value.sources?.length ?? 0) > 0 || hasCitation(value.body)) return true
        const name = value.heading?.trim() || 'Untitled section'
        return `Section "${name}" states facts but cites no source. Add one under Sources, or cite a source in the text.`
      })
      .warning(),
  preview: {
    select: {title: 'heading', kind: 'kind', sources: 'sources'},
    prepare: ({title, kind, sources}) => {
      const count = Array.isArray(sources) ? sources.length : 0
      return {
        title: title || 'Untitled section',
        subtitle: `${kind ?? 'other'} · ${count === 1 ? '1 source' : `${count} sources`}`,
      }
    },
  },
})
