import {checkStatements} from '../gate/checkStatements.ts'
import {datasetLookup} from '../gate/closureLookup.ts'
import {applyPerspective, isVersionId, publishedId} from '../perspective/applyPerspective.ts'
import {isPageType, type SanityDoc} from '../types.ts'
import type {LedgerCrypto, ValidStatement} from '../workflow/checkStatement.ts'
import type {ClosureLookup} from '../workflow/closure.ts'
import type {ClosureDecoder} from '../workflow/closureCodec.ts'
import type {Failure} from '../workflow/failures.ts'
import type {Keyring} from '../workflow/keyring.ts'

/** The dataset as the report reads it: its pages, and their statements checked against the keyring. */
export interface Ledger {
  keyring: Keyring
  /** Every document by `_id`, drafts included. */
  byId: ReadonlyMap<string, SanityDoc>
  /** Closures against the published documents: what readers would see. */
  lookup: ClosureLookup
  /** The published ids of the pages (tumours, kits) with a draft or a published document, sorted. */
  pageIds: string[]
  /** Valid statements by the page they were signed for, by statement id. */
  statements: ReadonlyMap<string, ValidStatement[]>
  /** Statements that count for nothing, by the page they name. */
  failures: ReadonlyMap<string, Failure[]>
  /** Statements that count for nothing and name no page of the dataset (or none at all). */
  unattached: Failure[]
  /** The platform's inflater for kept closures (LedgerCrypto), where it has a faster one. */
  decodeClosure?: ClosureDecoder
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Checks every published statement against the keyring (drafts of statements are not
 * statements: the Studio creates them published) and files the results under their pages.
 */
export async function readLedger(
  documents: readonly SanityDoc[],
  keyring: Keyring,
  crypto: LedgerCrypto,
): Promise<Ledger> {
  const published = applyPerspective(documents, 'published')
  // No verdicts from an earlier run: the report checks every signature each time.
  const checked = await checkStatements(published, {keyring, crypto})
  const pageIds = [
    ...new Set(
      documents
        .filter((doc) => isPageType(doc._type) && !isVersionId(doc._id))
        .map((doc) => publishedId(doc._id)),
    ),
  ].sort(byText)
  const pages = new Set(pageIds)
  const failures = new Map<string, Failure[]>()
  const unattached: Failure[] = []
  for (const {failure, pageId} of checked.failures) {
    if (pageId === undefined || !pages.has(pageId)) unattached.push(failure)
    else failures.set(pageId, [...(failures.get(pageId) ?? []), failure])
  }
  const byId = (a: {id: string}, b: {id: string}) => byText(a.id, b.id)
  for (const list of [...checked.byPage.values(), ...failures.values()]) list.sort(byId)
  return {
    keyring,
    byId: new Map(documents.map((doc) => [doc._id, doc])),
    lookup: datasetLookup(published),
    pageIds,
    statements: checked.byPage,
    failures,
    unattached: unattached.sort(byId),
    ...(crypto.decodeClosure ? {decodeClosure: crypto.decodeClosure} : {}),
  }
}
