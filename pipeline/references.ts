/** Ids of every `_ref` in a value, depth-first; weak references only when asked for. */
export function referencedIds(
  value: unknown,
  includeWeak: boolean,
  out = new Set<string>(),
): Set<string> {
  if (typeof value !== 'object' || value === null) return out
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object') referencedIds(item, includeWeak, out)
    return out
  }
  const record = value as Record<string, unknown>
  if (typeof record._ref === 'string' && (includeWeak || record._weak !== true))
    out.add(record._ref)
  // for…in rather than Object.values: no array per object (documents are plain JSON objects).
  for (const key in record) {
    const child = record[key]
    if (typeof child === 'object' && child !== null) referencedIds(child, includeWeak, out)
  }
  return out
}
