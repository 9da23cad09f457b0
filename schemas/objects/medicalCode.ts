import {defineField, defineType} from '@sanity/types'
import {checkMedicalCode, codeSystems} from '../rules/medicalCodes.ts'

export const medicalCode = defineType({
  name: 'medicalCode',
  title: 'Medical code',
  type: 'object',
  fields: [
    defineField({
      name: 'system',
      title: 'Coding system',
      type: 'string',
      options: {list: [...codeSystems], layout: 'dropdown'},
      validation: (rule) => rule.required().error('Choose the coding system this code belongs to.'),
    }),
    defineField({
      name: 'code',
      title: 'Code',
      type: 'string',
      description:
        'Exactly as the coding system writes it, for example 8890/3 (ICD-O-3), C3158 (NCIt) or LMS (OncoTree).',
      validation: (rule) =>
        rule.custom((code, context) => {
          const parent = context.parent as {system?: unknown} | undefined
          return checkMedicalCode(parent?.system, code) ?? true
        }),
    }),
  ],
  preview: {
    select: {system: 'system', code: 'code'},
    prepare: ({system, code}) => ({title: code || 'No code', subtitle: system || 'No system'}),
  },
})
