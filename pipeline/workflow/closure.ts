import {isRecord} from '../types.ts'
import {canonicalDocument, contentOf} from './canonical.ts'
import {type ClosureDecoder, decodeClosure} from './closureCodec.ts'

/**
 * A page's content closure: the page plus what it shows of every other document, which is what
 * a review approves. Its canonical JSON is hashed (the statements' contentHash) and kept with
 * the approval, so the export can render the page exactly as approved whatever changes later.
 */
export interface Closure {
  v: 1
  /** The page's content, without system fields. */
  page: Record<string, unknown>
  /** Each document the page references, as the page shows it (null when it does not exist). */
  references: Record<string, Record<string, unknown> | null>
  /** Documents that reference the page and that it lists (the kits on a tumour page). */
  referencedBy: Record<string, Record<string, unknown>>
}

type Doc = Readonly<Record<string, unknown>> & {_id: string; _type: string}

/** Where the closure's documents come from: the published documents, for the export and the Studio. */
export interface ClosureLookup {
  get(id: string): Doc | undefined
  /** Documents of `type` that reference `id`, weakly or not, anywhere in their content. */
  referencing(id: string, type: string): readonly Doc[]
}

/**
 * What a page of each type shows of other documents: every field ('all') or named fields. A
 * referenced type missing here counts as 'all'. test/workflow/closure.test.ts holds the export's
 * page queries to these: a page evaluated over its closure alone equals the page over the dataset.
 */
export const SHOWN: Record<
  string,
  {
    references: Record<string, readonly string[] | 'all'>
    referencedBy: Record<string, readonly string[]>
  }
> = {
  tumour: {
    references: {source: 'all'},
    referencedBy: {kitProduct: ['callToAction', 'name', 'slug', 'tagline']},
  },
  kitProduct: {references: {tumour: ['name', 'slug', 'summary']}, referencedBy: {}},
}

/** Field names are kept sorted so that the canonical form needs no second copy. */
function project(doc: Doc, fields: readonly string[] | 'all'): Record<string, unknown> {
  if (fields === 'all') return contentOf(doc)
  const shown: Record<string, unknown> = {_type: doc._type}
  for (const field of fields) if (doc[field] !== undefined) shown[field] = doc[field]
  return shown
}

/** Every `_ref` in a document, found without recursion (content can be deeply nested). */
export function referencedIds(doc: unknown): string[] {
  const ids = new Set<string>()
  const stack: unknown[] = [doc]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item)
      continue
    }
    const ref = (value as Record<string, unknown>)._ref
    if (typeof ref === 'string') ids.add(ref)
    for (const key in value) stack.push((value as Record<string, unknown>)[key])
  }
  return [...ids].sort()
}

/** The closure of `page` (a draft or published document) against the published documents. */
export function closureOf(page: Doc, pageId: string, lookup: ClosureLookup): Closure {
  const shown = SHOWN[page._type] ?? {references: {}, referencedBy: {}}
  const references: Closure['references'] = {}
  for (const id of referencedIds(page)) {
    const doc = lookup.get(id)
    references[id] = doc ? project(doc, shown.references[doc._type] ?? 'all') : null
  }
  const referencedBy: Closure['referencedBy'] = {}
  for (const [type, fields] of Object.entries(shown.referencedBy)) {
    for (const doc of lookup.referencing(pageId, type)) referencedBy[doc._id] = project(doc, fields)
  }
  return {v: 1, page: contentOf(page), references, referencedBy}
}

/** RFC 8785 text of a closure, built from each document's canonical form. */
export function closureText(closure: Closure): string {
  const map = (entries: Record<string, Record<string, unknown> | null>) =>
    `{${Object.keys(entries)
      .sort()
      .map((id) => {
        const doc = entries[id]
        return `${JSON.stringify(id)}:${doc === null || doc === undefined ? 'null' : canonicalDocument(doc)}`
      })
      .join(',')}}`
  return `{"page":${canonicalDocument(closure.page)},"referencedBy":${map(closure.referencedBy)},"references":${map(closure.references)},"v":1}`
}

/** Deeper than any page can be (the loader drops documents nested beyond 100 levels). */
const MAX_CLOSURE_DEPTH = 104

/**
 * Reads a closure kept with a statement; undefined when it is not one, or is nested deeper
 * than a page can be (the libraries that read it recurse).
 */
export function parseClosure(text: string): Closure | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (tooDeep(value, MAX_CLOSURE_DEPTH)) return undefined
  const shaped =
    isRecord(value) &&
    value.v === 1 &&
    isRecord(value.page) &&
    isRecord(value.references) &&
    isRecord(value.referencedBy)
  return shaped ? (value as unknown as Closure) : undefined
}

/**
 * The closure a statement keeps (encoded, see closureCodec.ts), decoded and read; only a run
 * that renders or compares the approved content calls it, never one that reuses verdicts.
 */
export async function readKeptClosure(
  encoded: string | undefined,
  decode: ClosureDecoder = decodeClosure,
): Promise<{ok: true; closure: Closure} | {ok: false; problem: string}> {
  if (encoded === undefined) return {ok: false, problem: 'the approval keeps no content'}
  const decoded = await decode(encoded)
  if (!decoded.ok) return decoded
  const closure = parseClosure(decoded.text)
  return closure ? {ok: true, closure} : {ok: false, problem: 'it is not a page closure'}
}

/**
 * The documents a closure stands for, ready for the page query: the page under its id, what
 * it references, and the documents that list it, each referencing the page again.
 */
export function closureDocuments(closure: Closure, pageId: string): Doc[] {
  const docs: Doc[] = [{...closure.page, _id: pageId} as Doc]
  for (const [id, doc] of Object.entries(closure.references))
    if (doc) docs.push({...doc, _id: id} as Doc)
  for (const [id, doc] of Object.entries(closure.referencedBy))
    docs.push({...doc, _id: id, listsPage: [{_type: 'reference', _ref: pageId}]} as unknown as Doc)
  return docs
}

/** What differs between two closures of one page: the page itself, and which shown documents. */
export function closureDrift(
  approved: Closure,
  current: Closure,
): {page: boolean; shown: string[]} {
  const same = (a: Record<string, unknown> | null | undefined, b: typeof a) =>
    (a == null) === (b == null) &&
    (a == null || canonicalDocument(a) === canonicalDocument(b as never))
  const shown = new Set<string>()
  for (const key of ['references', 'referencedBy'] as const) {
    const [a, b] = [approved[key], current[key]] as [
      Record<string, Record<string, unknown> | null>,
      typeof approved.references,
    ]
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (!(id in a) || !(id in b) || !same(a[id], b[id])) shown.add(id)
  }
  return {page: !same(approved.page, current.page), shown: [...shown].sort()}
}

/** True when objects and arrays nest deeper than `limit`; an explicit stack, so it cannot overflow. */
function tooDeep(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, depth] = next
    if (typeof value !== 'object' || value === null) continue
    if (depth > limit) return true
    for (const child of Object.values(value)) stack.push([child, depth + 1])
  }
  return false
}
