import type {SourceDigests} from '../load/loadDataset.ts'
import type {SanityDoc} from '../types.ts'
import {checkStatement, type LedgerCrypto, type ValidStatement} from '../workflow/checkStatement.ts'
import type {Failure} from '../workflow/failures.ts'
import type {Keyring} from '../workflow/keyring.ts'
import {STATEMENT_TYPE, type StatementPayload} from '../workflow/statement.ts'
import type {CacheLookup} from '../write/cacheShards.ts'

/** Valid verdicts by the statement's NDJSON line digest: its payload hash. */
export type VerdictCache = Map<string, string>

export interface CheckedStatements {
  /** Valid statements by the page they were signed for. */
  byPage: Map<string, ValidStatement[]>
  /** Statements that count for nothing, with the page they name when it can be read. */
  failures: {failure: Failure; pageId?: string}[]
  /** Verdicts for the next run (only valid ones: an invalid statement is checked again). */
  verdicts: VerdictCache
}

export interface CheckStatementsOptions {
  keyring: Keyring
  crypto: LedgerCrypto
  /** The last run's verdicts; none: every signature is checked. */
  cached?: CacheLookup<string>
  /** The documents' NDJSON line digests (loadDataset); a statement without one is always checked. */
  digests?: SourceDigests
}

/**
 * Checks every statement against the keyring. A statement whose exact line was found valid
 * under the same keyring last run is not checked again (its line digest stands for its bytes),
 * so a run with nothing changed verifies no signature.
 */
export async function checkStatements(
  documents: readonly SanityDoc[],
  options: CheckStatementsOptions,
): Promise<CheckedStatements> {
  const {keyring, crypto, cached, digests} = options
  const result: CheckedStatements = {byPage: new Map(), failures: [], verdicts: new Map()}
  const add = (statement: ValidStatement) => {
    const list = result.byPage.get(statement.payload.documentId)
    if (list) list.push(statement)
    else result.byPage.set(statement.payload.documentId, [statement])
  }
  for (const doc of documents) {
    if (doc._type !== STATEMENT_TYPE) continue
    const digest = digests?.get(doc)
    const known = digest ? cached?.get(digest) : undefined
    const fast = known ? reuse(doc, known) : undefined
    if (fast) {
      add(fast)
      result.verdicts.set(digest as string, known as string)
      continue
    }
    const checked = await checkStatement(doc, keyring, crypto)
    if (!checked.ok) {
      result.failures.push({failure: checked.failure, pageId: checked.documentId})
      continue
    }
    add(checked.statement)
    if (digest) result.verdicts.set(digest, checked.statement.hash)
  }
  return result
}

/**
 * A statement found valid last run (the same bytes), read again without checking it: its
 * closure stays encoded, for the few pages that render or compare it.
 */
function reuse(doc: SanityDoc, hash: string): ValidStatement | undefined {
  if (typeof doc.payload !== 'string') return undefined
  const payload = JSON.parse(doc.payload) as StatementPayload
  const encodedClosure = typeof doc.closure === 'string' ? doc.closure : undefined
  return {
    id: doc._id,
    hash,
    payload,
    text: doc.payload,
    signature: String(doc.signature),
    ...(encodedClosure ? {encodedClosure} : {}),
  }
}
