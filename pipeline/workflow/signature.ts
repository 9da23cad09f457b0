import {canonicalJson} from './canonical.ts'
import {sha256Hex, toBase64Url} from './digest.ts'
import type {Algorithm, PublicJwk} from './keyring.ts'

/** Checks one signature; the pipeline plugs in Node's synchronous crypto, the Studio Web Crypto. */
export interface SignatureVerifier {
  verify(
    alg: Algorithm,
    publicKey: PublicJwk,
    data: Uint8Array<ArrayBuffer>,
    signature: Uint8Array<ArrayBuffer>,
  ): boolean | Promise<boolean>
}

const IMPORT_PARAMS = {
  Ed25519: {name: 'Ed25519'},
  ES256: {name: 'ECDSA', namedCurve: 'P-256'},
} as const
const SIGN_PARAMS = {Ed25519: {name: 'Ed25519'}, ES256: {name: 'ECDSA', hash: 'SHA-256'}} as const

/** The JWK members RFC 7638 hashes, per key type. */
function thumbprintMembers(jwk: PublicJwk): Record<string, string> {
  if (jwk.kty === 'OKP') return {crv: jwk.crv, kty: jwk.kty, x: jwk.x}
  if (jwk.kty === 'EC' && jwk.y) return {crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y}
  throw new TypeError(`Unsupported public key type ${jwk.kty}.`)
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the key id, derived from the key itself. */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  const hex = await sha256Hex(canonicalJson(thumbprintMembers(jwk)))
  return toBase64Url(Uint8Array.from(hex.match(/../g) as string[], (h) => Number.parseInt(h, 16)))
}

/** The public half of a key as a plain JWK with only the members a keyring keeps. */
export function publicJwkOf(jwk: JsonWebKey): PublicJwk {
  const members = thumbprintMembers(jwk as PublicJwk)
  return members as unknown as PublicJwk
}

export function algorithmOfJwk(jwk: PublicJwk): Algorithm {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519'
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256'
  throw new TypeError(`Unsupported key: ${jwk.kty} ${jwk.crv}.`)
}

/** Signs a payload's UTF-8 bytes; returns the signature as base64url. */
export async function signText(alg: Algorithm, privateKey: CryptoKey, text: string) {
  const bytes = new TextEncoder().encode(text)
  const signature = await globalThis.crypto.subtle.sign(SIGN_PARAMS[alg], privateKey, bytes)
  return toBase64Url(new Uint8Array(signature))
}

/** Web Crypto verification, with each imported key kept for the next signature it checks. */
export function webCryptoVerifier(): SignatureVerifier {
  const keys = new Map<string, Promise<CryptoKey>>()
  return {
    async verify(alg, publicKey, data, signature) {
      const id = `${alg}:${canonicalJson(publicKey)}`
      let key = keys.get(id)
      if (!key) {
        key = globalThis.crypto.subtle.importKey(
          'jwk',
          {...publicKey, ext: true},
          IMPORT_PARAMS[alg],
          true,
          ['verify'],
        )
        keys.set(id, key)
      }
      try {
        return await globalThis.crypto.subtle.verify(SIGN_PARAMS[alg], await key, signature, data)
      } catch {
        return false
      }
    },
  }
}

/** A new key pair for signing: Ed25519 where the browser has it, else ECDSA P-256. */
export async function generateSigningKey(): Promise<{alg: Algorithm; keys: CryptoKeyPair}> {
  try {
    const keys = (await globalThis.crypto.subtle.generateKey(IMPORT_PARAMS.Ed25519, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    return {alg: 'Ed25519', keys}
  } catch {
    const keys = await globalThis.crypto.subtle.generateKey(IMPORT_PARAMS.ES256, false, [
      'sign',
      'verify',
    ])
    return {alg: 'ES256', keys}
  }
}
