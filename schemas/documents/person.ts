import {UserIcon} from '@sanity/icons/User'
import {defineArrayMember, defineField, defineType} from '@sanity/types'
import {checkOrcid} from '../rules/orcid.ts'

export const personRoles = [
  {title: 'Medical writer', value: 'writer'},
  {title: 'Medical reviewer', value: 'medicalReviewer'},
] as const

export const person = defineType({
  name: 'person',
  title: 'Person',
  type: 'document',
  icon: UserIcon,
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      description:
        'Full name as it appears on the page, without titles, for example "Amira Haddad".',
      validation: (rule) => rule.required().error('Enter the person’s name.'),
    }),
    defineField({
      name: 'credentials',
      title: 'Credentials',
      type: 'array',
      description: 'Degrees and qualifications shown after the name, for example MD, PhD, FRCPath.',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
    }),
    defineField({
      name: 'roles',
      title: 'Roles',
      type: 'array',
      description: 'Medical reviewers can approve pages; writers cannot approve their own changes.',
      of: [defineArrayMember({type: 'string'})],
      options: {list: [...personRoles], layout: 'grid'},
      validation: (rule) => [
        rule.required().min(1).error('Give the person at least one role.'),
        rule.unique(),
      ],
    }),
    defineField({
      name: 'orcid',
      title: 'ORCID iD',
      type: 'string',
      description: 'Optional. The researcher identifier, for example 0000-0002-1825-0097.',
      validation: (rule) => rule.custom((value) => checkOrcid(value) ?? true),
    }),
    defineField({
      name: 'sanityUserId',
      title: 'Studio user id',
      type: 'string',
      description:
        'The id this person signs in to the Studio with (Manage project → Members). Links review actions to this person.',
    }),
  ],
  preview: {
    select: {name: 'name', credentials: 'credentials', roles: 'roles'},
    prepare: ({name, credentials, roles}) => {
      const creds = Array.isArray(credentials) ? credentials.join(', ') : ''
      const labels = (Array.isArray(roles) ? roles : [])
        .map((role: string) => personRoles.find((r) => r.value === role)?.title ?? role)
        .join(', ')
      return {title: [name || 'Unnamed person', creds].filter(Boolean).join(', '), subtitle: labels}
    },
  },
})
