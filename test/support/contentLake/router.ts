import type {RawRequest, RawResponse} from './http.ts'
import type {LakeUser} from './users.ts'

export interface RouteContext {
  req: RawRequest
  res: RawResponse
  /** The `:name` segments of the route's template, decoded. */
  params: Record<string, string>
  query: URLSearchParams
  apiVersion: string
  /** Present when the route needs a user (`auth: 'user'`). */
  user: LakeUser
}

/** Returned by a handler that wrote its own response (server-sent events). */
export const STREAMING = Symbol('streaming')

export interface Route {
  method: 'GET' | 'POST' | 'PUT'
  /** Path after `/v<apiVersion>`, e.g. `/data/query/:dataset`; `*rest` takes the remainder. */
  template: string
  /** `user`: a valid token is required (401 otherwise). */
  auth: 'user' | 'anyone'
  /** The JSON body of a 200 answer, or STREAMING. Throw LakeHttpError for anything else. */
  handle: (context: RouteContext) => unknown
}

export interface RouteMatch {
  route: Route
  params: Record<string, string>
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/')
  const have = path.split('/')
  const params: Record<string, string> = {}
  for (const [i, segment] of want.entries()) {
    if (segment.startsWith('*')) {
      params[segment.slice(1)] = have.slice(i).map(decodeURIComponent).join('/')
      return have.length > i ? params : undefined
    }
    const actual = have[i]
    if (actual === undefined) return undefined
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual)
    else if (segment !== actual) return undefined
  }
  return have.length === want.length ? params : undefined
}

/** The first route whose method and template match; templates are tried in order. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue
    const params = matchTemplate(route.template, path)
    if (params) return {route, params}
  }
  return undefined
}

/** `/v2025-02-19/data/query/x` → version and rest; the Studio uses dated versions, v1 and vX. */
export function splitApiVersion(pathname: string): {apiVersion: string; path: string} | undefined {
  const match = /^\/v(\d{4}-\d{2}-\d{2}|1|X)(\/.*)$/.exec(pathname)
  return match ? {apiVersion: match[1] as string, path: match[2] as string} : undefined
}
