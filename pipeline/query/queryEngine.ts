import {isReference} from '@sanity/types'
import {type ExprNode, evaluateSync, parse, toJS} from 'groq-js'
import {kitPageQuery, sourcesQuery, tumourPageQuery} from '../../queries/exportQueries.ts'
import type {
  KitPageQueryResult,
  SourcesQueryResult,
  TumourPageQueryResult,
} from '../../sanity.types.ts'
import {referencesOf} from '../references.ts'
import type {SanityDoc} from '../types.ts'

export interface QueryEngineOptions {
  /** The value of `now()`; fixed so that the same input gives the same output. */
  timestamp: Date
}

/**
 * Evaluates the shared GROQ queries with groq-js against the documents of one perspective.
 *
 * Two things keep this linear in the size of the dataset:
 *  - `->` resolves through an `_id` Map instead of groq-js's default scan of the dataset;
 *  - each page query runs once per document with `*` bound to only that document plus the
 *    documents its sub-queries could match: for a tumour's `*[_type == "kitProduct" &&
 *    references(^._id)]`, the kits that reference it. No other document could ever match,
 *    so the result is the same as evaluating against the whole dataset.
 */
export class QueryEngine {
  readonly #byId: Map<string, SanityDoc>
  readonly #byType = new Map<string, SanityDoc[]>()
  /** Kits by the ids they reference (weak references included, as GROQ's references() does). */
  #kitsReferencing: Map<string, SanityDoc[]> | undefined
  readonly #timestamp: Date
  readonly #trees = new Map<string, ExprNode>()
  readonly #dereference = ({_ref}: {_ref: string}) => this.#byId.get(_ref) ?? null

  constructor(documents: SanityDoc[], {timestamp}: QueryEngineOptions) {
    this.#byId = new Map(documents.map((doc) => [doc._id, doc]))
    for (const doc of documents) {
      const list = this.#byType.get(doc._type)
      if (list) list.push(doc)
      else this.#byType.set(doc._type, [doc])
    }
    this.#timestamp = timestamp
  }

  document(id: string): SanityDoc | undefined {
    return this.#byId.get(id)
  }

  ofType(type: string): readonly SanityDoc[] {
    return this.#byType.get(type) ?? []
  }

  /**
   * A tumour page as the dataset stands, or, given the page's approved closure (its documents,
   * see closureDocuments), as it was approved.
   */
  tumourPage(id: string, closure?: readonly SanityDoc[]): TumourPageQueryResult {
    if (closure) return this.#runIn(tumourPageQuery, closure, {id}) as TumourPageQueryResult
    return this.#run(tumourPageQuery, [...this.#one(id), ...this.#kitViewsOf(id)], {
      id,
    }) as TumourPageQueryResult
  }

  /** The kits a tumour page lists: every kit that references it, weakly or not. */
  kitIdsOf(id: string): string[] {
    return this.#kitViewsOf(id).map((kit) => kit._id)
  }

  #kitViewsOf(id: string): SanityDoc[] {
    if (!this.#kitsReferencing) {
      this.#kitsReferencing = new Map()
      for (const kit of this.ofType('kitProduct')) {
        const views = kitViews(kit)
        for (const ref of referencesOf(kit).all) {
          const view = views.get(ref) ?? kit
          const list = this.#kitsReferencing.get(ref)
          if (list) list.push(view)
          else this.#kitsReferencing.set(ref, [view])
        }
      }
    }
    return this.#kitsReferencing.get(id) ?? []
  }

  /** A kit page as the dataset stands, or as approved (given its closure's documents). */
  kitPage(id: string, closure?: readonly SanityDoc[]): KitPageQueryResult {
    if (closure) return this.#runIn(kitPageQuery, closure, {id}) as KitPageQueryResult
    return this.#run(kitPageQuery, this.#one(id), {id}) as KitPageQueryResult
  }

  /** The sources query over the given source documents (the versions the exported pages show). */
  sources(documents: readonly SanityDoc[] = this.ofType('source')): SourcesQueryResult {
    return this.#run(sourcesQuery, documents, {}) as SourcesQueryResult
  }

  /** Evaluates against a small dataset of its own, `->` included (an approved closure). */
  #runIn(query: string, documents: readonly SanityDoc[], params: Record<string, unknown>) {
    const byId = new Map(documents.map((doc) => [doc._id, doc]))
    return this.#run(query, documents, params, ({_ref}) => byId.get(_ref) ?? null)
  }

  #one(id: string): SanityDoc[] {
    const doc = this.#byId.get(id)
    return doc ? [doc] : []
  }

  #run(
    query: string,
    dataset: readonly SanityDoc[],
    params: Record<string, unknown>,
    dereference = this.#dereference,
  ): unknown {
    let tree = this.#trees.get(query)
    if (!tree) {
      tree = parse(query)
      this.#trees.set(query, tree)
    }
    // The synchronous evaluator: every dereference here is a Map lookup, so groq-js's async
    // one would only add promise and generator overhead.
    const result = evaluateSync(tree, {
      dataset,
      params,
      timestamp: this.#timestamp,
      identity: 'export',
      dereference,
    })
    return toJS(result)
  }
}

/**
 * A kit as each tumour's kit list sees it: every top-level list of references cut down to the
 * references to that tumour. A kit lists up to thousands of tumours, and groq-js's
 * `references()` scans the list for every page it is asked about, which made the page query
 * grow with the number of pages. The kit list projects the kit's own fields, never those
 * lists; test/export/queryEngine.test.ts holds every page to groq-js over the whole dataset,
 * so a query that starts to read them fails there. A tumour the kit references only deeper
 * down (not as a list item) gets the whole kit.
 */
function kitViews(kit: SanityDoc): Map<string, SanityDoc> {
  const lists = Object.keys(kit).filter(
    (field) => Array.isArray(kit[field]) && (kit[field] as unknown[]).some(isReference),
  )
  const byRef = new Map<string, Record<string, unknown[]>>()
  for (const field of lists) {
    for (const item of kit[field] as unknown[]) {
      if (!isReference(item)) continue
      let cut = byRef.get(item._ref)
      if (!cut) {
        cut = Object.fromEntries(lists.map((name) => [name, []]))
        byRef.set(item._ref, cut)
      }
      ;(cut[field] as unknown[]).push(item)
    }
  }
  return new Map([...byRef].map(([ref, cut]) => [ref, {...kit, ...cut}]))
}
