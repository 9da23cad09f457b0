import {canonicalJson} from './canonical.ts'
import {fromBase64Url} from './digest.ts'

/**
 * Signed review statements: each review step that matters is a statement a person signs, stored
 * in the dataset as a `reviewStatement` document. The dataset is not trusted, so only what is
 * signed counts: the document's reference to its page is an index for queries, nothing more.
 */

export const STATEMENT_TYPE = 'reviewStatement'
export const STATEMENT_VERSION = 1

export const STATEMENT_KINDS = ['submitted', 'approved', 'changesRequested', 'published'] as const
export type StatementKind = (typeof STATEMENT_KINDS)[number]

/** A full medical review resets the review date; a review of a change does not. */
export type ReviewScope = 'full' | 'change'

/**
 * What each signature means, shown wherever the signature is (21 CFR Part 11 §11.50) and signed
 * with it, so a statement cannot claim one meaning and carry another.
 */
export const MEANINGS = {
  submitted: 'I submit this content for medical review as its author.',
  approvedFull: 'I approve this content as medically accurate and complete.',
  approvedChange:
    'I approve the changes to this content as medically accurate; the rest of the page was not reviewed again.',
  changesRequested: 'I request changes to this content before it can be approved.',
  published: 'I publish this approved content to readers.',
} as const

export function meaningOf(kind: StatementKind, scope?: ReviewScope): string {
  if (kind === 'approved')
    return scope === 'change' ? MEANINGS.approvedChange : MEANINGS.approvedFull
  return MEANINGS[kind]
}

/** The signed fields; their RFC 8785 form is what is signed and hashed. */
export interface StatementPayload {
  v: typeof STATEMENT_VERSION
  kind: StatementKind
  /** The published id of the page. */
  documentId: string
  documentType: string
  /** sha256 of the page's canonical content closure (closure.ts). */
  contentHash: string
  /** Keyring person id of the signer. */
  signer: string
  keyId: string
  /** ISO 8601 in UTC, as `Date#toISOString` writes it. */
  signedAt: string
  meaning: string
  /** Hash of the previous statement about the same page, or null for the first. */
  previous: string | null
  /** Approvals: a full review or a review of a change. */
  scope?: ReviewScope
  /** Full reviews: months until the next review is due. */
  reviewIntervalMonths?: number
  /** Required when requesting changes. */
  comment?: string
}

/** A statement as stored in the dataset. */
export interface StatementDocument {
  _id: string
  _type: typeof STATEMENT_TYPE
  /** Index for queries; never trusted (the payload names the page). */
  document: {_type: 'reference'; _ref: string; _weak: true}
  /** The canonical payload, exactly the bytes that were signed. */
  payload: string
  /** base64url of the signature over the payload's UTF-8 bytes. */
  signature: string
  /**
   * Approvals and requests for changes: the canonical content closure the hash covers, ENCODED
   * (base64 of its raw DEFLATE, closureCodec.ts); the hash is of the decoded text.
   */
  closure?: string
}

export const HASH = /^[0-9a-f]{64}$/
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** `statement-<payload hash>`: a copy under another id is recognised as the same statement. */
export const statementIdOf = (hash: string) => `statement-${hash}`

export function payloadText(payload: StatementPayload): string {
  return canonicalJson(payload)
}

/** The statement's fields, checked for shape only: signatures and keys come later. */
export function readPayload(text: string): StatementPayload | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'its payload is not JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'its payload is not a JSON object'
  const p = value as Record<string, unknown>
  if (canonicalJson(p) !== text) return 'its payload is not in canonical form (RFC 8785)'
  return shapeProblem(p) ?? (p as unknown as StatementPayload)
}

const ALLOWED = new Set([
  'v',
  'kind',
  'documentId',
  'documentType',
  'contentHash',
  'signer',
  'keyId',
  'signedAt',
  'meaning',
  'previous',
  'scope',
  'reviewIntervalMonths',
  'comment',
])

function shapeProblem(p: Record<string, unknown>): string | undefined {
  const extra = Object.keys(p).find((key) => !ALLOWED.has(key))
  if (extra) return `its payload has an unknown field "${extra}"`
  if (p.v !== STATEMENT_VERSION) return `its payload version is ${String(p.v)}, not 1`
  if (!STATEMENT_KINDS.includes(p.kind as StatementKind)) return 'its kind is unknown'
  for (const field of ['documentId', 'documentType', 'signer', 'keyId', 'meaning'] as const)
    if (typeof p[field] !== 'string' || p[field] === '') return `its ${field} is missing`
  if (typeof p.contentHash !== 'string' || !HASH.test(p.contentHash))
    return 'its contentHash is not a sha256'
  if (typeof p.signedAt !== 'string' || !ISO_INSTANT.test(p.signedAt))
    return 'its signedAt is not an ISO 8601 instant in UTC'
  if (p.previous !== null && (typeof p.previous !== 'string' || !HASH.test(p.previous)))
    return 'its previous is neither null nor a statement hash'
  return kindShapeProblem(p)
}

function kindShapeProblem(p: Record<string, unknown>): string | undefined {
  if (p.kind === 'approved') {
    if (p.scope !== 'full' && p.scope !== 'change') return 'an approval must say its scope'
    if (p.scope === 'full') {
      const months = p.reviewIntervalMonths
      if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 60)
        return 'a full review must set reviewIntervalMonths (1 to 60)'
    } else if (p.reviewIntervalMonths !== undefined)
      return 'only a full review sets reviewIntervalMonths'
  } else if (p.scope !== undefined || p.reviewIntervalMonths !== undefined) {
    return 'only an approval has a scope'
  }
  if (p.comment !== undefined && typeof p.comment !== 'string') return 'its comment is not text'
  if (p.kind === 'changesRequested' && !(p.comment as string | undefined)?.trim())
    return 'a request for changes must say what to change'
  if (p.meaning !== meaningOf(p.kind as StatementKind, p.scope as ReviewScope | undefined))
    return `its meaning is not the one a ${String(p.kind)} statement signs`
  return undefined
}

/** The signature's bytes, or undefined when it is not base64url. */
export function signatureBytes(signature: unknown): Uint8Array<ArrayBuffer> | undefined {
  return typeof signature === 'string' ? fromBase64Url(signature) : undefined
}
