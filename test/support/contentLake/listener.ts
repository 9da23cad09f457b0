import {randomBytes} from 'node:crypto'
import type {ExprNode} from 'groq-js'
import type {SanityDoc} from '../../../pipeline/types.ts'
import {NotModelled} from './http.ts'
import {parseQuery, queryParams, selects} from './query.ts'
import {permits} from './roles.ts'
import {type Route, type RouteContext, STREAMING} from './router.ts'
import type {CommittedTransaction, DocumentStore, DocumentWrite} from './store.ts'
import type {LakeUser} from './users.ts'

interface ListenOptions {
  tree: ExprNode
  params: Record<string, unknown>
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  includeAllVersions: boolean
  mendoza: boolean
  visibility: string
}

const flag = (query: URLSearchParams, name: string, fallback: boolean) =>
  query.has(name) ? query.get(name) === 'true' : fallback

/** The listener options @sanity/client sends (sanity 6.16.0); others are not modelled. */
const KNOWN_OPTIONS = new Set([
  'query',
  'tag',
  'includeResult',
  'includePreviousRevision',
  'includeMutations',
  'includeAllVersions',
  'visibility',
  'effectFormat',
  'enableResume',
  'events',
])

function listenOptions(query: URLSearchParams): ListenOptions {
  for (const key of query.keys()) {
    if (!key.startsWith('$') && !KNOWN_OPTIONS.has(key)) {
      throw new NotModelled(`The listener option "${key}" is not modelled.`)
    }
  }
  const effectFormat = query.get('effectFormat')
  if (effectFormat !== null && effectFormat !== 'mendoza') {
    throw new NotModelled(`The effect format "${effectFormat}" is not modelled.`)
  }
  const params = queryParams(query)
  return {
    tree: parseQuery(query.get('query') ?? '*', params),
    params,
    // @sanity/client drops false options from the URL (includeMutations excepted), so an
    // absent flag means false; the client itself sends includeResult=true by default.
    includeResult: flag(query, 'includeResult', false),
    includePreviousRevision: flag(query, 'includePreviousRevision', false),
    includeMutations: flag(query, 'includeMutations', true),
    includeAllVersions: flag(query, 'includeAllVersions', false),
    mendoza: effectFormat === 'mendoza',
    visibility: query.get('visibility') ?? 'transaction',
  }
}

const withoutRev = (doc: SanityDoc | null) => {
  if (!doc) return null
  const {_rev, ...rest} = doc
  return rest
}

/** What this listener sees of a document: nothing it may not read, no versions unless asked. */
function seen(doc: SanityDoc | null, user: LakeUser, options: ListenOptions): SanityDoc | null {
  if (!doc) return null
  if (!options.includeAllVersions && doc._id.startsWith('versions.')) return null
  return permits(user.role, 'read', doc, user.id) ? doc : null
}

async function transition(write: DocumentWrite, user: LakeUser, options: ListenOptions) {
  const before = seen(write.before, user, options)
  const after = seen(write.after, user, options)
  const was = before !== null && (await selects(options.tree, before, options.params, user.id))
  const is = after !== null && (await selects(options.tree, after, options.params, user.id))
  if (!was && !is) return undefined
  return {before, after, transition: was && is ? 'update' : is ? 'appear' : 'disappear'}
}

/**
 * The events one listener gets for one transaction. Effects are whole-document mendoza
 * patches (`[0, value]` replaces the value), which the Studio applies like real diffs.
 */
async function eventsFor(tx: CommittedTransaction, user: LakeUser, options: ListenOptions) {
  const matched = []
  for (const write of tx.writes) {
    const change = await transition(write, user, options)
    if (change) matched.push({write, ...change})
  }
  return matched.map(({write, before, after, transition}, index) => ({
    eventId: `${tx.transactionId}#${write.id}`,
    documentId: write.id,
    transactionId: tx.transactionId,
    transition,
    identity: tx.identity,
    timestamp: tx.timestamp,
    visibility: options.visibility,
    previousRev: write.before?._rev,
    resultRev: write.after?._rev ?? tx.transactionId,
    transactionTotalEvents: matched.length,
    transactionCurrentEvent: index + 1,
    ...(options.includeMutations ? {mutations: write.mutations} : {}),
    ...(options.includeResult && after ? {result: after} : {}),
    ...(options.includePreviousRevision && before ? {previous: before} : {}),
    ...(options.mendoza
      ? {effects: {apply: [0, withoutRev(after)], revert: [0, withoutRev(before)]}}
      : {}),
  }))
}

/** `GET /data/listen/<ds>`: server-sent events, `welcome` first, then `mutation` events. */
export function listenRoute(store: DocumentStore, report: (problem: string) => void): Route {
  return {
    method: 'GET',
    template: '/data/listen/:dataset',
    auth: 'user',
    handle({res, req, query, user}: RouteContext) {
      const options = listenOptions(query)
      res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'})
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      send('welcome', {listenerName: `stand-in-${randomBytes(6).toString('hex')}`})
      // Commits are announced in order; events for one are written before the next's.
      let queue = Promise.resolve()
      const stop = store.onCommit((tx) => {
        queue = queue
          .then(async () => {
            for (const event of await eventsFor(tx, user, options)) send('mutation', event)
          })
          .catch((error: Error) => {
            report(`listener ${query.get('query')}: ${error.message}`)
            res.end('')
          })
      })
      req.on('close', stop)
      return STREAMING
    },
  }
}
