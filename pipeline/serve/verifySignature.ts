import {timingSafeEqual} from 'node:crypto'
import {decodeSignatureHeader, encodeSignatureHeader, isSignatureError} from '@sanity/webhook'

export type SignatureRejection =
  | 'missing-signature'
  | 'malformed-signature'
  | 'invalid-signature'
  | 'stale-timestamp'
  | 'future-timestamp'

export interface Rejection {
  ok: false
  status: 401
  reason: SignatureRejection
  message: string
}

export type SignatureResult = {ok: true; timestamp: number; signature: string} | Rejection

export interface SignatureWindow {
  /** How old (ms) a signature's timestamp may be. */
  maxAgeMs: number
  /** How far (ms) a timestamp may lie ahead of our clock: clock skew, not a second window. */
  maxFutureMs: number
}

export const DEFAULT_WINDOW: SignatureWindow = {maxAgeMs: 5 * 60_000, maxFutureMs: 60_000}

const MESSAGES: Record<SignatureRejection, string> = {
  'missing-signature': 'The request has no sanity-webhook-signature header.',
  'malformed-signature': 'The sanity-webhook-signature header is not of the form t=<ms>,v1=<hmac>.',
  'invalid-signature': 'The signature does not match the body and the webhook secret.',
  'stale-timestamp': 'The signature timestamp is older than the accepted window.',
  'future-timestamp': 'The signature timestamp lies too far in the future.',
}

const reject = (reason: SignatureRejection): Rejection => ({
  ok: false,
  status: 401,
  reason,
  message: MESSAGES[reason],
})

/** Sanity signs `t=<ms>,v1=<hmac>`; a few hundred characters is plenty. */
const MAX_HEADER_LENGTH = 512

/**
 * The header alone, before the body is read: lets a server turn away unsigned requests
 * without buffering anything.
 */
export function parseSignatureHeader(
  header: string | string[] | undefined,
): {ok: true; timestamp: number; hashedPayload: string} | Rejection {
  if (header === undefined || header === '') return reject('missing-signature')
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH)
    return reject('malformed-signature')
  try {
    const {timestamp, hashedPayload} = decodeSignatureHeader(header)
    if (!Number.isSafeInteger(timestamp)) return reject('malformed-signature')
    return {ok: true, timestamp, hashedPayload}
  } catch (error) {
    if (isSignatureError(error)) return reject('malformed-signature')
    throw error
  }
}

// `fatal` refuses invalid UTF-8 and `ignoreBOM` keeps a BOM, so the text encodes back to exactly
// the received bytes: the library's HMAC over the text is then the HMAC over the raw body.
const strictUtf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

/**
 * Checks a Sanity webhook signature over the raw body bytes. Pure: the clock comes in as `now`.
 * The HMAC is checked before the timestamp, so "stale" and "future" are only ever said of
 * requests signed with our secret.
 */
export async function verifySignature(
  secret: string,
  rawBody: Uint8Array,
  header: string | string[] | undefined,
  now: number,
  window: SignatureWindow = DEFAULT_WINDOW,
): Promise<SignatureResult> {
  const parsed = parseSignatureHeader(header)
  if (!parsed.ok) return parsed
  let text: string
  try {
    text = strictUtf8.decode(rawBody)
  } catch {
    // Not UTF-8, so not something Sanity signed: the library could not reproduce these bytes.
    return reject('invalid-signature')
  }
  let expected: string
  try {
    expected = decodeSignatureHeader(
      await encodeSignatureHeader(text, parsed.timestamp, secret),
    ).hashedPayload
  } catch (error) {
    // Empty body, or a timestamp the library refuses to sign (before 2021).
    if (isSignatureError(error)) return reject('invalid-signature')
    throw error
  }
  const given = Buffer.from(parsed.hashedPayload, 'utf8')
  const wanted = Buffer.from(expected, 'utf8')
  // timingSafeEqual needs equal lengths; the length of a base64url SHA-256 is public anyway.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return reject('invalid-signature')
  if (now - parsed.timestamp > window.maxAgeMs) return reject('stale-timestamp')
  if (parsed.timestamp - now > window.maxFutureMs) return reject('future-timestamp')
  return {ok: true, timestamp: parsed.timestamp, signature: expected}
}
