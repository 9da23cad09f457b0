import {readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Ajv2020} from 'ajv/dist/2020.js'
import {checkOrcid} from '../../schemas/rules/orcid.ts'
import {sha256} from '../hash.ts'
import {canonicalJson} from '../workflow/canonical.ts'
import type {Keyring} from '../workflow/keyring.ts'
import {algorithmOfJwk, jwkThumbprint} from '../workflow/signature.ts'

/** The keyring file is missing, invalid, or not allowed for the source: a configuration error. */
export class KeyringError extends Error {
  override name = 'KeyringError'
}

export interface LoadedKeyring {
  keyring: Keyring
  /** The path as given, for the report. */
  path: string
  /** sha256 of the keyring's canonical JSON: cached verdicts hold only for this keyring. */
  fingerprint: string
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const PRODUCTION_KEYRING = join(ROOT, 'review/keyring.json')
export const DEMO_KEYRING = join(ROOT, 'review/demo-keyring.json')
const EMBEDDED_DATASET = join(ROOT, 'content')

let validate: ReturnType<Ajv2020['compile']> | undefined
function schemaCheck(value: unknown): string | undefined {
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(ROOT, 'review/keyring.schema.json'), 'utf8'))
    validate = new Ajv2020({allErrors: true, strict: false}).compile(schema)
  }
  if (validate(value)) return undefined
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}`)
    .join('; ')
}

/**
 * The keyring the export trusts when none is named: the demo keyring only for the embedded demo
 * dataset in content/, whose statements it signed; the production keyring for anything else.
 */
export function defaultKeyringFor(sourcePath: string | undefined): string {
  if (!sourcePath) return PRODUCTION_KEYRING
  const inside = relative(EMBEDDED_DATASET, resolve(sourcePath))
  return inside && !inside.startsWith('..') && !inside.startsWith('/')
    ? DEMO_KEYRING
    : PRODUCTION_KEYRING
}

/** A keyring inside the repository by its path there, so reports and manifests match on any machine. */
function shownPath(path: string): string {
  const inside = relative(ROOT, resolve(path))
  return inside && !inside.startsWith('..') && !inside.startsWith('/') ? inside : path
}

/** Reads and checks a keyring: the schema, unique ids, and key ids that are their keys' thumbprints. */
export async function loadKeyring(path: string): Promise<LoadedKeyring> {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new KeyringError(`Cannot read the keyring ${path}: ${(error as Error).message}`)
  }
  const problem = schemaCheck(value)
  if (problem)
    throw new KeyringError(
      `The keyring ${path} does not match review/keyring.schema.json: ${problem}`,
    )
  const keyring = value as Keyring & {$schema?: string; note?: string}
  await checkKeys(keyring, path)
  const {$schema: _schema, note: _note, ...trusted} = keyring
  return {keyring: trusted, path: shownPath(path), fingerprint: sha256(canonicalJson(trusted))}
}

async function checkKeys(keyring: Keyring, path: string): Promise<void> {
  const people = new Set<string>()
  const kids = new Set<string>()
  for (const person of keyring.people) {
    if (people.has(person.id)) throw new KeyringError(`${path}: ${person.id} is listed twice.`)
    const orcid = person.orcid ? checkOrcid(person.orcid) : undefined
    if (orcid) throw new KeyringError(`${path}: ${person.id}: ${orcid}`)
    people.add(person.id)
    for (const key of person.keys) {
      const where = `${path}: key ${key.kid} of ${person.id}`
      if (kids.has(key.kid)) throw new KeyringError(`${where} is listed twice.`)
      kids.add(key.kid)
      if ((await jwkThumbprint(key.publicKey)) !== key.kid)
        throw new KeyringError(
          `${where}: the kid is not the key's RFC 7638 thumbprint. Copy both from the Studio's Signing key tool.`,
        )
      if (algorithmOfJwk(key.publicKey) !== key.alg)
        throw new KeyringError(`${where}: alg ${key.alg} does not fit the public key.`)
      if (!(Date.parse(key.notBefore) < Date.parse(key.notAfter)))
        throw new KeyringError(`${where}: notBefore must be before notAfter.`)
    }
  }
}
