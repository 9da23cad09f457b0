import type {Path, Schema, SchemaType} from 'sanity'

/** `tumour.sections.[].sources.[]` → ['source']: where references may point, read from the schema. */
export type ReferenceTargets = Map<string, readonly string[]>

interface Node {
  name?: string
  jsonType?: string
  to?: {name: string}[]
  of?: Node[]
  fields?: {name: string; type: Node}[]
}

/** Field paths of every reference in the schema, with array items written as `[]`. */
export function referenceTargets(
  schema: Schema,
  documentTypes: readonly string[],
): ReferenceTargets {
  const targets: ReferenceTargets = new Map()
  const walk = (type: Node | undefined, path: string[]) => {
    if (!type || path.length > 12) return
    if (Array.isArray(type.to)) {
      targets.set(
        path.join('.'),
        type.to.map((t) => t.name),
      )
      return
    }
    if (type.jsonType === 'array') for (const member of type.of ?? []) walk(member, [...path, '[]'])
    if (type.jsonType === 'object')
      for (const field of type.fields ?? []) walk(field.type, [...path, field.name])
  }
  for (const name of documentTypes) walk(schema.get(name) as SchemaType as Node, [name])
  return targets
}

/** The schema path of a value path: keys and indexes become `[]`. */
export function schemaPath(documentType: string, path: Path): string {
  return [
    documentType,
    ...path.map((segment) => (typeof segment === 'string' ? segment : '[]')),
  ].join('.')
}
