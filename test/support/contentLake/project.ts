import {LakeHttpError, readJsonBody} from './http.ts'
import type {Role} from './roles.ts'
import {type Route, STREAMING} from './router.ts'
import {currentUserBody, publicUserBody, type UserDirectory} from './users.ts'

export interface ProjectInfo {
  projectId: string
  dataset: string
}

const CREATED = '2026-01-01T00:00:00Z'

/** `/projects/<pid>/grants`: the role's dataset grants as document resources, plus project grants. */
function projectGrants({grants, projectGrants}: Role) {
  return {
    'sanity.project': [{grants: projectGrants.map((name) => ({name})), config: {}}],
    'sanity.document.filter': grants.map((grant) => ({
      grants: grant.permissions.map((name) => ({name})),
      config: {filter: grant.filter},
    })),
  }
}

/** Who the user is, what the project and dataset are, and what the user may do in them. */
export function projectRoutes(project: ProjectInfo, users: UserDirectory): Route[] {
  const keyValues = new Map<string, Map<string, unknown>>()
  const valuesOf = (userId: string) => {
    const values = keyValues.get(userId) ?? new Map<string, unknown>()
    keyValues.set(userId, values)
    return values
  }
  return [
    {
      method: 'GET',
      template: '/users/me',
      auth: 'anyone',
      // Without a token the API answers an empty object: the Studio then shows its login.
      handle: ({user}) => (user ? currentUserBody(user) : {}),
    },
    {
      method: 'GET',
      template: '/users/me/keyvalue/:keys',
      auth: 'user',
      handle: ({params, user}) =>
        params.keys?.split(',').map((key) => ({key, value: valuesOf(user.id).get(key) ?? null})),
    },
    {
      method: 'PUT',
      template: '/users/me/keyvalue',
      auth: 'user',
      async handle({req, user}) {
        const pairs = await readJsonBody(req)
        if (!Array.isArray(pairs)) throw new LakeHttpError(400, 'Expected a list of {key, value}.')
        for (const {key, value} of pairs as {key: string; value: unknown}[]) {
          valuesOf(user.id).set(key, value)
        }
        return pairs
      },
    },
    {
      method: 'GET',
      template: '/users/:ids',
      auth: 'user',
      handle: ({params}) => {
        const found = (params.ids ?? '').split(',').flatMap((id) => {
          const user = users.byId(id)
          return user ? [publicUserBody(user)] : []
        })
        return found.length === 1 ? found[0] : found
      },
    },
    {
      method: 'GET',
      template: '/projects/:projectId',
      auth: 'user',
      handle: () => ({
        id: project.projectId,
        displayName: 'Tumour pages (stand-in)',
        studioHost: null,
        organizationId: null,
        isBlocked: false,
        isDisabled: false,
        isDisabledByUser: false,
        metadata: {},
        createdAt: CREATED,
        members: users.all().map((member) => ({
          id: member.id,
          createdAt: CREATED,
          updatedAt: CREATED,
          isCurrentUser: false,
          isRobot: false,
          role: member.role.name,
          roles: [{name: member.role.name, title: member.role.title}],
        })),
      }),
    },
    {
      method: 'GET',
      template: '/projects/:projectId/datasets',
      auth: 'user',
      handle: () => [{name: project.dataset, aclMode: 'private', createdAt: CREATED, tags: []}],
    },
    {
      method: 'GET',
      template: '/projects/:projectId/datasets/:dataset/acl',
      auth: 'user',
      handle: ({user}) => user.role.grants,
    },
    {
      method: 'GET',
      template: '/projects/:projectId/grants',
      auth: 'user',
      handle: ({user}) => projectGrants(user.role),
    },
    {
      method: 'GET',
      template: '/projects/:projectId/user-applications',
      auth: 'user',
      handle: () => [],
    },
  ]
}

/** Sanity's product messages: upsell dialogs, announcements, trials and the help menu. */
const UPSELLS = [
  'asset-limit',
  'comments',
  'content-releases',
  'document-limit',
  'scheduled-drafts',
  'scheduled-publishing',
  'tasks',
]

/** Answered as for a project that has none to show (the Studio treats null as "no upsell"). */
export function productMessageRoutes(): Route[] {
  return [
    {method: 'GET', template: '/journey/trial', auth: 'user', handle: () => ({})},
    {method: 'GET', template: '/journey/announcements', auth: 'user', handle: () => []},
    {method: 'GET', template: '/help', auth: 'anyone', handle: () => ({})},
    ...UPSELLS.map(
      (feature): Route => ({
        method: 'GET',
        template: `/journey/${feature}`,
        auth: 'user',
        handle: () => null,
      }),
    ),
  ]
}

/**
 * History is not modelled: the document's event list answers empty, so the Studio shows no
 * past revisions (its "history cleared" state).
 */
export function historyRoutes(): Route[] {
  return [
    {
      method: 'GET',
      template: '/data/history/:dataset/events/documents/:id',
      auth: 'user',
      handle: ({params}) => ({events: {[params.id as string]: []}, nextCursor: ''}),
    },
    {
      method: 'GET',
      template: '/data/history/:dataset/transactions/:ids',
      auth: 'user',
      handle: ({res}) => {
        // The translog is NDJSON, one transaction a line: here, none.
        res.writeHead(200, {'content-type': 'application/x-ndjson'})
        res.end('')
        return STREAMING
      },
    },
  ]
}

/** Calls the Studio makes on start-up that need no more than "nothing special here". */
export function statusRoutes(): Route[] {
  return [
    {method: 'GET', template: '/ping', auth: 'anyone', handle: () => 'PONG'},
    {method: 'GET', template: '/features', auth: 'user', handle: () => []},
    {
      method: 'GET',
      template: '/intake/telemetry-status',
      auth: 'anyone',
      handle: () => ({status: 'denied'}),
    },
    {
      // The telemetry beacon the Studio sends as a page closes, without its consent check.
      method: 'POST',
      template: '/intake/batch',
      auth: 'anyone',
      handle: async ({req}) => {
        await readJsonBody(req).catch(() => undefined)
        return {}
      },
    },
    {
      method: 'GET',
      template: '/schedules/:projectId/:dataset',
      auth: 'user',
      handle: () => ({schedules: []}),
    },
  ]
}
