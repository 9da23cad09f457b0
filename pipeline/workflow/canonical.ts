import canonicalize from 'canonicalize'

/**
 * Fields that change when nothing a reader sees changes: ids differ between a draft and its
 * published document, and revisions and timestamps change on every save.
 */
export const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  '_id',
  '_rev',
  '_createdAt',
  '_updatedAt',
  '_originalId',
  '_system',
])

/** A document without its system fields: what a review is about. */
export function contentOf(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const content: Record<string, unknown> = {}
  for (const key in doc) {
    const value = doc[key]
    if (!SYSTEM_FIELDS.has(key) && value !== undefined) content[key] = value
  }
  return content
}

/** RFC 8785 (JSON Canonicalization Scheme): sorted keys, fixed number and string forms. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (typeof text !== 'string') throw new TypeError('Only JSON values can be canonicalized.')
  return text
}

/**
 * The canonical form of a document as parsed, without canonicalize's copy when the plain
 * serialization already is canonical (keys sorted, as in Sanity's exports and this project's
 * datasets); any other key order falls back to canonicalize, so the answer never differs.
 */
export function canonicalDocument(value: Readonly<Record<string, unknown>>): string {
  return keysSorted(value) ? JSON.stringify(value) : canonicalJson(value)
}

/** True when every object's keys are in RFC 8785 order and every number prints the same way. */
function keysSorted(root: unknown): boolean {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'number') {
      // JSON.stringify and RFC 8785 agree on finite numbers except -0.
      if (!Number.isFinite(value) || Object.is(value, -0)) return false
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item)
      continue
    }
    let previous: string | undefined
    for (const key in value) {
      if (previous !== undefined && !(previous < key)) return false
      previous = key
      const child = (value as Record<string, unknown>)[key]
      if (child === undefined) return false
      stack.push(child)
    }
  }
  return true
}
