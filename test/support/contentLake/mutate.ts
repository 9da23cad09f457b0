import {randomBytes} from 'node:crypto'
import {LakeHttpError, NotModelled, readJsonBody} from './http.ts'
import type {Route} from './router.ts'
import type {DocumentStore, DocumentWrite} from './store.ts'
import {type PatchSpec, Transaction} from './transaction.ts'

/** Sanity's transaction ids are 22 base62-ish characters; any unique string works as `_rev`. */
export const newTransactionId = () => randomBytes(16).toString('base64url').slice(0, 22)

type MutationBody = Record<string, unknown>

const MUTATIONS: Record<string, (tx: Transaction, spec: Record<string, unknown>) => void> = {
  create: (tx, spec) => tx.create(spec),
  createIfNotExists: (tx, spec) => tx.createIfNotExists(spec),
  createOrReplace: (tx, spec) => tx.createOrReplace(spec),
  delete: (tx, spec) => tx.delete(spec.id as string),
  patch: (tx, spec) => tx.patch(spec as PatchSpec),
}

/** One entry of `/data/mutate`'s `mutations` list, applied to the transaction. */
function applyMutation(tx: Transaction, mutation: MutationBody): void {
  const [kind, ...more] = Object.keys(mutation)
  if (kind === undefined || more.length > 0) {
    throw new LakeHttpError(
      400,
      `Each mutation needs exactly one kind: ${JSON.stringify(mutation)}`,
    )
  }
  const spec = mutation[kind] as Record<string, unknown>
  if ((kind === 'delete' || kind === 'patch') && typeof spec?.id !== 'string') {
    throw new NotModelled(`${kind} by query is not modelled: ${JSON.stringify(spec)}`)
  }
  const apply = MUTATIONS[kind]
  if (!apply) throw new NotModelled(`The mutation "${kind}" is not modelled.`)
  apply(tx, spec)
}

const operation = (write: DocumentWrite) =>
  !write.before ? 'create' : !write.after ? 'delete' : 'update'

function checkOptions(query: URLSearchParams): void {
  for (const option of ['dryRun', 'autoGenerateArrayKeys']) {
    if (query.get(option) === 'true') throw new NotModelled(`The option ${option} is not modelled.`)
  }
}

/** `POST /data/mutate/<ds>`: the Mutations API, one transaction per request. */
export function mutateRoute(store: DocumentStore): Route {
  return {
    method: 'POST',
    template: '/data/mutate/:dataset',
    auth: 'user',
    async handle({req, query, user}) {
      checkOptions(query)
      const body = (await readJsonBody(req)) as {mutations?: unknown; transactionId?: unknown}
      if (!body || !Array.isArray(body.mutations)) {
        throw new LakeHttpError(400, 'The body needs a "mutations" list.')
      }
      const transactionId =
        typeof body.transactionId === 'string' ? body.transactionId : newTransactionId()
      const tx = new Transaction(store, transactionId)
      for (const mutation of body.mutations) applyMutation(tx, mutation as MutationBody)
      const writes = tx.commit(user)
      const withDocuments = query.get('returnDocuments') === 'true'
      return {
        transactionId,
        results: writes.map((write) => ({
          id: write.id,
          operation: operation(write),
          ...(withDocuments && write.after ? {document: write.after} : {}),
        })),
      }
    },
  }
}
