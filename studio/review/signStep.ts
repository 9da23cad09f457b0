import type {SanityDoc} from '../../pipeline/types.ts'
import type {ValidStatement} from '../../pipeline/workflow/checkStatement.ts'
import {createStatement} from '../../pipeline/workflow/createStatement.ts'
import {keyProblemAt} from '../../pipeline/workflow/keyring.ts'
import {signText} from '../../pipeline/workflow/signature.ts'
import type {ReviewScope, StatementDocument} from '../../pipeline/workflow/statement.ts'
import {deriveState, type ReviewAction, transition} from '../../pipeline/workflow/workflow.ts'
import {CONTENT_CHANGED_REASON, KIND_OF} from './actionModel.ts'
import type {Signer} from './enrollment.ts'
import {
  closureOfPage,
  fetchClosureDocuments,
  fetchStatements,
  type LedgerClient,
  type LedgerVerifier,
  type PageClosure,
} from './pageLedger.ts'

/** A refusal at click time: shown as a warning, not as an error. */
export class Refusal extends Error {
  override name = 'Refusal'
}

export type SigningAction = Exclude<ReviewAction, 'edit'>

export interface StepRequest {
  action: SigningAction
  /** The published id of the page. */
  pageId: string
  /** The content on screen: the draft, or the published page. */
  page: SanityDoc
  /** The closure hash the buttons (and the confirmation dialog) were computed from. */
  expectedHash: string
  signer: Extract<Signer, {ok: true}>
  scope?: ReviewScope
  reviewIntervalMonths?: number
  comment?: string
}

export interface StepContext {
  client: LedgerClient & {create(doc: StatementDocument): Promise<unknown>}
  verifier: LedgerVerifier
  now: () => Date
}

export interface CheckedStep {
  closure: PageClosure
  /** The newest statement of the page's history: the new statement names it as previous. */
  head: ValidStatement | undefined
}

/** Stands in for the comment while the dialog that asks for it is not yet filled in. */
const COMMENT_PENDING = 'comment to be written in the confirmation dialog'

/**
 * Checks a step against the dataset as it is now: the content on screen still hashes to what
 * the signer saw, and the page's verified history (not the one rendered a while ago) allows it.
 */
export async function checkStep(context: StepContext, request: StepRequest): Promise<CheckedStep> {
  const {client, verifier} = context
  const {pageId, page, action, signer} = request
  const closure = await closureOfPage(
    page,
    pageId,
    await fetchClosureDocuments(client, page, pageId),
  )
  if (closure.hash !== request.expectedHash) throw new Refusal(CONTENT_CHANGED_REASON)
  const ledger = await verifier.verifyPage(pageId, await fetchStatements(client, pageId))
  const verdict = transition(action, {
    state: deriveState(ledger.evaluation, closure.hash),
    actor: signer.actor,
    submitters: ledger.evaluation.submittersOf.get(closure.hash),
    comment: action === 'requestChanges' ? (request.comment ?? COMMENT_PENDING) : undefined,
  })
  if (!verdict.allowed) throw new Refusal(verdict.reason)
  return {closure, head: ledger.evaluation.chain.statements.at(-1)}
}

/** The signing time, which must not come before the statement it follows. */
function signingTime(context: StepContext, request: StepRequest, head: ValidStatement | undefined) {
  const signedAt = context.now().toISOString()
  if (head && signedAt < head.payload.signedAt)
    throw new Refusal(
      `Your computer's clock (${signedAt}) is behind the last review statement of this page (${head.payload.signedAt}). Correct the clock and sign again.`,
    )
  const problem = keyProblemAt(request.signer.key, signedAt)
  if (problem) throw new Refusal(`Your signing key cannot sign now: ${problem}.`)
  return signedAt
}

/** The scope, interval and comment fields the statement kind carries. */
function kindFields(request: StepRequest) {
  if (request.action === 'approve') {
    const scope = request.scope ?? 'full'
    return scope === 'full'
      ? {scope, reviewIntervalMonths: request.reviewIntervalMonths ?? 12}
      : {scope}
  }
  const comment = request.comment?.trim()
  return request.action === 'requestChanges' && comment ? {comment} : {}
}

/**
 * Checks the step again, signs it with this browser's key as the next link of the page's
 * history, and creates the statement document under its own id (statement-<payload hash>).
 */
export async function signStep(
  context: StepContext,
  request: StepRequest,
): Promise<StatementDocument> {
  const {closure, head} = await checkStep(context, request)
  const signedAt = signingTime(context, request, head)
  const kind = KIND_OF[request.action]
  const {local, actor} = request.signer
  const decision = kind === 'approved' || kind === 'changesRequested'
  const statement = await createStatement(
    {
      kind,
      documentId: request.pageId,
      documentType: request.page._type,
      contentHash: closure.hash,
      signer: actor.personId,
      keyId: local.kid,
      signedAt,
      previous: head?.hash ?? null,
      ...kindFields(request),
      ...(decision ? {closure: closure.text} : {}),
    },
    (text) => signText(local.alg, local.privateKey, text),
  )
  await context.client.create(statement)
  return statement
}
