/** How a diff names things: referenced documents by their title, fields by the Studio's titles. */
export interface DiffLookup {
  /** A readable name for a referenced document: a source's title, a kit's name … */
  label(id: string): string
  /** The field's title as the Studio shows it. */
  fieldTitle(type: string, field: string): string
  /** The fields of a type in the Studio's order; other fields follow alphabetically. */
  fieldOrder(type: string): readonly string[]
}

export type SchemaTypes = readonly {
  name: string
  fields?: readonly {name: string; title?: string}[]
}[]

const str = (value: unknown) => (typeof value === 'string' ? value : undefined)

/** A document's name as the report shows it: "Leiomyosarcoma (Wikipedia)" for a source. */
export function labelOf(doc: Readonly<Record<string, unknown>> | null | undefined, id: string) {
  if (!doc) return `${id} (not in the dataset)`
  const title = str(doc.title) ?? str(doc.name) ?? id
  const publisher = str(doc.publisher)
  return doc._type === 'source' && publisher ? `${title} (${publisher})` : title
}

/** Field titles and order from the Studio schema; labels from `find`. */
export function diffLookup(
  find: (id: string) => Readonly<Record<string, unknown>> | null | undefined,
  schemaTypes: SchemaTypes = [],
): DiffLookup {
  const titles = new Map<string, Map<string, string>>()
  for (const type of schemaTypes)
    titles.set(type.name, new Map((type.fields ?? []).map((f) => [f.name, f.title ?? f.name])))
  return {
    label: (id) => labelOf(find(id), id),
    fieldTitle: (type, field) => titles.get(type)?.get(field) ?? field,
    fieldOrder: (type) => [...(titles.get(type)?.keys() ?? [])],
  }
}
