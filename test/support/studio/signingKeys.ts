import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Page} from 'playwright'
import {DEMO_KEYS_DIR, DemoSigner} from '../../../pipeline/demo/demoSigner.ts'
import type {Algorithm, PublicJwk} from '../../../pipeline/workflow/keyring.ts'
import {publicJwkOf} from '../../../pipeline/workflow/signature.ts'
import {
  SIGNING_KEY_DATABASE,
  type StoredKey,
  scopeOf,
} from '../../../studio/review/signingKeyStore.ts'
import type {DemoKeyFile} from '../demoLocalKeys.ts'

/** A demo person's key, as the browser is given it. */
export interface DemoSigningKey {
  person: string
  kid: string
  alg: Algorithm
  privateJwk: JsonWebKey
  publicJwk: PublicJwk
}

/**
 * The demo key of the keyring person named `name` (a stand-in user's name) that is valid now:
 * Li Chen's second key, her first being revoked. Undefined for people outside the demo keyring.
 */
export function demoKeyOf(name: string, now = new Date()): DemoSigningKey | undefined {
  const signer = new DemoSigner()
  const person = signer.keyring.people.find((p) => p.name === name)
  if (!person) return undefined
  const kid = signer.keyIdFor(person.id, now.toISOString())
  const file = JSON.parse(
    readFileSync(join(DEMO_KEYS_DIR, `${kid}.jwk.json`), 'utf8'),
  ) as DemoKeyFile
  return {
    person: person.id,
    kid,
    alg: file.alg,
    privateJwk: file.privateKey,
    publicJwk: publicJwkOf(file.privateKey),
  }
}

interface InstallInput {
  key: Omit<DemoSigningKey, 'person' | 'kid'>
  scope: string
  database: typeof SIGNING_KEY_DATABASE
}

/**
 * Runs in the page: imports the private key non-extractable (as the Studio generates its own)
 * and stores the pair as signingKeyStore.ts does. Self-contained: it is sent to the browser.
 */
async function installInPage({key, scope, database}: InstallInput) {
  const params = key.alg === 'Ed25519' ? {name: 'Ed25519'} : {name: 'ECDSA', namedCurve: 'P-256'}
  const privateKey = await crypto.subtle.importKey('jwk', key.privateJwk, params, false, ['sign'])
  const publicKey = await crypto.subtle.importKey('jwk', key.publicJwk, params, true, ['verify'])
  const request = indexedDB.open(database.name, database.version)
  request.onupgradeneeded = () =>
    request.result.createObjectStore(database.store, {keyPath: 'scope'})
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const record: StoredKey = {
    scope,
    alg: key.alg,
    keys: {privateKey, publicKey},
    createdAt: new Date().toISOString(),
  }
  const transaction = db.transaction(database.store, 'readwrite')
  transaction.objectStore(database.store).put(record)
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve
    transaction.onerror = () => reject(transaction.error)
  })
  db.close()
  return {extractable: privateKey.extractable, usages: privateKey.usages}
}

/** An empty page on the Studio's origin, so that the key lands in the Studio's IndexedDB. */
const SETUP_PATH = '/signing-key-setup'

/**
 * Gives the browser of `page` a demo person's signing key before the Studio first reads it:
 * on an empty page of the Studio's origin (a secure context: http on 127.0.0.1), the private
 * key is imported non-extractable and stored under the project's scope in IndexedDB.
 */
export async function installSigningKey(
  page: Page,
  studioUrl: string,
  projectId: string,
  key: DemoSigningKey,
): Promise<void> {
  const url = `${studioUrl}${SETUP_PATH}`
  await page.route(url, (route) =>
    route.fulfill({contentType: 'text/html', body: '<!doctype html><title>Signing key</title>'}),
  )
  await page.goto(url)
  await page.unroute(url)
  const {privateJwk, publicJwk, alg} = key
  const stored = await page.evaluate(installInPage, {
    key: {privateJwk, publicJwk, alg},
    scope: scopeOf(projectId),
    database: SIGNING_KEY_DATABASE,
  })
  if (stored.extractable || stored.usages.join() !== 'sign')
    throw new Error(`The key ${key.kid} was stored extractable or for more than signing.`)
}
