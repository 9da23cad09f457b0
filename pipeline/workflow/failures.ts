/**
 * Every reason a statement or a page's review does not count, with one code and one message
 * wherever it is shown: the export's report, the review report and the Studio's badge.
 */
export type FailureCode =
  | 'statement-malformed'
  | 'statement-misfiled'
  | 'unknown-key'
  | 'key-of-another-person'
  | 'key-not-valid'
  | 'bad-signature'
  | 'role-missing'
  | 'closure-mismatch'
  | 'closure-unreadable'
  | 'chain-broken'
  | 'chain-out-of-order'
  | 'chain-fork'
  | 'not-submitted'
  | 'self-approval'
  | 'published-unapproved'

export interface Failure {
  code: FailureCode
  /** The statement (or page) it is about. */
  id: string
  message: string
}

const ROLE_NAMES = {
  writer: 'a writer',
  medicalReviewer: 'a medical reviewer',
  publisher: 'a publisher',
} as const

export const failures = {
  malformed: (id: string, why: string): Failure => ({
    code: 'statement-malformed',
    id,
    message: `Review statement ${id} counts for nothing: ${why}. Statements are written by the Studio's review actions only; remove this one.`,
  }),
  misfiled: (id: string, filedUnder: string, signedFor: string): Failure => ({
    code: 'statement-misfiled',
    id,
    message: `Review statement ${id} is filed under ${filedUnder} but was signed for ${signedFor}: a copy from another document counts for nothing. Remove it.`,
  }),
  unknownKey: (id: string, kid: string, signer: string): Failure => ({
    code: 'unknown-key',
    id,
    message: `Review statement ${id} is signed with key ${kid}, which is not in the reviewer keyring, so it counts for nothing. If ${signer} signed it, add their key to the keyring through code review and sign again.`,
  }),
  keyOfAnotherPerson: (id: string, kid: string, owner: string, signer: string): Failure => ({
    code: 'key-of-another-person',
    id,
    message: `Review statement ${id} names ${signer} as signer but key ${kid} belongs to ${owner}, so it counts for nothing.`,
  }),
  keyNotValid: (id: string, kid: string, signer: string, why: string): Failure => ({
    code: 'key-not-valid',
    id,
    message: `Review statement ${id} was signed with key ${kid} of ${signer}, but ${why}, so it counts for nothing. Sign again with a current key.`,
  }),
  badSignature: (id: string, kid: string, signer: string): Failure => ({
    code: 'bad-signature',
    id,
    message: `Review statement ${id}: the signature does not match key ${kid} of ${signer}; the statement was changed or forged and counts for nothing.`,
  }),
  roleMissing: (
    id: string,
    verb: string,
    kid: string,
    signer: string,
    role: keyof typeof ROLE_NAMES,
  ): Failure => ({
    code: 'role-missing',
    id,
    message: `${verb} with key ${kid} of ${signer}, who is not ${ROLE_NAMES[role]} in the keyring (statement ${id}), so it counts for nothing.`,
  }),
  closureMismatch: (id: string, why: string): Failure => ({
    code: 'closure-mismatch',
    id,
    message: `Review statement ${id} counts for nothing: ${why}. The reviewed content must be kept exactly as signed; review the page again.`,
  }),
  closureUnreadable: (id: string, why: string): Failure => ({
    code: 'closure-unreadable',
    id,
    message: `Review statement ${id} counts for nothing: the reviewed content it keeps cannot be read (${why}). Statements keep it as the Studio writes it (base64 of the raw DEFLATE of the canonical content); review the page again.`,
  }),
  chainBroken: (id: string, previous: string): Failure => ({
    code: 'chain-broken',
    id,
    message: `Review statement ${id} follows statement ${previous}, which is missing or not valid, so it counts for nothing. Restore the missing statement, or review the page again.`,
  }),
  outOfOrder: (id: string, previous: string): Failure => ({
    code: 'chain-out-of-order',
    id,
    message: `Review statement ${id} claims a signing time before the statement it follows (${previous}), so it counts for nothing.`,
  }),
  fork: (id: string, head: string): Failure => ({
    code: 'chain-fork',
    id,
    message: `Review statement ${id} is on a branch of the review history that later statements did not follow (the history continues with ${head}); it is ignored.`,
  }),
  notSubmitted: (id: string, signer: string): Failure => ({
    code: 'not-submitted',
    id,
    message: `Approval ${id} by ${signer} does not count: nobody submitted that content for review first. Submit the page, then approve it.`,
  }),
  selfApproval: (id: string, signer: string): Failure => ({
    code: 'self-approval',
    id,
    message: `Approval ${id} does not count: approved by its own submitter (${signer}). Another medical reviewer must approve it (four-eyes rule).`,
  }),
  publishedUnapproved: (id: string, signer: string): Failure => ({
    code: 'published-unapproved',
    id,
    message: `Publication ${id} by ${signer} does not count: no valid approval of exactly that content precedes it. Have the page approved, then publish it.`,
  }),
}
