import {createSecureServer} from 'node:http2'
import type {AddressInfo, Socket} from 'node:net'
import {fileURLToPath} from 'node:url'
import type {SanityDoc} from '../../../pipeline/types.ts'
import {actionsRoute} from './actions.ts'
import {
  allowCors,
  answerPreflight,
  LakeHttpError,
  NotModelled,
  type RawRequest,
  type RawResponse,
  sendError,
  sendJson,
} from './http.ts'
import {listenRoute} from './listener.ts'
import {mutateRoute} from './mutate.ts'
import {PresenceRelay} from './presence.ts'
import {historyRoutes, productMessageRoutes, projectRoutes, statusRoutes} from './project.ts'
import {readRoutes} from './readRoutes.ts'
import {ROLES, type Role} from './roles.ts'
import {findRoute, type Route, STREAMING, splitApiVersion} from './router.ts'
import {DocumentStore, type LakeDocument, loadNdjsonFile} from './store.ts'
import {testCertificate} from './tls.ts'
import {DEFAULT_USERS, type LakeUser, UserDirectory, type UserSpec} from './users.ts'
import {addWebhook, type Webhook, type WebhookSpec} from './webhooks.ts'

export const PRODUCTION_NDJSON = fileURLToPath(
  new URL('../../../content/production.ndjson', import.meta.url),
)

export interface ContentLakeOptions {
  projectId?: string
  dataset?: string
  /** The NDJSON export to start from (default: content/production.ndjson); null for none. */
  ndjson?: string | null
  /** Documents added to (or replacing, by `_id`) those of the NDJSON. */
  documents?: SanityDoc[]
  users?: readonly UserSpec[]
  /** Roles besides Sanity's standard ones (roles.ts), for the `users` to hold. */
  roles?: Record<string, Role>
  /** Origins the browser may call from (the Studio's); more can be added with `allowOrigin`. */
  allowedOrigins?: string[]
}

/** A request the stand-in did not recognise, or used in a way it does not model. */
export interface UnrecognisedRequest {
  method: string
  path: string
  reason: string
}

export interface LoggedRequest {
  method: string
  path: string
  /** The handle of the user whose token came with it. */
  user: string | undefined
  status: number
}

export interface ContentLake {
  /** `https://localhost:<port>`: the `apiHost` for the Studio and for @sanity/client. */
  apiHost: string
  projectId: string
  dataset: string
  store: DocumentStore
  users: UserDirectory
  /** Every request, in order of arrival. */
  requests: LoggedRequest[]
  /** Requests it did not recognise; a test must end with none (see `assertAllRecognised`). */
  unrecognised: UnrecognisedRequest[]
  tokenFor(handle: string): string
  document(id: string): LakeDocument | undefined
  allowOrigin(origin: string): void
  /** Sends a signed request to `spec.url` for every matching change from now on (webhooks.ts). */
  addWebhook(spec: WebhookSpec): Webhook
  /** Throws, listing them, if any request was not recognised. */
  assertAllRecognised(): void
  close(): Promise<void>
}

interface Dispatch {
  routes: Route[]
  users: UserDirectory
  allowedOrigins: string[]
  project: {projectId: string; dataset: string}
  log: LoggedRequest[]
  reject: (method: string, path: string, reason: string) => void
}

/** Ids in the path must name this project and dataset: another one means a protocol change. */
function checkIds(
  params: Record<string, string>,
  project: Dispatch['project'],
): string | undefined {
  if (params.projectId !== undefined && params.projectId !== project.projectId) {
    return `unknown project "${params.projectId}"`
  }
  if (params.dataset !== undefined && params.dataset !== project.dataset) {
    return `unknown dataset "${params.dataset}"`
  }
  return undefined
}

