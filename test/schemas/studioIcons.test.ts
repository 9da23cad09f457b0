import {ActivityIcon} from '@sanity/icons/Activity'
import {BookIcon} from '@sanity/icons/Book'
import {LaunchIcon} from '@sanity/icons/Launch'
import {LinkIcon} from '@sanity/icons/Link'
import {PackageIcon} from '@sanity/icons/Package'
import {TagIcon} from '@sanity/icons/Tag'
import {ThListIcon} from '@sanity/icons/ThList'
import {Schema} from '@sanity/schema'
import {builtinTypes} from '@sanity/schema/_internal'
import type {ObjectSchemaType, SchemaType, SchemaTypeDefinition} from '@sanity/types'
import {describe, expect, it} from 'vitest'
import {schemaTypes} from '../../schemas/index.ts'
import {withIcons} from '../../studio/schemaDecorations.ts'

/** The icons the schema files carried before they moved to studio/schemaDecorations.ts. */
const TYPE_ICONS_BEFORE = {
  tumour: ActivityIcon,
  kitProduct: PackageIcon,
  source: BookIcon,
  section: ThListIcon,
  callToAction: LaunchIcon,
  medicalCode: TagIcon,
  reviewStatement: undefined,
  blockContent: undefined,
}
const ANNOTATION_ICONS_BEFORE = {link: LinkIcon, citation: BookIcon}

/** Compiled as the Studio compiles its workspace schema (over the built-in types). */
function compile(types: readonly SchemaTypeDefinition[]) {
  const parent = Schema.compile({name: 'studio', types: builtinTypes})
  return Schema.compile({name: 'default', types: [...types], parent})
}

/** The compiled block type keeps its annotations as the member types of `markDefs`. */
function annotationsOf(type: SchemaType | undefined): SchemaType[] {
  const block = (type as {of?: ObjectSchemaType[]} | undefined)?.of?.[0]
  const markDefs = block?.fields.find((field) => field.name === 'markDefs')?.type
  return (markDefs as {of?: SchemaType[]} | undefined)?.of ?? []
}

describe('the Studio’s icons', () => {
  const studio = compile(withIcons(schemaTypes))

  it('are on every type as before: list rows, document tabs, the create menu', () => {
    expect(Object.keys(TYPE_ICONS_BEFORE).sort()).toEqual(schemaTypes.map((t) => t.name).sort())
    for (const [name, icon] of Object.entries(TYPE_ICONS_BEFORE))
      expect(studio.get(name)?.icon, name).toBe(icon)
  })

  it('are on the Portable Text annotations in the editor’s toolbar', () => {
    const annotations = annotationsOf(studio.get('blockContent'))
    expect(Object.fromEntries(annotations.map((a) => [a.name, a.icon]))).toEqual(
      ANNOTATION_ICONS_BEFORE,
    )
  })

  it('leave the content model itself untouched and free of components', () => {
    const bare = compile(schemaTypes)
    for (const name of Object.keys(TYPE_ICONS_BEFORE)) {
      expect(bare.get(name)?.icon, name).not.toBeTypeOf('object')
      expect(bare.get(name)?.icon, name).not.toBeTypeOf('function')
    }
    expect(annotationsOf(bare.get('blockContent')).map((a) => a.icon)).toEqual([
      undefined,
      undefined,
    ])
    // The decorated schema is otherwise the same: same fields, rules and previews.
    expect(withIcons(schemaTypes).map(({name}) => name)).toEqual(schemaTypes.map((t) => t.name))
    expect(studio.get('tumour')?.preview).toEqual(bare.get('tumour')?.preview)
  })
})
