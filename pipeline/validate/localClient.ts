import type {ValidationClient} from '@sanity/validation'
import {type ExprNode, evaluateSync, parse, toJS} from 'groq-js'
import type {SanityDoc} from '../types.ts'

/**
 * A stand-in for @sanity/client that answers the queries the Studio's validation rules make
 * (slug uniqueness, reference lookups, custom rules) from an in-memory dataset, evaluated
 * with real GROQ semantics by groq-js.
 *
 * groq-js scans the whole dataset for `*[…]`. The two query shapes that validation issues
 * for every document are narrowed first, which gives the same answer because the filter
 * could only ever match the narrowed documents:
 *   - `*[_id == $id]…`          → the one document with that id
 *   - `… slug.current == $slug` → the documents with that slug (the slug-uniqueness rule)
 */
export class LocalDatasetClient {
  readonly #byId: Map<string, SanityDoc>
  readonly #all: SanityDoc[]
  #bySlug: Map<string, SanityDoc[]> | undefined
  readonly #trees = new Map<string, ExprNode>()

  constructor(documents: Iterable<SanityDoc>) {
    this.#all = [...documents]
    this.#byId = new Map(this.#all.map((doc) => [doc._id, doc]))
  }

  has(id: string): boolean {
    return this.#byId.has(id)
  }

  get(id: string): SanityDoc | undefined {
    return this.#byId.get(id)
  }

  async fetch<R = unknown>(query: string, params: Record<string, unknown> = {}): Promise<R> {
    let tree = this.#trees.get(query)
    if (!tree) {
      tree = parse(query)
      this.#trees.set(query, tree)
    }
    // The synchronous evaluator gives the same result as groq-js's async one without its
    // promise overhead; nothing here waits on I/O.
    return toJS(evaluateSync(tree, {dataset: this.#candidates(query, params), params})) as R
  }

  #candidates(query: string, params: Record<string, unknown>): SanityDoc[] {
    if (/^\s*\*\[\s*_id\s*==\s*\$id\s*\]/.test(query) && typeof params.id === 'string') {
      const doc = this.#byId.get(params.id)
      return doc ? [doc] : []
    }
    if (/\bslug\.current\s*==\s*\$slug\b/.test(query) && typeof params.slug === 'string') {
      this.#bySlug ??= indexBySlug(this.#all)
      return this.#bySlug.get(params.slug) ?? []
    }
    return this.#all
  }

  /** The subset of the client interface that @sanity/validation calls. */
  asValidationClient(): ValidationClient {
    const client = {
      fetch: (query: string, params?: Record<string, unknown>) => this.fetch(query, params),
      withConfig: () => client,
      getDataUrl: (operation: string, path?: string) => `local://data/${operation}/${path ?? ''}`,
      observable: {
        fetch: () => {
          throw new Error('LocalDatasetClient: observable.fetch is not supported')
        },
        request: () => {
          throw new Error('LocalDatasetClient: observable.request is not supported')
        },
      },
    }
    return client as unknown as ValidationClient
  }
}

function indexBySlug(documents: SanityDoc[]): Map<string, SanityDoc[]> {
  const index = new Map<string, SanityDoc[]>()
  for (const doc of documents) {
    const current = (doc.slug as {current?: unknown} | undefined)?.current
    if (typeof current !== 'string') continue
    const list = index.get(current)
    if (list) list.push(doc)
    else index.set(current, [doc])
  }
  return index
}
