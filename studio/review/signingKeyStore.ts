import type {Algorithm, PublicJwk} from '../../pipeline/workflow/keyring.ts'
import {
  algorithmOfJwk,
  generateSigningKey,
  jwkThumbprint,
  publicJwkOf,
} from '../../pipeline/workflow/signature.ts'

/**
 * The browser's signing key, kept in IndexedDB: one per browser profile and Sanity project. The
 * private key is generated non-extractable, so no script (ours included) can read or copy it;
 * IndexedDB stores the CryptoKeyPair object itself (structured clone), never its bytes.
 */
const DB_NAME = 'tumour-pages-review'
const DB_VERSION = 1
const STORE = 'signingKeys'

/** Where keys live, for tests that put a demo person's key into a real Studio's browser. */
export const SIGNING_KEY_DATABASE = {name: DB_NAME, version: DB_VERSION, store: STORE} as const

/** One record of the store, keyed by `scope`: the key pair itself, never its bytes. */
export interface StoredKey {
  scope: string
  alg: Algorithm
  keys: CryptoKeyPair
  createdAt: string
}

/** A signing key as the Studio uses it: the key pair plus what the keyring knows it by. */
export interface LocalSigningKey {
  scope: string
  alg: Algorithm
  privateKey: CryptoKey
  publicJwk: PublicJwk
  /** RFC 7638 thumbprint of the public key: the key id in the keyring and in statements. */
  kid: string
  createdAt: string
}

/** The IndexedDB key of a project's signing key. */
export const scopeOf = (projectId: string) => `project:${projectId}`

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function openDatabase(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined')
    return Promise.reject(new Error('This browser has no IndexedDB, so it cannot keep a key.'))
  const request = indexedDB.open(DB_NAME, DB_VERSION)
  request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: 'scope'})
  return promised(request)
}

/** Runs one request in its own transaction and closes the connection afterwards. */
async function withStore<T>(
  mode: IDBTransactionMode,
  use: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDatabase()
  try {
    const transaction = db.transaction(STORE, mode)
    const result = await promised(use(transaction.objectStore(STORE)))
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve()
      transaction.onerror = () => reject(transaction.error)
      transaction.onabort = () => reject(transaction.error)
    })
    return result
  } finally {
    db.close()
  }
}

async function describe(stored: StoredKey): Promise<LocalSigningKey> {
  const jwk = await crypto.subtle.exportKey('jwk', stored.keys.publicKey)
  const publicJwk = publicJwkOf(jwk)
  if (algorithmOfJwk(publicJwk) !== stored.alg)
    throw new Error(`The stored signing key of ${stored.scope} is not an ${stored.alg} key.`)
  return {
    scope: stored.scope,
    alg: stored.alg,
    privateKey: stored.keys.privateKey,
    publicJwk,
    kid: await jwkThumbprint(publicJwk),
    createdAt: stored.createdAt,
  }
}

/** This browser's key for `scope`, or undefined when it has none yet. */
export async function loadSigningKey(scope: string): Promise<LocalSigningKey | undefined> {
  const stored = await withStore<StoredKey | undefined>('readonly', (store) => store.get(scope))
  return stored ? describe(stored) : undefined
}

/**
 * The key for `scope`, generated on first use. Two tabs creating one at once both end up with
 * the first key stored: `add` refuses to overwrite, and the loser reads the winner's key.
 */
export async function ensureSigningKey(scope: string, now = new Date()): Promise<LocalSigningKey> {
  const existing = await loadSigningKey(scope)
  if (existing) return existing
  const {alg, keys} = await generateSigningKey()
  const stored: StoredKey = {scope, alg, keys, createdAt: now.toISOString()}
  try {
    await withStore('readwrite', (store) => store.add(stored))
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'ConstraintError')) throw error
  }
  const kept = await loadSigningKey(scope)
  if (!kept) throw new Error('The new signing key could not be stored in this browser.')
  return kept
}

/**
 * Deletes this browser's key for `scope` and makes a new one: for a key the keyring revoked or
 * that expired. The old key cannot be recovered; statements it signed stay valid.
 */
export async function replaceSigningKey(scope: string, now = new Date()): Promise<LocalSigningKey> {
  await withStore('readwrite', (store) => store.delete(scope))
  return ensureSigningKey(scope, now)
}

/** Stores a key pair made elsewhere: tests hold demo people's keys, imported non-extractable. */
export async function storeSigningKey(
  scope: string,
  alg: Algorithm,
  keys: CryptoKeyPair,
  now = new Date(),
): Promise<LocalSigningKey> {
  await withStore('readwrite', (store) =>
    store.put({scope, alg, keys, createdAt: now.toISOString()} satisfies StoredKey),
  )
  return (await loadSigningKey(scope)) as LocalSigningKey
}
