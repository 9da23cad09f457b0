import {nestingDepth, referencesOf} from '../references.ts'
import {isRecord, type SanityDoc} from '../types.ts'
import type {CacheSpace} from '../write/cacheShards.ts'

/**
 * What a run with nothing changed reads of a tumour page, taken from its NDJSON line and cached
 * under the line's sha256 (LINE_FACTS): the next run then need not parse that line at all
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
export type LineFactsCache = Map<string, LineFacts>

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

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

/**
 * Whether a cached entry has the shape of line facts: the cache is read from the output
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

/**
 * Line facts in the export's cache. They are kept for FACT_FIELDS: facts without a field that
 * is now read that way would answer "absent" for it, so other fields make another space.
 */
export const LINE_FACTS: CacheSpace<LineFacts> = {
  name: 'line-facts',
  qualifier: FACT_FIELDS.join('\n'),
  isValue: isLineFacts,
}
