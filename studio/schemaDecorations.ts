import {ActivityIcon} from '@sanity/icons/Activity'
import {BookIcon} from '@sanity/icons/Book'
import {LaunchIcon} from '@sanity/icons/Launch'
import {LinkIcon} from '@sanity/icons/Link'
import {PackageIcon} from '@sanity/icons/Package'
import {TagIcon} from '@sanity/icons/Tag'
import {ThListIcon} from '@sanity/icons/ThList'
import type {SchemaTypeDefinition} from '@sanity/types'
import type {ComponentType} from 'react'

/*
 * Studio-only decorations of the content model. schemas/ stays free of React components, so
 * that the export (and each of its worker threads) can load the schema without React.
 */

/** Each type's icon: its list rows, document tabs and the "create" menu. */
export const TYPE_ICONS = {
  tumour: ActivityIcon,
  kitProduct: PackageIcon,
  source: BookIcon,
  section: ThListIcon,
  callToAction: LaunchIcon,
  medicalCode: TagIcon,
} satisfies Record<string, ComponentType>

/** Each Portable Text annotation's icon in the editor's toolbar, by annotation name. */
export const ANNOTATION_ICONS = {
  link: LinkIcon,
  citation: BookIcon,
} satisfies Record<string, ComponentType>

/** The part of a definition that decorations touch. */
interface Definition {
  type?: string
  name?: string
  icon?: ComponentType
  of?: Definition[]
  marks?: {annotations?: Definition[]}
}

function withIcon(definition: Definition, icons: Record<string, ComponentType>): Definition {
  const icon = definition.name === undefined ? undefined : icons[definition.name]
  return icon ? {...definition, icon} : definition
}

/** A Portable Text block member with its annotations' icons. */
function decorateMember(member: Definition): Definition {
  const annotations = member.type === 'block' ? member.marks?.annotations : undefined
  if (!annotations) return member
  const decorated = annotations.map((annotation) => withIcon(annotation, ANNOTATION_ICONS))
  return {...member, marks: {...member.marks, annotations: decorated}}
}

/** The content model as the Studio shows it: the schema types with their icons. */
export function withIcons(types: readonly SchemaTypeDefinition[]): SchemaTypeDefinition[] {
  return types.map((type) => {
    const decorated = withIcon(type as Definition, TYPE_ICONS)
    const of = decorated.of?.map(decorateMember)
    return (of ? {...decorated, of} : decorated) as SchemaTypeDefinition
  })
}