async function dispatch(d: Dispatch, req: RawRequest, res: RawResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://stand-in')
  const method = req.method ?? 'GET'
  const entry: LoggedRequest = {method, path: url.pathname, user: undefined, status: 0}
  d.log.push(entry)
  res.on('finish', () => {
    entry.status = res.statusCode
  })
  if (!allowCors(req.headers, res, d.allowedOrigins)) {
    d.reject(method, url.pathname, `origin ${req.headers.origin} is not allowed`)
    return sendError(res, new LakeHttpError(403, 'CORS origin not allowed'))
  }
  if (method === 'OPTIONS') return answerPreflight(req.headers, res)
  const versioned = splitApiVersion(url.pathname)
  const match = versioned && findRoute(d.routes, method, versioned.path)
  const wrongIds = match && checkIds(match.params, d.project)
  if (!versioned || !match || wrongIds) {
    d.reject(method, url.pathname, wrongIds ?? 'no such endpoint in the stand-in')
    return sendError(res, new LakeHttpError(404, `The stand-in has no ${method} ${url.pathname}`))
  }
  try {
    const user = d.users.fromHeaders(req.headers)
    entry.user = user?.handle
    if (match.route.auth === 'user' && !user) {
      throw new LakeHttpError(401, 'Authentication required', 'unauthorized')
    }
    const context = {req, res, params: match.params, query: url.searchParams, user}
    const result = await match.route.handle({
      ...context,
      apiVersion: versioned.apiVersion,
      user: user as LakeUser,
    })
    if (result !== STREAMING) sendJson(res, 200, result)
  } catch (error) {
    if (error instanceof NotModelled) d.reject(method, url.pathname, error.message)
    if (error instanceof LakeHttpError) return sendError(res, error)
    d.reject(method, url.pathname, `stand-in failure: ${(error as Error).stack}`)
    sendError(res, new LakeHttpError(500, String(error)))
  }
}

async function initialDocuments(options: ContentLakeOptions): Promise<SanityDoc[]> {
  const ndjson = options.ndjson === undefined ? PRODUCTION_NDJSON : options.ndjson
  const byId = new Map<string, SanityDoc>()
  for (const doc of ndjson ? await loadNdjsonFile(ndjson) : []) byId.set(doc._id, doc)
  for (const doc of options.documents ?? []) byId.set(doc._id, doc)
  return [...byId.values()]
}

/**
 * Starts the Content Lake stand-in on 127.0.0.1: HTTP/2 over TLS (HTTP/1.1 too, for the
 * presence websocket and Node clients), with the test-only certificate. See README.md.
 */
export async function startContentLake(options: ContentLakeOptions = {}): Promise<ContentLake> {
  const project = {
    projectId: options.projectId ?? 'oncodemo',
    dataset: options.dataset ?? 'production',
  }
  const store = new DocumentStore(await initialDocuments(options))
  const users = new UserDirectory(options.users ?? DEFAULT_USERS, {...ROLES, ...options.roles})
  const unrecognised: UnrecognisedRequest[] = []
  const reject = (method: string, path: string, reason: string) =>
    unrecognised.push({method, path, reason})
  const report = (problem: string) => reject('-', '-', problem)
  const presence = new PresenceRelay(users, report)
  const d: Dispatch = {
    routes: [
      ...readRoutes(store),
      listenRoute(store, report),
      mutateRoute(store),
      actionsRoute(store),
      ...projectRoutes(project, users),
      ...statusRoutes(),
      ...productMessageRoutes(),
      ...historyRoutes(),
    ],
    users,
    allowedOrigins: [...(options.allowedOrigins ?? [])],
    project,
    log: [],
    reject,
  }
  const server = createSecureServer({...testCertificate, allowHTTP1: true}, (req, res) => {
    void dispatch(d, req, res)
  })
  server.on('upgrade', (req, socket, head) => {
    d.log.push({method: 'UPGRADE', path: req.url ?? '', user: undefined, status: 101})
    const path = splitApiVersion(new URL(req.url ?? '/', 'https://x').pathname)?.path
    if (path === `/socket/${project.dataset}`) return presence.upgrade(req, socket, head)
    reject('UPGRADE', req.url ?? '', 'no such websocket in the stand-in')
    socket.destroy()
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  const webhooks: Webhook[] = []
  return {
    apiHost: `https://localhost:${port}`,
    ...project,
    store,
    users,
    requests: d.log,
    unrecognised,
    tokenFor: (handle) => users.tokenFor(handle),
    document: (id) => store.get(id),
    allowOrigin: (origin) => void d.allowedOrigins.push(origin),
    addWebhook(spec) {
      const webhook = addWebhook(store, project, spec)
      webhooks.push(webhook)
      return webhook
    },
    assertAllRecognised() {
      if (unrecognised.length === 0) return
      const list = unrecognised.map((r) => `  ${r.method} ${r.path}: ${r.reason}`).join('\n')
      throw new Error(`The Content Lake stand-in did not recognise:\n${list}`)
    },
    async close() {
      for (const webhook of webhooks) webhook.remove()
      presence.close()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
