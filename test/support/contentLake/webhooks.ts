import {randomUUID} from 'node:crypto'
import {encodeSignatureHeader, SIGNATURE_HEADER_NAME} from '@sanity/webhook'
import type {ExprNode} from 'groq-js'
import {parseQuery, selects} from './query.ts'
import type {CommittedTransaction, DocumentStore, DocumentWrite} from './store.ts'

/** A GROQ-powered webhook as configured in sanity.io/manage, with what the stand-in models. */
export interface WebhookSpec {
  /** Where to POST, e.g. the export server's `/webhooks/sanity`. */
  url: string
  /** The webhook's secret: each request is signed with it (`sanity-webhook-signature`). */
  secret: string
  /** GROQ filter a document must match, before or after the change (default: every document). */
  filter?: string
}

/** One request the stand-in sent, and how the receiver answered. */
export interface WebhookDelivery {
  documentId: string
  operation: 'create' | 'update' | 'delete'
  transactionId: string
  /** The receiver's HTTP status; undefined when the request failed. */
  status?: number
  error?: string
}

export interface Webhook {
  readonly deliveries: WebhookDelivery[]
  /** Resolves once every request sent so far has been answered. */
  settled(): Promise<void>
  /** Stops sending (the webhook is disabled). */
  remove(): void
}

const operationOf = (write: DocumentWrite): WebhookDelivery['operation'] =>
  write.before === null ? 'create' : write.after === null ? 'delete' : 'update'

/** Drafts and versions do not trigger webhooks unless asked (Sanity's default: not included). */
const isPublished = (id: string) => !id.startsWith('drafts.') && !id.startsWith('versions.')

async function matches(tree: ExprNode | undefined, write: DocumentWrite, identity: string) {
  if (!tree) return true
  for (const doc of [write.before, write.after]) {
    if (doc && (await selects(tree, doc, {}, identity))) return true
  }
  return false
}

/**
 * Sends one signed POST per matching document per transaction, as Sanity's GROQ-powered
 * webhooks do: the document after the change (before it, for a delete) as the JSON body,
 * signed with @sanity/webhook's `t=<ms>,v1=<hmac>` header, and Sanity's `sanity-*` headers.
 * Projections, drafts, retries and the other triggers' options are not modelled.
 */
export function addWebhook(
  store: DocumentStore,
  project: {projectId: string; dataset: string},
  spec: WebhookSpec,
): Webhook {
  const tree = spec.filter ? parseQuery(`*[${spec.filter}]`, {}) : undefined
  const deliveries: WebhookDelivery[] = []
  const inFlight = new Set<Promise<void>>()

  const deliver = async (transaction: CommittedTransaction, write: DocumentWrite) => {
    if (!isPublished(write.id) || !(await matches(tree, write, transaction.identity))) return
    const delivery: WebhookDelivery = {
      documentId: write.id,
      operation: operationOf(write),
      transactionId: transaction.transactionId,
    }
    deliveries.push(delivery)
    const body = JSON.stringify(write.after ?? write.before)
    try {
      const response = await fetch(spec.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER_NAME]: await encodeSignatureHeader(body, Date.now(), spec.secret),
          'idempotency-key': randomUUID(),
          'sanity-project-id': project.projectId,
          'sanity-dataset': project.dataset,
          'sanity-document-id': write.id,
          'sanity-operation': delivery.operation,
          'sanity-transaction-id': transaction.transactionId,
          'sanity-transaction-time': transaction.timestamp,
        },
        body,
      })
      delivery.status = response.status
      await response.body?.cancel()
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error)
    }
  }

  const stop = store.onCommit((transaction) => {
    for (const write of transaction.writes) {
      const sent = deliver(transaction, write)
      inFlight.add(sent)
      void sent.finally(() => inFlight.delete(sent))
    }
  })
  return {
    deliveries,
    settled: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight)
    },
    remove: stop,
  }
}
