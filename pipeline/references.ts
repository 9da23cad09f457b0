/** Ids of every `_ref` in a value, depth-first; weak references only when asked for. */
export function referencedIds(
  value: unknown,
  includeWeak: boolean,
  out = new Set<string>(),
): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, includeWeak, out)
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string' && (includeWeak || record._weak !== true))
      out.add(record._ref)
    for (const child of Object.values(record)) {
      if (typeof child === 'object') referencedIds(child, includeWeak, out)
    }
  }
  return out
}
