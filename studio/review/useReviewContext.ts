import {useCallback, useEffect, useMemo, useState, useSyncExternalStore} from 'react'
import {type SanityClient, type SanityDocument, useClient} from 'sanity'
import type {SanityDoc} from '../../pipeline/types.ts'
import {
  LOADING_REASON,
  type ReviewContextState,
  type ReviewSnapshot,
  reviewSnapshot,
} from './actionModel.ts'
import {type Signer, signerOf} from './enrollment.ts'
import {bundledKeyring} from './keyring.ts'
import {
  closureOfPage,
  closureParams,
  createLedgerVerifier,
  fetchStatements,
  type PageClosure,
  type PageLedger,
  studioLedgerCrypto,
  todayOf,
  withApprovedClosure,
} from './pageLedger.ts'
import {
  closureDocumentsQuery,
  pageStatementsListenQuery,
  REVIEW_API_VERSION,
} from './reviewQueries.ts'
import {createSharedQuery, type QuerySnapshot, type SharedQuery} from './sharedQuery.ts'
import type {StepContext} from './signStep.ts'
import {useLocalSigningKey} from './useLocalSigningKey.ts'

/** Statements are verified in the browser against the keyring bundled into the Studio. */
export const studioVerifier = createLedgerVerifier(bundledKeyring, studioLedgerCrypto)

/** The Studio client as the ledger functions see it: fetch with a perspective, and create. */
export const ledgerClientOf = (client: SanityClient): StepContext['client'] => client

/** Calls `onChange` whenever a document matching `query` changes: the answer may have. */
const listen = (
  client: SanityClient,
  query: string,
  params: Record<string, unknown>,
  onChange: () => void,
) =>
  client
    .listen(query, params, {
      events: ['welcome', 'mutation'],
      includeResult: false,
      visibility: 'query',
      tag: 'review.ledger',
    })
    .subscribe({next: onChange, error: () => undefined})

/** Each page's statements, fetched, verified and judged once for every action and badge. */
const ledgers = createSharedQuery<SanityClient, PageLedger>({
  fetch: async (client, id) =>
    withApprovedClosure(
      await studioVerifier.verifyPage(id, await fetchStatements(ledgerClientOf(client), id)),
    ),
  watch: (client, id, onChange) => listen(client, pageStatementsListenQuery, {id}, onChange),
})

/** The published documents a closure shows, keyed by `closureParams` as JSON. */
const closureDocuments = createSharedQuery<SanityClient, SanityDoc[]>({
  fetch: (client, key) =>
    ledgerClientOf(client).fetch<SanityDoc[]>(closureDocumentsQuery, JSON.parse(key), {
      perspective: 'published',
    }),
  watch: (client, key, onChange) =>
    listen(client, closureDocumentsQuery, JSON.parse(key), onChange),
})

function useShared<T>(
  store: SharedQuery<SanityClient, T>,
  client: SanityClient,
  key: string | undefined,
): QuerySnapshot<T> {
  const subscribe = useCallback(
    (listener: () => void) => (key ? store.subscribe(client, key, listener) : () => undefined),
    [store, client, key],
  )
  return useSyncExternalStore(subscribe, () => store.getSnapshot(client, key ?? ''))
}

/**
 * The closure of one page version, or undefined while it is computed. The result is tied to
 * the objects it was computed from, so after an edit the old hash is never reported.
 */
function useClosure(
  client: SanityClient,
  doc: SanityDocument | null,
  pageId: string,
): {closure: PageClosure | undefined; error: string | undefined} {
  const key = useMemo(
    () => (doc ? JSON.stringify(closureParams(doc, pageId)) : undefined),
    [doc, pageId],
  )
  const documents = useShared(closureDocuments, client, key)
  const [result, setResult] = useState<{from: [unknown, unknown]; closure: PageClosure}>()
  useEffect(() => {
    if (!doc || !documents.value) return
    let current = true
    closureOfPage(doc, pageId, documents.value).then((closure) => {
      if (current) setResult({from: [doc, documents.value], closure})
    })
    return () => {
      current = false
    }
  }, [doc, pageId, documents.value])
  const fresh = result && result.from[0] === doc && result.from[1] === documents.value
  return {closure: fresh ? result.closure : undefined, error: documents.error}
}

export interface ReviewContextInput {
  /** The published id, as document actions and badges receive it. */
  id: string
  draft: SanityDocument | null
  published: SanityDocument | null
}

export interface ReviewContext {
  context: ReviewContextState
  snapshot: ReviewSnapshot | undefined
  signer: Signer
  /** The content the state was derived from (`draft ?? published`). */
  current: SanityDocument | null
  client: SanityClient
  /** Loads and verifies the statements again, right after this Studio signed one. */
  refresh: () => Promise<void>
}

/** Who signs: the keyring person owning this browser's key (judged again when signing). */
function useSigner(): Signer | undefined {
  const localKey = useLocalSigningKey()
  return useMemo(() => {
    if (localKey.error)
      return {ok: false, reason: `This browser cannot keep a signing key: ${localKey.error}`}
    if (localKey.value === undefined) return undefined
    return signerOf(bundledKeyring, localKey.value ?? undefined, new Date())
  }, [localKey.value, localKey.error])
}

/** The review state of one document pair, verified in the browser with the ledger's rules. */
export function useReviewContext({id, draft, published}: ReviewContextInput): ReviewContext {
  const client = useClient({apiVersion: REVIEW_API_VERSION})
  const signer = useSigner()
  const ledger = useShared(ledgers, client, id)
  const current = draft ?? published
  const draftClosure = useClosure(client, draft, id)
  const publishedClosure = useClosure(client, published, id)
  const refresh = useCallback(() => ledgers.refresh(client, id), [client, id])
  const today = todayOf(new Date())
  const [draftHash, publishedHash] = [draftClosure.closure, publishedClosure.closure]
  const error = ledger.error ?? draftClosure.error ?? publishedClosure.error

  const context = useMemo((): ReviewContextState => {
    if (!current) return {status: 'empty'}
    const ready = ledger.value && (!draft || draftHash) && (!published || publishedHash)
    if (!ready || !signer) return error ? {status: 'error', message: error} : {status: 'loading'}
    const snapshot = reviewSnapshot({
      ledger: ledger.value as PageLedger,
      draft: draftHash,
      published: publishedHash,
      signer,
      today,
    })
    return snapshot ? {status: 'ready', snapshot} : {status: 'empty'}
  }, [current, draft, published, ledger.value, draftHash, publishedHash, error, signer, today])

  return {
    context,
    snapshot: context.status === 'ready' ? context.snapshot : undefined,
    signer: signer ?? {ok: false, reason: LOADING_REASON},
    current,
    client,
    refresh,
  }
}
