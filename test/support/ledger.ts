import {DemoSigner} from '../../pipeline/demo/demoSigner.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import {buildChain} from '../../pipeline/workflow/chain.ts'
import {type CheckedStatement, checkStatement} from '../../pipeline/workflow/checkStatement.ts'
import {evaluateChain} from '../../pipeline/workflow/evaluate.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import type {
  ReviewScope,
  StatementDocument,
  StatementKind,
} from '../../pipeline/workflow/statement.ts'

export const AMIRA = 'person-amira-haddad' // medical reviewer, publisher
export const JONAS = 'person-jonas-weber' // writer, publisher
export const LI = 'person-li-chen' // writer, medical reviewer, publisher; first key revoked 2026-06-01
export const SOFIA = 'person-sofia-marquez' // writer, publisher; ECDSA P-256 key

export const signer = new DemoSigner()
export const crypto = nodeLedgerCrypto()
export const hashOf = (text: string) => crypto.sha256(text) as string

export interface Step {
  kind: StatementKind
  by: string
  at: string
  /** The closure text the step is about (its hash is signed). */
  content: string
  scope?: ReviewScope
  comment?: string
  keyId?: string
  /** Defaults to the statement before it in the list. */
  previous?: string | null
}

/** Signs a page's history step by step, each statement naming the one before it. */
export async function history(
  documentId: string,
  steps: Step[],
  documentType = 'tumour',
): Promise<StatementDocument[]> {
  const out: StatementDocument[] = []
  let previous: string | null = null
  for (const step of steps) {
    const doc: StatementDocument = await signer.statement({
      kind: step.kind,
      documentId,
      documentType,
      contentHash: hashOf(step.content),
      signer: step.by,
      signedAt: step.at,
      previous: step.previous === undefined ? previous : step.previous,
      ...(step.keyId ? {keyId: step.keyId} : {}),
      ...(step.kind === 'approved'
        ? {
            scope: step.scope ?? 'full',
            ...((step.scope ?? 'full') === 'full' ? {reviewIntervalMonths: 12} : {}),
          }
        : {}),
      ...(step.comment ? {comment: step.comment} : {}),
      ...(step.kind === 'approved' || step.kind === 'changesRequested'
        ? {closure: step.content}
        : {}),
    })
    previous = doc._id.slice('statement-'.length)
    out.push(doc)
  }
  return out
}

/** Checks every statement, links one page's history and applies the review rules. */
export async function judge(
  documentId: string,
  docs: readonly StatementDocument[],
  keyring: Keyring = signer.keyring,
) {
  const checked: CheckedStatement[] = []
  for (const doc of docs) checked.push(await checkStatement(doc, keyring, crypto))
  const valid = checked.flatMap((c) =>
    c.ok && c.statement.payload.documentId === documentId ? [c.statement] : [],
  )
  const evaluation = evaluateChain(buildChain(documentId, valid))
  const failed = checked.flatMap((c) => (c.ok ? [] : [c.failure]))
  return {evaluation, failed, checked}
}
