import type {SanityDoc} from './types.ts'

export interface References {
  /** Ids of the strong references. */
  strong: ReadonlySet<string>
  /** Ids of every reference, weak ones included. */
  all: ReadonlySet<string>
}

export interface Walked extends References {
  /** Levels of objects and arrays, the document itself being level 1. */
  depth: number
}

const walked = new WeakMap<object, Walked>()

/**
 * What a document references, found in one walk per document object and remembered: the
 * fingerprints, the dependency cascade and the kit index all ask, and a long page is the
 * largest thing an export walks. Documents are never changed once read.
 */
export function referencesOf(doc: object): References {
  return walk(doc)
}

/** How deeply a document nests objects and arrays (itself is 1), from the same one walk. */
export function nestingDepth(doc: object): number {
  return walk(doc).depth
}

/** Records what a walk of `doc` would find, for a document known by its line facts (lineFacts.ts). */
export function rememberWalk(doc: object, found: Walked): void {
  walked.set(doc, found)
}

function walk(doc: object): Walked {
  let found = walked.get(doc)
  if (!found) {
    found = collect(doc)
    walked.set(doc, found)
  }
  return found
}

/** An explicit stack, not recursion: a document nested 100,000 levels deep must not overflow. */
function collect(doc: object): Walked {
  const strong = new Set<string>()
  const all = new Set<string>()
  let depth = 0
  const values: object[] = [doc]
  const depths: number[] = [1]
  while (values.length > 0) {
    const value = values.pop() as object
    const level = depths.pop() as number
    if (level > depth) depth = level
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'object' && item !== null) {
          values.push(item)
          depths.push(level + 1)
        }
      }
      continue
    }
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string') {
      all.add(record._ref)
      if (record._weak !== true) strong.add(record._ref)
    }
    for (const key in record) {
      const child = record[key]
      if (typeof child === 'object' && child !== null) {
        values.push(child)
        depths.push(level + 1)
      }
    }
  }
  return {strong, all, depth}
}

/** The tumours a kit lists as "available for", in its order. */
export function listedTumours(kit: SanityDoc): string[] {
  return ((kit.availableFor as {_ref?: string}[] | undefined) ?? []).flatMap((r) => r._ref ?? [])
}
