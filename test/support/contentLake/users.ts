import {randomBytes} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'
import {LakeHttpError} from './http.ts'
import {ROLES, type Role} from './roles.ts'

/** A Studio account. `handle` is how tests name it; `id` is the Sanity user id. */
export interface UserSpec {
  handle: string
  id: string
  name: string
  email: string
  /** A role of roles.ts, or one given to the stand-in (`roles` option). */
  role: string
}

/** A user with their role resolved. */
export interface LakeUser extends Omit<UserSpec, 'role'> {
  role: Role
}

/**
 * Studio accounts of the demo people, plus a read-only account and an administrator. Review
 * rights are not a Content Lake role: they come from the reviewer keyring in the repository
 * and the signing key a browser holds, so the writer and the reviewer hold the same Editor
 * role, as holders of a write token do.
 */
export const DEFAULT_USERS: readonly UserSpec[] = [
  {
    handle: 'writer',
    id: 'p2GhIjKl',
    name: 'Jonas Weber',
    email: 'jonas@example.org',
    role: 'editor',
  },
  {
    handle: 'reviewer',
    id: 'p1AbCdEf',
    name: 'Amira Haddad',
    email: 'amira@example.org',
    role: 'editor',
  },
  {
    handle: 'writerReviewer',
    id: 'p3MnOpQr',
    name: 'Li Chen',
    email: 'li@example.org',
    role: 'editor',
  },
  {
    handle: 'contributor',
    id: 'p4StUvWx',
    name: 'Sofia Márquez',
    email: 'sofia@example.org',
    role: 'contributor',
  },
  {
    handle: 'viewer',
    id: 'pViewer01',
    name: 'Vera Viewer',
    email: 'vera@example.org',
    role: 'viewer',
  },
  {
    handle: 'admin',
    id: 'pAdmin001',
    name: 'Ada Admin',
    email: 'ada@example.org',
    role: 'administrator',
  },
]

/** Users and their tokens; a token is random per stand-in, so no test can guess another's. */
export class UserDirectory {
  readonly #byToken = new Map<string, LakeUser>()
  readonly #tokens = new Map<string, string>()
  readonly #users = new Map<string, LakeUser>()

  constructor(specs: readonly UserSpec[], roles: Record<string, Role> = ROLES) {
    for (const spec of specs) {
      const role = roles[spec.role]
      if (!role) {
        const known = Object.keys(roles).join(', ')
        throw new Error(
          `User "${spec.handle}" has the unknown role "${spec.role}" (known: ${known}).`,
        )
      }
      const user: LakeUser = {...spec, role}
      const token = `sk-test-${user.handle}-${randomBytes(18).toString('base64url')}`
      this.#byToken.set(token, user)
      this.#tokens.set(user.handle, token)
      this.#users.set(user.id, user)
    }
  }

  all(): LakeUser[] {
    return [...this.#users.values()]
  }

  byId(id: string): LakeUser | undefined {
    return this.#users.get(id)
  }

  tokenFor(handle: string): string {
    const token = this.#tokens.get(handle)
    if (!token) {
      const known = [...this.#tokens.keys()].join(', ')
      throw new Error(`The stand-in has no user "${handle}". Known users: ${known}.`)
    }
    return token
  }

  userFor(handle: string): LakeUser {
    const user = this.#byToken.get(this.tokenFor(handle))
    if (!user) throw new Error(`No user for "${handle}".`)
    return user
  }

  /** The user of a `Bearer` token; undefined without one; 401 for a token nobody holds. */
  authenticate(authorization: string | undefined): LakeUser | undefined {
    if (authorization === undefined) return undefined
    const token = /^Bearer (.+)$/.exec(authorization)?.[1]
    const user = token === undefined ? undefined : this.#byToken.get(token)
    if (!user) {
      throw new LakeHttpError(401, 'Session not found', 'unauthorized', {code: 'SIO-401-ANF'})
    }
    return user
  }

  fromHeaders(headers: IncomingHttpHeaders): LakeUser | undefined {
    return this.authenticate(headers.authorization)
  }
}

/** `/users/me`, as the Studio reads it. */
export const currentUserBody = (user: LakeUser) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  profileImage: null,
  provider: 'sanity',
  role: user.role.name,
  roles: [{name: user.role.name, title: user.role.title}],
})

/** `/users/<id>`, the public face of a user (avatars, presence, history). */
export const publicUserBody = (user: LakeUser) => ({
  id: user.id,
  displayName: user.name,
  imageUrl: null,
  email: user.email,
})
