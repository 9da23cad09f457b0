import type {ValidStatement} from '../workflow/checkStatement.ts'
import {findPerson, type Keyring} from '../workflow/keyring.ts'

/** Names come from the keyring entry that signed, never from the dataset (which anyone can write). */
export function personName(keyring: Keyring, id: string): string {
  return findPerson(keyring, id)?.name ?? `${id} (not in the keyring)`
}

/** The name with credentials, as a signature shows it: "Li Chen (MD, FRCPath)". */
export function personTitle(keyring: Keyring, id: string): string {
  const person = findPerson(keyring, id)
  if (!person) return personName(keyring, id)
  return person.credentials.length > 0
    ? `${person.name} (${person.credentials.join(', ')})`
    : person.name
}

export const dateOf = (iso: string) => iso.slice(0, 10)

/** "2026-10-12 by Li Chen": when and by whom a statement was signed. */
export const signedOn = (statement: ValidStatement, keyring: Keyring) =>
  `${dateOf(statement.payload.signedAt)} by ${personName(keyring, statement.payload.signer)}`

/** "2026-10-12 16:05 UTC": the signing time to the minute, as Part 11 §11.50 asks. */
export const signedAt = (statement: ValidStatement) =>
  `${statement.payload.signedAt.slice(0, 10)} ${statement.payload.signedAt.slice(11, 16)} UTC`
