import {type ExprNode, evaluate, parse} from 'groq-js'
import {applyPerspective} from '../../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../../pipeline/types.ts'
import {LakeHttpError, NotModelled} from './http.ts'
import {permits} from './roles.ts'
import type {LakeDocument} from './store.ts'
import {textSearchTree, withSearchText} from './textSearch.ts'
import type {LakeUser} from './users.ts'

export type LakePerspective = 'raw' | 'published' | 'drafts'

/** API versions from 2025-02-19 on read the published perspective unless told otherwise. */
const PUBLISHED_BY_DEFAULT_FROM = '2025-02-19'

/**
 * The perspectives the Studio uses. Release stacks (`perspective=rXYZ,drafts`) are not
 * modelled: they answer 400, so a Studio that starts sending them fails the test.
 */
export function parsePerspective(value: string | null, apiVersion: string): LakePerspective {
  if (value === null || value === '') {
    const dated = /^\d{4}-\d{2}-\d{2}$/.test(apiVersion)
    return dated && apiVersion < PUBLISHED_BY_DEFAULT_FROM ? 'raw' : 'published'
  }
  if (value === 'previewDrafts') return 'drafts'
  if (value === 'raw' || value === 'published' || value === 'drafts') return value
  throw new NotModelled(`The stand-in does not model the perspective "${value}".`)
}

/**
 * The documents a query sees. raw: every stored id, `drafts.*` included. published: no drafts
 * or versions. drafts: each draft in place of its published document, under the published
 * `_id`; every document carries `_originalId`, the id it was read from.
 */
export function inPerspective(
  documents: readonly LakeDocument[],
  perspective: LakePerspective,
): SanityDoc[] {
  if (perspective === 'raw') return [...documents]
  const visible = applyPerspective(documents, perspective)
  if (perspective === 'published') return visible
  return visible.map((doc) => (doc._originalId ? doc : {...doc, _originalId: doc._id}))
}

/** The documents this user may read: what the `read` grants of their role match. */
export function readable(documents: readonly LakeDocument[], user: LakeUser): LakeDocument[] {
  return documents.filter((doc) => permits(user.role, 'read', doc, user.id))
}

/**
 * Parses with the parameters, as groq-js needs them for slices like `[0...$limit]`. A query
 * groq-js cannot parse is reported as not modelled: the Studio only sends queries the real
 * API accepts, so the gap is the stand-in's.
 */
export function parseQuery(query: string, params: Record<string, unknown>): ExprNode {
  try {
    return parse(query, {params})
  } catch (error) {
    throw new NotModelled(
      `groq-js cannot parse ${JSON.stringify(query)}: ${(error as Error).message}`,
      400,
    )
  }
}

export interface QueryInput {
  query: string
  params: Record<string, unknown>
  perspective: LakePerspective
}

/** Runs a GROQ query as the user, with groq-js; `text::query()` as textSearch.ts describes. */
export async function runQuery(
  documents: readonly LakeDocument[],
  user: LakeUser,
  {query, params, perspective}: QueryInput,
): Promise<unknown> {
  const search = textSearchTree(parseQuery(query, params))
  let dataset = inPerspective(readable(documents, user), perspective)
  if (search.usesTextSearch) dataset = dataset.map(withSearchText)
  const result = await evaluate(search.tree, {
    dataset,
    params,
    identity: user.id,
    timestamp: new Date(),
  })
  return result.get()
}

/** `$name=<JSON>` query-string parameters, as @sanity/client encodes them. */
export function queryParams(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw new LakeHttpError(400, `The query parameter ${key} is not JSON: ${value}`)
    }
  }
  return params
}

/** True when the filter query (`*[…]`) selects this one document, as listeners decide. */
export async function selects(
  tree: ExprNode,
  document: SanityDoc,
  params: Record<string, unknown>,
  identity: string,
): Promise<boolean> {
  const result = await (await evaluate(tree, {dataset: [document], params, identity})).get()
  return Array.isArray(result) && result.length === 1
}
