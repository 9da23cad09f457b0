import {nestingDepth, referencesOf} from '../references.ts'
import {isRecord, type SanityDoc} from '../types.ts'

/**
 * What a run with nothing changed reads of a tumour page, taken from its NDJSON line and kept
 * in the manifest under the line's sha256: the next run then need not parse that line at all
 * (see lazyDocument.ts). Tumour pages are two thirds of a dataset's bytes, and a run that
 * renders none of them reads only these: ids and slug (integrity, file names), the newest
 * edit (GROQ's now()), references (fingerprints, closures), and the name, slug and summary
 * that a kit's closure shows of every page it lists.
 */
export interface LineFacts {
  /** The document's own values of FACT_FIELDS, those it has: exact copies from the line. */
  fields: Record<string, unknown>
  /** Ids of its strong references, and of the references that are only weak. */
  strong: string[]
  weak: string[]
  /** How deeply it nests (see nestingDepth). */
  depth: number
}

/** Line facts by the sha256 of the line. */
export type LineFactsCache = Record<string, LineFacts>

/** Line facts as the manifest keeps them, with the fields they hold. */
export interface LineFactsMemory {
  /** FACT_FIELDS when they were taken: facts taken for other fields are not used. */
  fields: string[]
  byLine: LineFactsCache
}

/** The top-level fields read from a page without parsing it (any other read parses it). */
export const FACT_FIELDS: readonly string[] = [
  '_id',
  '_type',
  '_updatedAt',
  'slug',
  'name',
  'summary',
]

/** The types worth keeping unparsed: pages are large, and a run that renders none reads only their facts. */
export const LAZY_TYPES: ReadonlySet<string> = new Set(['tumour'])

/** The facts of a document, parsed or lazy (a lazy one answers them all without parsing). */
export function factsOf(doc: SanityDoc): LineFacts {
  const fields: Record<string, unknown> = {}
  // JSON holds no undefined, so a defined value is an own field (and asks a lazy page for no more).
  for (const key of FACT_FIELDS) if (doc[key] !== undefined) fields[key] = doc[key]
  const {strong, all} = referencesOf(doc)
  return {
    fields,
    strong: [...strong],
    weak: [...all].filter((id) => !strong.has(id)),
    depth: nestingDepth(doc),
  }
}

/** Line facts for the manifest. */
export const factsMemory = (byLine: LineFactsCache): LineFactsMemory => ({
  fields: [...FACT_FIELDS],
  byLine,
})

/**
 * The last run's line facts, when they hold the fields this code reads without parsing: facts
 * without a field that is now read that way would answer "absent" for it.
 */
export function usableFacts(memory: unknown): LineFactsCache | undefined {
  if (!isRecord(memory) || !isRecord(memory.byLine) || !Array.isArray(memory.fields))
    return undefined
  const {fields} = memory
  const same =
    fields.length === FACT_FIELDS.length && FACT_FIELDS.every((field, i) => fields[i] === field)
  return same ? (memory.byLine as LineFactsCache) : undefined
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

/**
 * Whether a manifest's entry has the shape of line facts: the manifest is read from the output
 * folder, and an entry that does not fit is ignored (its line is parsed).
 */
export function isLineFacts(value: unknown): value is LineFacts {
  if (!isRecord(value) || !isRecord(value.fields)) return false
  const {_id, _type} = value.fields
  return (
    typeof _id === 'string' &&
    typeof _type === 'string' &&
    LAZY_TYPES.has(_type) &&
    isStrings(value.strong) &&
    isStrings(value.weak) &&
    Number.isInteger(value.depth)
  )
}
