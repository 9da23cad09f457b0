import type {SanityDoc} from '../../../pipeline/types.ts'
import {LakeHttpError, NotModelled, readJsonBody} from './http.ts'
import {newTransactionId} from './mutate.ts'
import type {Route} from './router.ts'
import type {DocumentStore} from './store.ts'
import {type PatchSpec, Transaction} from './transaction.ts'

type Action = {actionType: string; [field: string]: unknown}

const draftOf = (publishedId: string) => `drafts.${publishedId}`

/** Release versions (`versions.*`) are not modelled: only `drafts.<publishedId>` is accepted. */
function draftId(action: Action): string {
  const publishedId = String(action.publishedId)
  const draft = (action.draftId ?? (action.attributes as SanityDoc | undefined)?._id) as
    | string
    | undefined
  if (draft !== undefined && draft !== draftOf(publishedId)) {
    throw new NotModelled(`Draft id "${draft}" for "${publishedId}": only drafts.* is modelled.`)
  }
  return draftOf(publishedId)
}

function required(tx: Transaction, id: string, what: string): SanityDoc {
  const doc = tx.get(id)
  if (!doc) throw new LakeHttpError(409, `${what}: document "${id}" does not exist`, 'actionError')
  return doc
}

function checkRevision(doc: SanityDoc, expected: unknown, id: string): void {
  if (expected !== undefined && expected !== doc._rev) {
    throw new LakeHttpError(
      409,
      `Document "${id}" has unexpected revision ID ("${doc._rev}"), expected "${expected}"`,
      'actionError',
    )
  }
}

/** References marked `_strengthenOnPublish` become strong (or stay weak) in the published copy. */
function strengthenOnPublish(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strengthenOnPublish)
  if (!value || typeof value !== 'object') return value
  const {_strengthenOnPublish: strengthen, ...rest} = value as Record<string, unknown>
  if (strengthen && typeof strengthen === 'object') {
    const {_weak: _dropped, ...strong} = rest
    return (strengthen as {weak?: boolean}).weak ? {...strong, _weak: true} : strong
  }
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, strengthenOnPublish(v)]))
}

const withoutRev = ({_rev, ...doc}: SanityDoc): SanityDoc => doc

/** What each document action does, in terms of the transaction's plain mutations. */
const ACTIONS: Record<string, (tx: Transaction, action: Action) => void> = {
  'sanity.action.document.create': (tx, action) => {
    const id = draftId(action)
    if (tx.get(id) && action.ifExists === 'ignore') return
    tx.create({...(action.attributes as object), _id: id})
  },
  'sanity.action.document.edit': (tx, action) => {
    const id = draftId(action)
    const publishedId = String(action.publishedId)
    if (!tx.get(id)) {
      const published = required(tx, publishedId, 'Cannot edit')
      tx.create({...withoutRev(published), _id: id})
    }
    tx.patch({...(action.patch as object), id} as PatchSpec)
  },
  'sanity.action.document.publish': (tx, action) => {
    const id = draftId(action)
    const publishedId = String(action.publishedId)
    const draft = required(tx, id, 'Cannot publish')
    checkRevision(draft, action.ifDraftRevisionId, id)
    const published = tx.get(publishedId)
    if (published) checkRevision(published, action.ifPublishedRevisionId, publishedId)
    const copy = strengthenOnPublish(withoutRev(draft)) as SanityDoc
    tx.createOrReplace({...copy, _id: publishedId})
    tx.delete(id)
  },
  'sanity.action.document.discard': (tx, action) => {
    const id = String(action.draftId)
    if (!id.startsWith('drafts.')) throw new NotModelled(`Discarding "${id}": only drafts.*`)
    tx.delete(required(tx, id, 'Cannot discard')._id)
  },
  'sanity.action.document.delete': (tx, action) => {
    const publishedId = String(action.publishedId)
    required(tx, publishedId, 'Cannot delete')
    tx.delete(publishedId)
    for (const id of (action.includeDrafts as string[] | undefined) ?? []) tx.delete(id)
  },
  'sanity.action.document.unpublish': (tx, action) => {
    const id = draftId(action)
    const publishedId = String(action.publishedId)
    const published = required(tx, publishedId, 'Cannot unpublish')
    tx.createIfNotExists({...withoutRev(published), _id: id})
    tx.delete(publishedId)
  },
  'sanity.action.document.replaceDraft': (tx, action) => {
    tx.createOrReplace({...(action.attributes as object), _id: draftId(action)})
  },
}

/** `POST /data/actions/<ds>`: the Actions API the Studio writes with, one transaction. */
export function actionsRoute(store: DocumentStore): Route {
  return {
    method: 'POST',
    template: '/data/actions/:dataset',
    auth: 'user',
    async handle({req, user}) {
      const body = (await readJsonBody(req)) as {actions?: unknown; transactionId?: unknown}
      if (!body || !Array.isArray(body.actions)) {
        throw new LakeHttpError(400, 'The body needs an "actions" list.')
      }
      if ((body as {dryRun?: unknown}).dryRun) throw new NotModelled('dryRun is not modelled.')
      const transactionId =
        typeof body.transactionId === 'string' ? body.transactionId : newTransactionId()
      const tx = new Transaction(store, transactionId)
      for (const action of body.actions as Action[]) {
        const apply = ACTIONS[action?.actionType]
        if (!apply) throw new NotModelled(`The action "${action?.actionType}" is not modelled.`)
        apply(tx, action)
      }
      tx.commit(user)
      return {transactionId}
    },
  }
}
