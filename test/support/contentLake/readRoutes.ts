import {LakeHttpError, NotModelled, readJsonBody} from './http.ts'
import {parsePerspective, queryParams, readable, runQuery} from './query.ts'
import {type Route, STREAMING} from './router.ts'
import type {DocumentStore} from './store.ts'

interface QueryBody {
  query?: unknown
  params?: Record<string, unknown>
  perspective?: string
}

/**
 * `/data/export`: every document the user may read, drafts included, one JSON line each in
 * `_id` order, as `sanity dataset export` and the pipeline's live source (--source sanity)
 * read it. Filtering by `types` is not modelled.
 */
const exportRoute = (store: DocumentStore): Route => ({
  method: 'GET',
  template: '/data/export/:dataset',
  auth: 'user',
  handle({query, user, res}) {
    const options = [...query.keys()]
    if (options.length > 0) throw new NotModelled(`export options ${options.join(', ')}`, 400)
    const docs = readable(store.all(), user).sort((a, b) => (a._id < b._id ? -1 : 1))
    const body = docs.map((doc) => `${JSON.stringify(doc)}\n`).join('')
    res.writeHead(200, {
      'content-type': 'application/x-ndjson',
      'content-length': Buffer.byteLength(body),
    })
    res.end(body)
    return STREAMING
  },
})

/**
 * `/data/query` (GET, or POST for long queries), `/data/doc` and `/data/export`: reads, as the
 * user may read.
 */
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
    exportRoute(store),
  ]
}
