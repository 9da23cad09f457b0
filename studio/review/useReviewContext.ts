import {useCallback, useEffect, useMemo, useState, useSyncExternalStore} from 'react'
import {type SanityClient, type SanityDocument, useClient, useCurrentUser} from 'sanity'
import {contentHash} from '../../pipeline/review/contentHash.ts'
import type {Actor, Decision, ReviewState} from '../../pipeline/review/workflow.ts'
import type {ReviewDecisionsQueryResult, ReviewerPersonQueryResult} from '../../sanity.types.ts'
import {
  type PersonRecord,
  type ReviewContextState,
  type ReviewedDocument,
  reviewSnapshot,
  toActor,
  toDecisions,
} from './actionModel.ts'
import {
  REVIEW_API_VERSION,
  reviewDecisionsListenQuery,
  reviewDecisionsQuery,
  reviewerPersonQuery,
} from './reviewQueries.ts'
import {createSharedQuery, type QuerySnapshot, type SharedQuery} from './sharedQuery.ts'

/**
 * Decisions and people are read from the published perspective: approvals are written as
 * published documents, and roles in an unpublished draft of a person must not grant review
 * rights.
 */
const decisionsStore = createSharedQuery<SanityClient, Decision[]>({
  fetch: async (client, id) =>
    toDecisions(
      await client.fetch<ReviewDecisionsQueryResult>(
        reviewDecisionsQuery,
        {id},
        {perspective: 'published'},
      ),
    ),
  watch: (client, id, onChange) =>
    client
      .listen(
        reviewDecisionsListenQuery,
        {id},
        {
          events: ['welcome', 'mutation'],
          includeResult: false,
          visibility: 'query',
          tag: 'review.decisions',
        },
      )
      .subscribe({next: onChange, error: () => undefined}),
})

const personStore = createSharedQuery<SanityClient, PersonRecord | null>({
  fetch: (client, userId) =>
    client.fetch<ReviewerPersonQueryResult>(
      reviewerPersonQuery,
      {userId},
      {perspective: 'published'},
    ),
})

function useSharedQuery<T>(
  store: SharedQuery<SanityClient, T>,
  client: SanityClient,
  key: string | undefined,
): QuerySnapshot<T> {
  const subscribe = useCallback(
    (listener: () => void) => (key ? store.subscribe(client, key, listener) : () => undefined),
    [store, client, key],
  )
  const getSnapshot = useCallback(
    () => (key ? store.getSnapshot(client, key) : store.getSnapshot(client, '')),
    [store, client, key],
  )
  return useSyncExternalStore(subscribe, getSnapshot)
}

/**
 * sha256 of a document's content, or undefined while it is being computed. The hash is tied to
 * the object it was computed from, so after an edit the old hash is never reported for the new
 * content.
 */
function useContentHash(doc: SanityDocument | null | undefined): string | undefined {
  const [result, setResult] = useState<{doc: SanityDocument; hash: string}>()
  useEffect(() => {
    if (!doc) return
    let current = true
    contentHash(doc).then((hash) => {
      if (current) setResult({doc, hash})
    })
    return () => {
      current = false
    }
  }, [doc])
  return doc && result?.doc === doc ? result.hash : undefined
}

export interface ReviewContextInput {
  /** The published id, as document actions and badges receive it. */
  id: string
  draft: SanityDocument | null
  published: SanityDocument | null
}

export interface ReviewContext {
  state: ReviewState | undefined
  actor: Actor | undefined
  authorId: string | undefined
  decisions: readonly Decision[]
  loading: boolean
  /** What the action models decide from. */
  context: ReviewContextState
  /** The content the state was derived from (`draft ?? published`) and its hash. */
  current: SanityDocument | null
  currentHash: string | undefined
  /** Loads the decisions again, right after this Studio wrote one. */
  refresh: () => Promise<void>
}

/** The review state of one document pair, from the same rules the export uses. */
export function useReviewContext({id, draft, published}: ReviewContextInput): ReviewContext {
  const client = useClient({apiVersion: REVIEW_API_VERSION})
  const user = useCurrentUser()
  const current = draft ?? published
  const currentHash = useContentHash(current)
  const publishedHash = useContentHash(published)
  const decisions = useSharedQuery(decisionsStore, client, id)
  const person = useSharedQuery(personStore, client, user?.id)
  const refresh = useCallback(() => decisionsStore.refresh(client, id), [client, id])

  const context = useMemo((): ReviewContextState => {
    if (!current) return {status: 'empty'}
    if (decisions.error && !decisions.value) return {status: 'error', message: decisions.error}
    if (person.error && person.value === undefined) return {status: 'error', message: person.error}
    const hashing = !currentHash || (published && !publishedHash)
    if (hashing || !decisions.value || (user && person.value === undefined))
      return {status: 'loading'}
    return {
      status: 'ready',
      snapshot: reviewSnapshot({
        draft: draft as ReviewedDocument | null,
        published: published as ReviewedDocument | null,
        currentHash,
        publishedHash,
        decisions: decisions.value,
        actor: toActor(person.value),
      }),
    }
  }, [current, draft, published, currentHash, publishedHash, decisions, person, user])

  const snapshot = context.status === 'ready' ? context.snapshot : undefined
  return {
    state: snapshot?.state,
    actor: snapshot?.actor,
    authorId: snapshot?.authorId,
    decisions: decisions.value ?? [],
    loading: context.status === 'loading',
    context,
    current,
    currentHash,
    refresh,
  }
}
