import {LakeHttpError, readJsonBody} from './http.ts'
import {parsePerspective, queryParams, readable, runQuery} from './query.ts'
import type {Route} from './router.ts'
import type {DocumentStore} from './store.ts'

interface QueryBody {
  query?: unknown
  params?: Record<string, unknown>
  perspective?: string
}

/** `/data/query` (GET, or POST for long queries) and `/data/doc`: reads, as the user may read. */
export function readRoutes(store: DocumentStore): Route[] {
  return [
    {
      method: 'GET',
      template: '/data/query/:dataset',
      auth: 'user',
      async handle({query, user, apiVersion}) {
        const text = query.get('query')
        if (!text) throw new LakeHttpError(400, 'The query parameter "query" is missing.')
        const perspective = parsePerspective(query.get('perspective'), apiVersion)
        const params = queryParams(query)
        const result = await runQuery(store.all(), user, {query: text, params, perspective})
        return {query: text, result, ms: 0}
      },
    },
    {
      method: 'POST',
      template: '/data/query/:dataset',
      auth: 'user',
      async handle({req, query, user, apiVersion}) {
        const body = (await readJsonBody(req)) as QueryBody | undefined
        if (typeof body?.query !== 'string') throw new LakeHttpError(400, 'The body needs a query.')
        const perspective = parsePerspective(
          body.perspective ?? query.get('perspective'),
          apiVersion,
        )
        const params = body.params ?? {}
        const result = await runQuery(store.all(), user, {query: body.query, params, perspective})
        return {query: body.query, result, ms: 0}
      },
    },
    {
      method: 'GET',
      template: '/data/doc/:dataset/:ids',
      auth: 'user',
      handle({params, user}) {
        const ids = (params.ids ?? '').split(',')
        const allowed = new Set(readable(store.all(), user).map((doc) => doc._id))
        return {
          documents: ids.flatMap((id) => (allowed.has(id) ? [store.get(id)] : [])),
          omitted: ids.flatMap((id) =>
            allowed.has(id) ? [] : [{id, reason: store.get(id) ? 'permission' : 'existence'}],
          ),
        }
      },
    },
  ]
}
