import type {ExportOptions} from '../exportContext.ts'
import {defaultKeyringFor, KeyringError, type LoadedKeyring, loadKeyring} from './keyringFile.ts'

/**
 * The keyring this export trusts, or none when approvals are not required (preview builds).
 * A demo keyring, whose private keys are public, never vouches for the live Content Lake.
 */
export async function trustedKeyring(
  options: Pick<ExportOptions, 'source' | 'keyring' | 'requireApproval' | 'perspective'>,
): Promise<LoadedKeyring | undefined> {
  if (!(options.requireApproval ?? options.perspective === 'published')) return undefined
  const source = options.source
  const path =
    options.keyring ?? defaultKeyringFor(source.kind === 'live' ? undefined : source.path)
  const loaded = await loadKeyring(path)
  if (loaded.keyring.purpose === 'demo' && source.kind === 'live') {
    throw new KeyringError(
      `${path} is a demo keyring: its private keys are published with the tests, so anyone could sign as its people. It cannot vouch for the live Content Lake; use the production keyring (review/keyring.json).`,
    )
  }
  return loaded
}
