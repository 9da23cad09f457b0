import {
  findKey,
  type Keyring,
  type KeyringKey,
  type KeyringPerson,
  keyProblemAt,
  type Role,
} from '../../pipeline/workflow/keyring.ts'
import {type Actor, actorOf, NOT_ENROLLED} from '../../pipeline/workflow/workflow.ts'
import type {LocalSigningKey} from './signingKeyStore.ts'

/** How long a new key is valid: the keyring entry's notAfter, two years from enrollment. */
export const KEY_VALIDITY_YEARS = 2

/** The entry an administrator pastes into the signer's `keys` in the keyring. */
export function keyringEntryFor(key: LocalSigningKey, now: Date): KeyringKey {
  const notAfter = new Date(now)
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + KEY_VALIDITY_YEARS)
  return {
    kid: key.kid,
    alg: key.alg,
    publicKey: key.publicJwk,
    notBefore: now.toISOString(),
    notAfter: notAfter.toISOString(),
    revoked: false,
  }
}

/** Who this browser signs as: the keyring person owning its key, if the key may sign now. */
export type Signer =
  | {ok: true; actor: Actor; person: KeyringPerson; key: KeyringKey; local: LocalSigningKey}
  | {ok: false; reason: string; person?: KeyringPerson}

export function signerOf(keyring: Keyring, local: LocalSigningKey | undefined, now: Date): Signer {
  const owned = local ? findKey(keyring, local.kid) : undefined
  if (!local || !owned) return {ok: false, reason: NOT_ENROLLED}
  const problem = keyProblemAt(owned.key, now.toISOString())
  if (problem)
    return {
      ok: false,
      person: owned.person,
      reason: `Your signing key cannot sign now: ${problem}. Open the Signing key tool, create a new key and ask an administrator to add it to the keyring.`,
    }
  return {ok: true, actor: actorOf(owned.person), person: owned.person, key: owned.key, local}
}

export const ROLE_TITLES: Record<Role, string> = {
  writer: 'Medical writer',
  medicalReviewer: 'Medical reviewer',
  publisher: 'Publisher',
}

/** "Amira Haddad, MD, PhD": how a signer is named wherever their signature is shown. */
export function signerTitle(person: Pick<KeyringPerson, 'name' | 'credentials'>): string {
  return [person.name, ...person.credentials].join(', ')
}

/** A keyring person as the Signing key tool lists them (read-only). */
export interface PersonRow {
  id: string
  title: string
  roles: string
  keys: string
}

export function keyringRows(keyring: Keyring, now: Date): PersonRow[] {
  return keyring.people.map((person) => {
    const valid = person.keys.filter((key) => !keyProblemAt(key, now.toISOString())).length
    const others = person.keys.length - valid
    return {
      id: person.id,
      title: signerTitle(person),
      roles: person.roles.map((role) => ROLE_TITLES[role]).join(', '),
      keys: `${valid} valid${others > 0 ? `, ${others} expired or revoked` : ''}`,
    }
  })
}
