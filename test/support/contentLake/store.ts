import {createReadStream} from 'node:fs'
import {loadDataset} from '../../../pipeline/load/loadDataset.ts'
import type {SanityDoc} from '../../../pipeline/types.ts'
import {schemaTypes} from '../../../schemas/index.ts'

/** A stored document: always with the system fields the Content Lake maintains. */
export interface LakeDocument extends SanityDoc {
  _rev: string
  _createdAt: string
  _updatedAt: string
}

/** One document's change within a transaction; `null` means absent. */
export interface DocumentWrite {
  id: string
  before: LakeDocument | null
  after: LakeDocument | null
  /** The mutations that made the change, as the listener reports them. */
  mutations: unknown[]
}

export interface CommittedTransaction {
  transactionId: string
  /** The user id of whoever committed it. */
  identity: string
  timestamp: string
  writes: DocumentWrite[]
}

const SEED_TIME = '2026-01-01T00:00:00Z'

/** Fills the system fields of a seeded document that lacks them. */
export function asStored(doc: SanityDoc): LakeDocument {
  return {
    ...doc,
    _rev: doc._rev ?? `seed-${doc._id}`,
    _createdAt: doc._createdAt ?? SEED_TIME,
    _updatedAt: doc._updatedAt ?? doc._createdAt ?? SEED_TIME,
  }
}

/** The dataset in memory. Transactions are applied whole, then announced to listeners. */
export class DocumentStore {
  readonly #documents = new Map<string, LakeDocument>()
  readonly #subscribers = new Set<(transaction: CommittedTransaction) => void>()
  readonly transactions: CommittedTransaction[] = []

  constructor(documents: Iterable<SanityDoc>) {
    for (const doc of documents) this.#documents.set(doc._id, asStored(doc))
  }

  get(id: string): LakeDocument | undefined {
    return this.#documents.get(id)
  }

  all(): LakeDocument[] {
    return [...this.#documents.values()]
  }

  commit(transaction: CommittedTransaction): void {
    for (const write of transaction.writes) {
      if (write.after) this.#documents.set(write.id, write.after)
      else this.#documents.delete(write.id)
    }
    this.transactions.push(transaction)
    for (const subscriber of this.#subscribers) subscriber(transaction)
  }

  onCommit(subscriber: (transaction: CommittedTransaction) => void): () => void {
    this.#subscribers.add(subscriber)
    return () => this.#subscribers.delete(subscriber)
  }

  /**
   * The document once `accept` holds for it (the Studio saves edits a moment after typing);
   * rejects after `timeoutMs`, showing what the document held last.
   */
  waitFor(
    id: string,
    accept: (doc: LakeDocument | undefined) => boolean,
    timeoutMs = 30_000,
  ): Promise<LakeDocument | undefined> {
    if (accept(this.get(id))) return Promise.resolve(this.get(id))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop()
        const last = JSON.stringify(this.get(id))?.slice(0, 2000)
        reject(
          new Error(`"${id}" did not reach the expected state in ${timeoutMs} ms. Last: ${last}`),
        )
      }, timeoutMs)
      const stop = this.onCommit(() => {
        if (!accept(this.get(id))) return
        clearTimeout(timer)
        stop()
        resolve(this.get(id))
      })
    })
  }
}

/** Reads an NDJSON export with the pipeline's own loader; any problem in it stops the test. */
export async function loadNdjsonFile(path: string): Promise<SanityDoc[]> {
  const types = new Set(schemaTypes.map((type) => type.name))
  const loaded = await loadDataset(createReadStream(path), types)
  const problems = [...loaded.fatal, ...loaded.issues]
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.documentId}: ${p.message}`).join('\n')
    throw new Error(`${path} cannot seed the Content Lake stand-in:\n${list}`)
  }
  return loaded.documents
}
