import {createPublicKey, type KeyObject, verify} from 'node:crypto'
import {sha256} from '../hash.ts'
import type {LedgerCrypto} from '../workflow/checkStatement.ts'
import type {PublicJwk} from '../workflow/keyring.ts'
import {nodeDecodeClosure} from './nodeClosureDecoder.ts'

/**
 * The ledger's crypto with Node's synchronous primitives, faster per signature than Web Crypto
 * (README, performance): a cold export checks every statement.
 */
export function nodeLedgerCrypto(): LedgerCrypto {
  const keys = new Map<string, KeyObject>()
  const keyOf = (jwk: PublicJwk) => {
    const id = `${jwk.kty}:${jwk.crv}:${jwk.x}:${jwk.y ?? ''}`
    let key = keys.get(id)
    if (!key) {
      key = createPublicKey({key: {...jwk}, format: 'jwk'})
      keys.set(id, key)
    }
    return key
  }
  return {
    sha256,
    decodeClosure: nodeDecodeClosure,
    verify(alg, publicKey, data, signature) {
      try {
        if (alg === 'Ed25519') return verify(null, data, keyOf(publicKey), signature)
        return verify('sha256', data, {key: keyOf(publicKey), dsaEncoding: 'ieee-p1363'}, signature)
      } catch {
        return false
      }
    },
  }
}
