import {type ExprNode, evaluateSync, parse, toJS} from 'groq-js'

/** What a grant allows on the documents its filter matches (Sanity's document permissions). */
export type Permission = 'read' | 'create' | 'update' | 'history'

/** One dataset grant, in the shape `/projects/<pid>/datasets/<ds>/acl` returns. */
export interface DocumentGrant {
  filter: string
  permissions: Permission[]
}

export interface Role {
  name: string
  title: string
  grants: DocumentGrant[]
  /** Project-level grants (`/projects/<pid>/grants`, resource `sanity.project`). */
  projectGrants: string[]
}

const ALL = '_id in path("**")'
const DRAFTS = '_id in path("drafts.**")'

/**
 * Sanity's standard roles, with the grants the Studio itself uses for them (its debug roles in
 * sanity 6.16.0). One table serves both what the Studio is told (`/acl`, `/grants`) and what
 * the data endpoints enforce, so the two cannot disagree.
 */
export const ROLES: Record<string, Role> = {
  administrator: {
    name: 'administrator',
    title: 'Administrator',
    grants: [{filter: ALL, permissions: ['read', 'create', 'history', 'update']}],
    projectGrants: ['read', 'update'],
  },
  editor: {
    name: 'editor',
    title: 'Editor',
    grants: [{filter: ALL, permissions: ['read', 'create', 'history', 'update']}],
    projectGrants: ['read'],
  },
  contributor: {
    name: 'contributor',
    title: 'Contributor',
    grants: [
      {filter: ALL, permissions: ['read']},
      {filter: DRAFTS, permissions: ['create', 'history', 'update']},
    ],
    projectGrants: ['read'],
  },
  viewer: {
    name: 'viewer',
    title: 'Viewer',
    grants: [{filter: ALL, permissions: ['read', 'history']}],
    projectGrants: ['read'],
  },
}

const parsedFilters = new Map<string, ExprNode>()

/** Evaluates a grant filter on one document with groq-js, as the Studio's grants store does. */
function matchesFilter(filter: string, document: object, identity: string): boolean {
  let tree = parsedFilters.get(filter)
  if (!tree) {
    tree = parse(`*[${filter}]`)
    parsedFilters.set(filter, tree)
  }
  const result = toJS(evaluateSync(tree, {dataset: [document], identity}))
  return Array.isArray(result) && result.length === 1
}

export function permits(
  role: Role,
  permission: Permission,
  document: object,
  identity: string,
): boolean {
  return role.grants.some(
    (grant) =>
      grant.permissions.includes(permission) && matchesFilter(grant.filter, document, identity),
  )
}
