import {Mutation} from '@sanity/mutator'
import type {SanityDoc} from '../../../pipeline/types.ts'
import {LakeHttpError, NotModelled} from './http.ts'
import {type Permission, permits} from './roles.ts'
import type {DocumentStore, DocumentWrite, LakeDocument} from './store.ts'
import type {LakeUser} from './users.ts'

export interface PatchSpec {
  id: string
  ifRevisionID?: string
  [operation: string]: unknown
}

/** The patch operations @sanity/mutator applies; anything else is not modelled. */
const PATCH_KEYS = new Set([
  'id',
  'ifRevisionID',
  'set',
  'setIfMissing',
  'unset',
  'inc',
  'dec',
  'insert',
  'diffMatchPatch',
])

const VALID_ID = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/

function checkNewDocument(doc: unknown): SanityDoc {
  const candidate = doc as Partial<SanityDoc> | null
  if (!candidate || typeof candidate !== 'object' || typeof candidate._type !== 'string') {
    throw new LakeHttpError(400, 'A created document needs an object with a string _type.')
  }
  if (typeof candidate._id !== 'string' || !VALID_ID.test(candidate._id)) {
    throw new LakeHttpError(400, `Invalid document id ${JSON.stringify(candidate._id)}.`)
  }
  return structuredClone(candidate) as SanityDoc
}

/**
 * The working set of one transaction: reads see its own earlier writes; nothing reaches the
 * store until `commit`, which checks permissions on every change and then applies all of it.
 */
export class Transaction {
  readonly #working = new Map<string, SanityDoc | null>()
  readonly #mutations = new Map<string, unknown[]>()

  readonly store: DocumentStore
  readonly transactionId: string
  readonly timestamp: string

  constructor(store: DocumentStore, transactionId: string, timestamp = new Date().toISOString()) {
    this.store = store
    this.transactionId = transactionId
    this.timestamp = timestamp
  }

  get(id: string): SanityDoc | null {
    return this.#working.has(id) ? (this.#working.get(id) ?? null) : (this.store.get(id) ?? null)
  }

  #put(id: string, doc: SanityDoc | null, mutation: unknown): void {
    this.#working.set(id, doc)
    this.#mutations.set(id, [...(this.#mutations.get(id) ?? []), mutation])
  }

  create(doc: unknown): void {
    const created = checkNewDocument(doc)
    if (this.get(created._id)) {
      throw new LakeHttpError(
        409,
        `Document by ID "${created._id}" already exists`,
        'mutationError',
      )
    }
    this.#put(created._id, created, {create: created})
  }

  createIfNotExists(doc: unknown): void {
    const created = checkNewDocument(doc)
    if (!this.get(created._id)) this.#put(created._id, created, {createIfNotExists: created})
  }

  createOrReplace(doc: unknown): void {
    const created = checkNewDocument(doc)
    this.#put(created._id, created, {createOrReplace: created})
  }

  delete(id: string): void {
    if (this.get(id)) this.#put(id, null, {delete: {id}})
  }

  /** Applies a patch with @sanity/mutator, after the `ifRevisionID` check the API makes. */
  patch(patch: PatchSpec): void {
    const unknown = Object.keys(patch).filter((key) => !PATCH_KEYS.has(key))
    if (unknown.length > 0) throw new NotModelled(`Patch operations not modelled: ${unknown}`)
    const current = this.get(patch.id)
    if (!current) {
      throw new LakeHttpError(404, `Document "${patch.id}" not found`, 'documentNotFoundError')
    }
    if (patch.ifRevisionID !== undefined && patch.ifRevisionID !== current._rev) {
      throw new LakeHttpError(
        409,
        `Document "${patch.id}" has unexpected revision ID ("${current._rev}"), expected "${patch.ifRevisionID}"`,
        'mutationError',
      )
    }
    const patched = new Mutation({mutations: [{patch: structuredClone(patch)}]}).apply(
      structuredClone(current),
    ) as SanityDoc
    this.#put(patch.id, patched, {patch})
  }

  /** The changes, with the system fields set: the transaction id becomes each new `_rev`. */
  writes(): DocumentWrite[] {
    const writes: DocumentWrite[] = []
    for (const [id, doc] of this.#working) {
      const before = this.store.get(id) ?? null
      if (!before && !doc) continue
      const after: LakeDocument | null = doc && {
        ...doc,
        _id: id,
        _rev: this.transactionId,
        _createdAt: before?._createdAt ?? (doc._createdAt as string) ?? this.timestamp,
        _updatedAt: this.timestamp,
      }
      writes.push({id, before, after, mutations: this.#mutations.get(id) ?? []})
    }
    return writes
  }

  /** Checks the user's grants on every change (before and after), then applies them all. */
  commit(user: LakeUser): DocumentWrite[] {
    const writes = this.writes()
    for (const write of writes) {
      const need: [Permission, SanityDoc][] = write.before
        ? [['update', write.before]]
        : [['create', write.after as SanityDoc]]
      // An edit must be allowed on the result too, so no one moves a document out of reach.
      if (write.before && write.after) need.push(['update', write.after])
      for (const [permission, doc] of need) {
        if (!permits(user.role, permission, doc, user.id)) {
          throw new LakeHttpError(
            403,
            `Insufficient permissions; permission "${permission}" on "${write.id}" required (role ${user.role.name})`,
            'permissionDenied',
          )
        }
      }
    }
    if (writes.length > 0) {
      this.store.commit({
        transactionId: this.transactionId,
        identity: user.id,
        timestamp: this.timestamp,
        writes,
      })
    }
    return writes
  }
}
