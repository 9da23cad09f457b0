import {isRecord} from '../types.ts'
import {type ClosureDecoder, decodeClosure} from './closureCodec.ts'
import {type Failure, failures} from './failures.ts'
import {findKey, type Keyring, keyProblemAt, type Role} from './keyring.ts'
import type {SignatureVerifier} from './signature.ts'
import {
  readPayload,
  type StatementKind,
  type StatementPayload,
  signatureBytes,
} from './statement.ts'

/** sha256 (hex) of UTF-8 text; synchronous in the pipeline, Web Crypto in the Studio. */
export type Hasher = (text: string) => string | Promise<string>

export interface LedgerCrypto extends SignatureVerifier {
  sha256: Hasher
  /** A faster inflater for kept closures than the Web stream (decodeClosure), where there is one. */
  decodeClosure?: ClosureDecoder
}

/** A statement whose signature, key, role and closure were checked. */
export interface ValidStatement {
  /** The dataset document's id. */
  id: string
  /** sha256 of the payload: what the next statement's `previous` names. */
  hash: string
  payload: StatementPayload
  /** The payload as signed, and the signature (base64url), to pass on for verification. */
  text: string
  signature: string
  /**
   * The content closure of approvals and requests for changes, still ENCODED as the document
   * keeps it (closureCodec.ts): readKeptClosure decodes it where the text is needed.
   */
  encodedClosure?: string
}

export type CheckedStatement =
  | {ok: true; statement: ValidStatement}
  | {ok: false; failure: Failure; documentId?: string}

/** The keyring role each kind of statement needs. */
export const ROLE_FOR: Record<StatementKind, Role> = {
  submitted: 'writer',
  approved: 'medicalReviewer',
  changesRequested: 'medicalReviewer',
  published: 'publisher',
}

const VERB: Record<StatementKind, string> = {
  submitted: 'Submitted',
  approved: 'Approved',
  changesRequested: 'Changes requested',
  published: 'Published',
}

/**
 * Checks one statement document against the keyring: its payload's shape, that it is filed
 * under the page it was signed for, the key (known, the signer's, valid at signing time), the
 * signature, the signer's role for this kind of step, and the closure against its hash.
 */
export async function checkStatement(
  statement: {readonly _id: string},
  keyring: Keyring,
  crypto: LedgerCrypto,
  /** Exported statements travel without their closure (the page is its rendering). */
  options: {closureRequired?: boolean} = {},
): Promise<CheckedStatement> {
  const doc = statement as Readonly<Record<string, unknown>> & {_id: string}
  const id = doc._id
  if (typeof doc.payload !== 'string')
    return {ok: false, failure: failures.malformed(id, 'it has no payload')}
  const payload = readPayload(doc.payload)
  if (typeof payload === 'string') return {ok: false, failure: failures.malformed(id, payload)}
  const fail = (failure: Failure): CheckedStatement => ({
    ok: false,
    failure,
    documentId: payload.documentId,
  })
  const filedUnder = isRecord(doc.document) ? doc.document._ref : undefined
  if (filedUnder !== payload.documentId)
    return fail(failures.misfiled(id, String(filedUnder ?? 'no page'), payload.documentId))
  const {signer, keyId} = payload
  const owned = findKey(keyring, keyId)
  if (!owned) return fail(failures.unknownKey(id, keyId, signer))
  if (owned.person.id !== signer)
    return fail(failures.keyOfAnotherPerson(id, keyId, owned.person.id, signer))
  const keyProblem = keyProblemAt(owned.key, payload.signedAt)
  if (keyProblem) return fail(failures.keyNotValid(id, keyId, signer, keyProblem))
  const signature = signatureBytes(doc.signature)
  const data = new TextEncoder().encode(doc.payload) as Uint8Array<ArrayBuffer>
  if (!signature || !(await crypto.verify(owned.key.alg, owned.key.publicKey, data, signature)))
    return fail(failures.badSignature(id, keyId, signer))
  const role = ROLE_FOR[payload.kind]
  if (!owned.person.roles.includes(role))
    return fail(failures.roleMissing(id, VERB[payload.kind], keyId, signer, role))
  const closure = await keptClosure(doc, payload, crypto, options.closureRequired ?? true)
  if (typeof closure === 'object') return fail(closure)
  const hash = await crypto.sha256(doc.payload)
  return {
    ok: true,
    statement: {
      id,
      hash,
      payload,
      text: doc.payload,
      signature: doc.signature as string,
      ...(closure ? {encodedClosure: closure} : {}),
    },
  }
}

/**
 * Decisions keep the content they were made on; any closure kept must decode and hash to
 * contentHash. Returns the closure as kept (encoded), or the failure.
 */
async function keptClosure(
  doc: Readonly<Record<string, unknown>> & {_id: string},
  payload: StatementPayload,
  {sha256, decodeClosure: decode = decodeClosure}: LedgerCrypto,
  required: boolean,
): Promise<string | undefined | Failure> {
  const needed = required && (payload.kind === 'approved' || payload.kind === 'changesRequested')
  const mismatch = (why: string) => failures.closureMismatch(doc._id, why)
  if (doc.closure === undefined)
    return needed ? mismatch('it keeps no copy of the reviewed content') : undefined
  if (typeof doc.closure !== 'string')
    return mismatch('its copy of the reviewed content is not text')
  const decoded = await decode(doc.closure)
  if (!decoded.ok) return failures.closureUnreadable(doc._id, decoded.problem)
  if ((await sha256(decoded.text)) !== payload.contentHash)
    return mismatch('its copy of the reviewed content does not match the signed content hash')
  return doc.closure
}
