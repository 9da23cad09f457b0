import {evaluate, parse} from 'groq-js'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'

/**
 * A Content Lake in memory for the Studio's review code: GROQ answered by groq-js over the
 * documents under the asked perspective (published hides drafts; raw shows all), `create` as
 * the Content Lake does it (an existing id is refused), and listeners told of every write.
 * Works in Node and in the browser.
 */
export function groqLake(initial: readonly SanityDoc[]) {
  let documents = [...initial]
  const created: SanityDoc[] = []
  const listeners = new Set<(event: unknown) => void>()
  const queries: string[] = []
  const notify = () => {
    for (const listener of listeners) listener({type: 'mutation'})
  }
  const client = {
    async fetch<T>(
      query: string,
      params: Record<string, unknown> = {},
      options: {perspective?: 'published' | 'raw'} = {},
    ): Promise<T> {
      queries.push(query)
      const dataset =
        options.perspective === 'raw' ? documents : applyPerspective(documents, 'published')
      return (await (await evaluate(parse(query, {params}), {dataset, params})).get()) as T
    },
    async create<D extends {_id: string}>(doc: D): Promise<D> {
      if (documents.some((d) => d._id === doc._id))
        throw new Error(`Document by ID "${doc._id}" already exists`)
      documents = [...documents, doc as unknown as SanityDoc]
      created.push(doc as unknown as SanityDoc)
      notify()
      return doc
    },
    listen: () => ({
      subscribe: ({next}: {next: (event: unknown) => void}) => {
        listeners.add(next)
        return {unsubscribe: () => listeners.delete(next)}
      },
    }),
  }
  return {
    client,
    created,
    queries,
    get documents() {
      return documents
    },
    /** The statements filed under a page (by their index reference, as the Studio queries them). */
    statementsOf(pageId: string): SanityDoc[] {
      return documents.filter(
        (d) => d._type === 'reviewStatement' && (d.document as {_ref?: string})?._ref === pageId,
      )
    },
    /** Deletes documents, as the Studio's publish does with the draft it published. */
    remove(...ids: string[]) {
      documents = documents.filter((d) => !ids.includes(d._id))
      notify()
    },
    /** Replaces or adds documents, as another editor or an attacker with a token would. */
    put(...docs: SanityDoc[]) {
      const ids = new Set(docs.map((d) => d._id))
      documents = [...documents.filter((d) => !ids.has(d._id)), ...docs]
      notify()
    },
  }
}

export type GroqLake = ReturnType<typeof groqLake>

export const parseNdjson = (text: string): SanityDoc[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SanityDoc)
