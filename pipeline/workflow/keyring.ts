/**
 * The reviewer keyring: who may sign which review step, with which public keys. It lives in the
 * repository (review/*.json, checked against review/keyring.schema.json) and changes only
 * through code review; nothing in the dataset can add a person, a role or a key.
 */

export const ROLES = ['writer', 'medicalReviewer', 'publisher'] as const
export type Role = (typeof ROLES)[number]

export const ALGORITHMS = ['Ed25519', 'ES256'] as const
/** Ed25519, or ECDSA P-256 with SHA-256 (ES256) where a browser lacks Ed25519. */
export type Algorithm = (typeof ALGORITHMS)[number]

export interface PublicJwk {
  kty: string
  crv: string
  x: string
  y?: string
}

export interface KeyringKey {
  /** The key's RFC 7638 thumbprint (see thumbprint.ts), so a key id cannot name another key. */
  kid: string
  alg: Algorithm
  publicKey: PublicJwk
  /** The key signs validly from this instant (ISO 8601, UTC) … */
  notBefore: string
  /** … until this one. */
  notAfter: string
  /** False, or when and why the key was withdrawn; signatures made from then on do not count. */
  revoked: false | {at: string; reason: string}
}

export interface KeyringPerson {
  id: string
  name: string
  credentials: string[]
  orcid?: string
  roles: Role[]
  keys: KeyringKey[]
}

export interface Keyring {
  /** A demo keyring's private keys are published with the tests: it vouches for demo data only. */
  purpose: 'production' | 'demo'
  people: KeyringPerson[]
}

export function findPerson(keyring: Keyring, id: string): KeyringPerson | undefined {
  return keyring.people.find((person) => person.id === id)
}

/** The person and key that own a key id, wherever in the keyring it is. */
export function findKey(
  keyring: Keyring,
  kid: string,
): {person: KeyringPerson; key: KeyringKey} | undefined {
  for (const person of keyring.people) {
    const key = person.keys.find((k) => k.kid === kid)
    if (key) return {person, key}
  }
  return undefined
}

/** Why a key could not sign at `time`, or undefined when it could. */
export function keyProblemAt(key: KeyringKey, time: string): string | undefined {
  const at = Date.parse(time)
  if (Number.isNaN(at)) return 'its signing time is not a valid date'
  if (at < Date.parse(key.notBefore)) return `the key is valid only from ${key.notBefore}`
  if (at >= Date.parse(key.notAfter)) return `the key expired at ${key.notAfter}`
  if (key.revoked && at >= Date.parse(key.revoked.at))
    return `the key was revoked at ${key.revoked.at} (${key.revoked.reason})`
  return undefined
}

/** What a page shows of the person who signed: name and credentials from the keyring. */
export function displayOf(person: KeyringPerson): {
  name: string
  credentials: string[]
  orcid?: string
} {
  return {
    name: person.name,
    credentials: [...person.credentials],
    ...(person.orcid ? {orcid: person.orcid} : {}),
  }
}
