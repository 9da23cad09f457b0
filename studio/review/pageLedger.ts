import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {PageFacts} from '../../pipeline/workflow/categorize.ts'
import {buildChain} from '../../pipeline/workflow/chain.ts'
import {
  type CheckedStatement,
  checkStatement,
  type LedgerCrypto,
  type ValidStatement,
} from '../../pipeline/workflow/checkStatement.ts'
import {
  type Closure,
  type ClosureLookup,
  closureDrift,
  closureOf,
  closureText,
  readKeptClosure,
  referencedIds,
  SHOWN,
} from '../../pipeline/workflow/closure.ts'
import {sha256Hex} from '../../pipeline/workflow/digest.ts'
import {type Evaluation, evaluateChain} from '../../pipeline/workflow/evaluate.ts'
import {type Failure, failures} from '../../pipeline/workflow/failures.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import {webCryptoVerifier} from '../../pipeline/workflow/signature.ts'
import type {PageStatementsQueryResult} from '../../sanity.types.ts'
import {closureDocumentsQuery, pageStatementsQuery} from './reviewQueries.ts'

/**
 * The Studio's side of the ledger: it fetches what the ledger needs with GROQ and hands it to
 * pipeline/workflow, which decides. Nothing here judges a statement or a page on its own.
 */

/** The part of a Sanity client this module uses, so tests can answer with groq-js. */
export interface LedgerClient {
  fetch<T>(
    query: string,
    params: Record<string, unknown>,
    options: {perspective: 'published' | 'raw'},
  ): Promise<T>
}

export type StatementRecord = PageStatementsQueryResult[number]

/** Web Crypto for signatures and hashes: the same answers as the export's Node crypto. */
export const studioLedgerCrypto: LedgerCrypto = {...webCryptoVerifier(), sha256: sha256Hex}

/** A page's signed history, judged, and the statements filed under it that count for nothing. */
export interface PageLedger {
  evaluation: Evaluation
  failures: Failure[]
  /** The closure readers see (the release's approval), once decoded by withApprovedClosure. */
  approved?: Closure
}

/**
 * The ledger with its release's approved closure decoded, for the badges and lists (which show
 * drift from it); signing needs none. An unreadable one is a failure of its approval.
 */
export async function withApprovedClosure(ledger: PageLedger): Promise<PageLedger> {
  const approval = ledger.evaluation.release?.approval
  if (!approval) return ledger
  const kept = await readKeptClosure(approval.encodedClosure)
  return kept.ok
    ? {...ledger, approved: kept.closure}
    : {
        ...ledger,
        failures: [...ledger.failures, failures.closureUnreadable(approval.id, kept.problem)],
      }
}

/** Checks statements against one keyring, remembering each verdict (statements never change). */
export function createLedgerVerifier(keyring: Keyring, crypto: LedgerCrypto) {
  const verdicts = new Map<string, Promise<CheckedStatement>>()
  const check = (doc: StatementRecord): Promise<CheckedStatement> => {
    // The whole document is the key: a changed copy under the same id is checked again.
    const key = JSON.stringify([
      doc._id,
      doc.document?._ref,
      doc.payload,
      doc.signature,
      doc.closure,
    ])
    let verdict = verdicts.get(key)
    if (!verdict) {
      verdict = checkStatement(doc, keyring, crypto)
      verdicts.set(key, verdict)
    }
    return verdict
  }
  return {
    async verifyPage(pageId: string, docs: readonly StatementRecord[]): Promise<PageLedger> {
      const checked = await Promise.all(docs.map(check))
      const valid: ValidStatement[] = []
      const failures: Failure[] = []
      for (const c of checked) {
        if (!c.ok) failures.push(c.failure)
        else if (c.statement.payload.documentId === pageId) valid.push(c.statement)
      }
      return {evaluation: evaluateChain(buildChain(pageId, valid)), failures}
    },
  }
}

export type LedgerVerifier = ReturnType<typeof createLedgerVerifier>

export function fetchStatements(client: LedgerClient, pageId: string) {
  return client.fetch<PageStatementsQueryResult>(
    pageStatementsQuery,
    {id: pageId},
    {perspective: 'published'},
  )
}

/** The parameters of `closureDocumentsQuery` for one page version. */
export function closureParams(page: SanityDoc, pageId: string) {
  const listingTypes = Object.keys(SHOWN[page._type]?.referencedBy ?? {})
  return {ids: referencedIds(page), id: pageId, listingTypes}
}

/** The published documents a page version's closure is made of. */
export function fetchClosureDocuments(client: LedgerClient, page: SanityDoc, pageId: string) {
  return client.fetch<SanityDoc[]>(closureDocumentsQuery, closureParams(page, pageId), {
    perspective: 'published',
  })
}

/** A page version's closure, its canonical text and its hash: what a statement signs. */
export interface PageClosure {
  closure: Closure
  text: string
  hash: string
}

export async function closureOfPage(
  page: SanityDoc,
  pageId: string,
  documents: readonly SanityDoc[] | ClosureLookup,
): Promise<PageClosure> {
  const lookup = Array.isArray(documents) ? datasetLookup(documents) : (documents as ClosureLookup)
  const closure = closureOf(page, pageId, lookup)
  const text = closureText(closure)
  return {closure, text, hash: await sha256Hex(text)}
}

/** The facts `categorize` sorts a page by, from its ledger and the closures of its versions. */
export function pageFactsOf(input: {
  ledger: PageLedger | undefined
  draft: PageClosure | undefined
  published: PageClosure | undefined
  today: string
}): PageFacts {
  const {ledger, draft, published, today} = input
  const approvedClosure = ledger?.approved
  return {
    evaluation: ledger?.evaluation,
    ...(draft ? {draftHash: draft.hash} : {}),
    ...(published ? {publishedHash: published.hash} : {}),
    ...(approvedClosure && published
      ? {drift: closureDrift(approvedClosure, published.closure)}
      : {}),
    failures: ledger?.failures ?? [],
    today,
  }
}

/** YYYY-MM-DD in UTC, as review dates are written. */
export const todayOf = (now: Date) => now.toISOString().slice(0, 10)
