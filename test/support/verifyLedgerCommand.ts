import type {BrowserCommand} from 'vitest/node'
import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {buildChain} from '../../pipeline/workflow/chain.ts'
import {checkStatement} from '../../pipeline/workflow/checkStatement.ts'
import {closureOf, closureText} from '../../pipeline/workflow/closure.ts'
import {evaluateChain} from '../../pipeline/workflow/evaluate.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'

export interface VerifyLedgerInput {
  pageId: string
  keyring: Keyring
  /** The whole dataset as the browser test left it: pages, other documents and statements. */
  documents: SanityDoc[]
}

export interface VerifyLedgerResult {
  /** Every statement of the page that counts for nothing, as code: message. */
  failures: string[]
  refusals: string[]
  /** The ids of the released approval and publication, if any. */
  release?: {approval: string; published: string; contentHash: string}
  /** Each statement on the history: id, kind and signer. */
  history: {id: string; kind: string; signer: string; contentHash: string}[]
  /** The closure hash of the page's draft and published document, computed as the export does. */
  exportHashes: {draft?: string; published?: string}
}

/**
 * Judges a page's statements with the export's gate code (checkStatement with Node's crypto,
 * buildChain, evaluateChain), and computes the page's closures the export's way, so a test can
 * prove that what the Studio signed in Chromium verifies in Node.
 */
export async function judgeLedger({
  pageId,
  keyring,
  documents,
}: VerifyLedgerInput): Promise<VerifyLedgerResult> {
  const crypto = nodeLedgerCrypto()
  const filed = documents.filter(
    (d) => d._type === 'reviewStatement' && (d.document as {_ref?: string})?._ref === pageId,
  )
  const checked = await Promise.all(filed.map((doc) => checkStatement(doc, keyring, crypto)))
  const valid = checked.flatMap((c) => (c.ok ? [c.statement] : []))
  const evaluation = evaluateChain(buildChain(pageId, valid))
  const lookup = datasetLookup(applyPerspective(documents, 'published'))
  const hash = (id: string) => {
    const doc = documents.find((d) => d._id === id)
    return doc ? (crypto.sha256(closureText(closureOf(doc, pageId, lookup))) as string) : undefined
  }
  const release = evaluation.release
  return {
    failures: checked.flatMap((c) => (c.ok ? [] : [`${c.failure.code}: ${c.failure.message}`])),
    refusals: evaluation.refusals.map((f) => `${f.code}: ${f.message}`),
    ...(release
      ? {
          release: {
            approval: release.approval.id,
            published: release.published.id,
            contentHash: release.published.payload.contentHash,
          },
        }
      : {}),
    history: evaluation.chain.statements.map((s) => ({
      id: s.id,
      kind: s.payload.kind,
      signer: s.payload.signer,
      contentHash: s.payload.contentHash,
    })),
    exportHashes: {draft: hash(`drafts.${pageId}`), published: hash(pageId)},
  }
}

/** judgeLedger as a command for browser tests: it runs in the Vitest Node process. */
export const verifyLedger: BrowserCommand<[input: VerifyLedgerInput]> = (_context, input) =>
  judgeLedger(input)

declare module 'vitest/browser' {
  interface BrowserCommands {
    verifyLedger: (input: VerifyLedgerInput) => Promise<VerifyLedgerResult>
  }
}
