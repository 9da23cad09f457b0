import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import demoKeyring from '../../review/demo-keyring.json' with {type: 'json'}
import productionKeyring from '../../review/keyring.json' with {type: 'json'}

/**
 * The reviewer keyring the Studio verifies and signs against, bundled at build time: the trust
 * root lives in the repository, never in the dataset. `SANITY_STUDIO_KEYRING=demo` selects the
 * demo keyring (its private keys are public: demo data only); unset, the production keyring.
 */
export type KeyringName = 'production' | 'demo'

export function keyringNameOf(value: string | undefined): KeyringName {
  if (value === undefined || value === '' || value === 'production') return 'production'
  if (value === 'demo') return 'demo'
  throw new Error(
    `SANITY_STUDIO_KEYRING is "${value}": set it to "demo" for review/demo-keyring.json, or leave it unset for review/keyring.json.`,
  )
}

/** The keyring file as reviewed, without the members that only document it. */
function trusted(file: {purpose: string; people: unknown[]}): Keyring {
  const {purpose, people} = file
  return {purpose, people} as Keyring
}

export function keyringFor(name: KeyringName): Keyring {
  return trusted(name === 'demo' ? demoKeyring : productionKeyring)
}

/**
 * The build-time value: Vite replaces `process.env.SANITY_STUDIO_KEYRING` with it in the bundle
 * (only SANITY_STUDIO_ variables reach it). Unset, the expression stays, and a browser without
 * `process` throws, hence the catch (a `typeof process` test would hide the inlined value).
 */
function buildVariable(): string | undefined {
  try {
    return process.env.SANITY_STUDIO_KEYRING
  } catch {
    return undefined
  }
}

export const KEYRING_NAME: KeyringName = keyringNameOf(buildVariable())

export const bundledKeyring: Keyring = keyringFor(KEYRING_NAME)

/** Where the bundled keyring comes from, for the Signing key tool. */
export const KEYRING_FILE =
  KEYRING_NAME === 'demo' ? 'review/demo-keyring.json' : 'review/keyring.json'
