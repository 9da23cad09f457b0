import type {SanityDoc} from '../../pipeline/types.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import {type ReviewContextState, reviewSnapshot} from '../../studio/review/actionModel.ts'
import {signerOf} from '../../studio/review/enrollment.ts'
import {
  closureOfPage,
  createLedgerVerifier,
  fetchClosureDocuments,
  fetchStatements,
  studioLedgerCrypto,
  todayOf,
  withApprovedClosure,
} from '../../studio/review/pageLedger.ts'
import type {LocalSigningKey} from '../../studio/review/signingKeyStore.ts'
import {type SigningAction, type StepRequest, signStep} from '../../studio/review/signStep.ts'
import type {GroqLake} from './groqLake.ts'

/**
 * The Studio's review code driven without React: what `useReviewContext` and the signed actions
 * compute, step by step, against an in-memory Content Lake (groq-js) and Web Crypto.
 */
export function studioLedger(lake: GroqLake, keyring: Keyring, start: Date) {
  const verifier = createLedgerVerifier(keyring, studioLedgerCrypto)
  let clock = start.getTime()
  // Every signature a second later: a history's times must not go backwards.
  const now = () => {
    clock += 1000
    return new Date(clock)
  }
  const pairOf = (id: string) => ({
    draft: lake.documents.find((d) => d._id === `drafts.${id}`),
    published: lake.documents.find((d) => d._id === id),
  })
  const closure = async (doc: SanityDoc | undefined, id: string) =>
    doc ? closureOfPage(doc, id, await fetchClosureDocuments(lake.client, doc, id)) : undefined

  /** What the document footer of page `id` decides from, for the holder of `key`. */
  async function contextFor(id: string, key?: LocalSigningKey): Promise<ReviewContextState> {
    const {draft, published} = pairOf(id)
    const ledger = await withApprovedClosure(
      await verifier.verifyPage(id, await fetchStatements(lake.client, id)),
    )
    const snapshot = reviewSnapshot({
      ledger,
      draft: await closure(draft, id),
      published: await closure(published, id),
      signer: signerOf(keyring, key, new Date(clock)),
      today: todayOf(new Date(clock)),
    })
    return snapshot ? {status: 'ready', snapshot} : {status: 'empty'}
  }

  /** Signs `action` on the content on screen, as the action's confirmation does. */
  async function sign(
    id: string,
    key: LocalSigningKey,
    action: SigningAction,
    extra: Partial<StepRequest> = {},
  ) {
    const context = await contextFor(id, key)
    if (context.status !== 'ready') throw new Error(`${id} is not ready: ${context.status}`)
    const {signer, currentHash} = context.snapshot
    if (!signer.ok) throw new Error(signer.reason)
    const {draft, published} = pairOf(id)
    return signStep(
      {client: lake.client, verifier, now},
      {
        action,
        pageId: id,
        page: (draft ?? published) as SanityDoc,
        expectedHash: currentHash,
        signer,
        ...extra,
      },
    )
  }

  return {verifier, contextFor, sign, now, pairOf, closure}
}

export const stateOf = (context: ReviewContextState) =>
  context.status === 'ready' ? context.snapshot.state : context.status
