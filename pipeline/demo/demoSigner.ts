import {createPrivateKey, type KeyObject, sign} from 'node:crypto'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {createStatement, type StatementInput} from '../workflow/createStatement.ts'
import {toBase64Url} from '../workflow/digest.ts'
import {findPerson, type Keyring, keyProblemAt} from '../workflow/keyring.ts'
import type {StatementDocument} from '../workflow/statement.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A revision id of the Content Lake's shape (22 letters and digits), derived from the statement. */
function revisionOf(id: string): string {
  const hex = id.slice(-44)
  let rev = ''
  for (let i = 0; i < 22; i++)
    rev += ALPHABET[Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 62]
  return rev
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const DEMO_KEYS_DIR = join(ROOT, 'test/fixtures/demo-keys')

interface DemoKeyFile {
  person: string
  kid: string
  alg: 'Ed25519' | 'ES256'
  privateKey: JsonWebKey
}

/**
 * Signs review statements as the demo people of review/demo-keyring.json, with their private
 * keys from test/fixtures/demo-keys (public, demo only): for the embedded dataset, the synthetic
 * benchmark dataset and the tests. Node's synchronous signing keeps 30,000 statements fast.
 */
export class DemoSigner {
  readonly keyring: Keyring
  readonly #keys = new Map<string, {file: DemoKeyFile; key: KeyObject}>()

  constructor(keyring?: Keyring) {
    this.keyring =
      keyring ??
      (JSON.parse(readFileSync(join(ROOT, 'review/demo-keyring.json'), 'utf8')) as Keyring)
    for (const name of readdirSync(DEMO_KEYS_DIR).filter((n) => n.endsWith('.jwk.json'))) {
      const file = JSON.parse(readFileSync(join(DEMO_KEYS_DIR, name), 'utf8')) as DemoKeyFile
      this.#keys.set(file.kid, {
        file,
        key: createPrivateKey({key: file.privateKey as never, format: 'jwk'}),
      })
    }
  }

  /** The id of a key of `person` that is valid at `at` (the first one in the keyring). */
  keyIdFor(person: string, at: string): string {
    const entry = findPerson(this.keyring, person)
    const key = entry?.keys.find((k) => !keyProblemAt(k, at) && this.#keys.has(k.kid))
    if (!key) throw new Error(`No demo key of ${person} is valid at ${at}.`)
    return key.kid
  }

  /** Signs with a named key, valid or not (tests sign with expired and revoked keys on purpose). */
  signWith(kid: string): (payload: string) => Promise<string> {
    const entry = this.#keys.get(kid)
    if (!entry) throw new Error(`No demo private key ${kid}.`)
    return async (payload) => {
      const data = Buffer.from(payload, 'utf8')
      const signature =
        entry.file.alg === 'Ed25519'
          ? sign(null, data, entry.key)
          : sign('sha256', data, {key: entry.key, dsaEncoding: 'ieee-p1363'})
      return toBase64Url(new Uint8Array(signature))
    }
  }

  /**
   * A statement signed by `signer` with their key valid at `signedAt` (or the key given), with
   * the system fields the Content Lake adds when it is created, as in a dataset export.
   */
  async statement(
    input: Omit<StatementInput, 'keyId'> & {keyId?: string},
  ): Promise<StatementDocument & {_rev: string; _createdAt: string; _updatedAt: string}> {
    const keyId = input.keyId ?? this.keyIdFor(input.signer, input.signedAt)
    const statement = await createStatement({...input, keyId}, this.signWith(keyId))
    const created = input.signedAt.replace('.000Z', 'Z')
    return {...statement, _rev: revisionOf(statement._id), _createdAt: created, _updatedAt: created}
  }
}
