export interface References {
  /** Ids of the strong references. */
  strong: ReadonlySet<string>
  /** Ids of every reference, weak ones included. */
  all: ReadonlySet<string>
}

const walked = new WeakMap<object, References>()

/**
 * What a document references, found in one walk per document object and remembered: the
 * fingerprints, the dependency cascade and the kit index all ask, and a long page is the
 * largest thing an export walks. Documents are never changed once read.
 */
export function referencesOf(doc: object): References {
  let found = walked.get(doc)
  if (!found) {
    found = {strong: new Set(), all: new Set()}
    collect(doc, found as {strong: Set<string>; all: Set<string>})
    walked.set(doc, found)
  }
  return found
}

function collect(value: unknown, into: {strong: Set<string>; all: Set<string>}): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) collect(item, into)
    return
  }
  const record = value as Record<string, unknown>
  if (typeof record._ref === 'string') {
    into.all.add(record._ref)
    if (record._weak !== true) into.strong.add(record._ref)
  }
  for (const key in record) {
    const child = record[key]
    if (typeof child === 'object' && child !== null) collect(child, into)
  }
}
