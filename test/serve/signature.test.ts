import {createHmac} from 'node:crypto'
import {isValidSignature} from '@sanity/webhook'
import {describe, expect, it} from 'vitest'
import {createReplayGuard} from '../../pipeline/serve/replayGuard.ts'
import {verifySignature} from '../../pipeline/serve/verifySignature.ts'
import {SECRET, sign} from './support.ts'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const BODY = '{"_id":"tumour-leiomyosarcoma","_type":"tumour","name":"Leiomyosarcoma — ü"}'
const bytes = (text: string) => Buffer.from(text, 'utf8')

describe('verifySignature', () => {
  it('accepts a signature made by the library and one made by hand over the raw bytes', async () => {
    const header = await sign(BODY, NOW)
    expect(await isValidSignature(BODY, header, SECRET)).toBe(true)
    expect(await verifySignature(SECRET, bytes(BODY), header, NOW)).toMatchObject({
      ok: true,
      timestamp: NOW,
    })
    const byHand = createHmac('sha256', SECRET).update(`${NOW}.`).update(bytes(BODY)).digest()
    const handHeader = `t=${NOW},v1=${byHand.toString('base64url')}`
    expect(handHeader).toBe(header)
    expect((await verifySignature(SECRET, bytes(BODY), handHeader, NOW)).ok).toBe(true)
  })

  it('names each way a signature fails', async () => {
    const header = await sign(BODY, NOW)
    const reasonOf = async (...args: Parameters<typeof verifySignature>) => {
      const result = await verifySignature(...args)
      return result.ok ? 'ok' : `${result.status} ${result.reason}`
    }
    expect(await reasonOf(SECRET, bytes(BODY), undefined, NOW)).toBe('401 missing-signature')
    expect(await reasonOf(SECRET, bytes(BODY), '', NOW)).toBe('401 missing-signature')
    expect(await reasonOf(SECRET, bytes(BODY), 'garbage', NOW)).toBe('401 malformed-signature')
    expect(await reasonOf(SECRET, bytes(BODY), [header, header], NOW)).toBe(
      '401 malformed-signature',
    )
    expect(await reasonOf(SECRET, bytes(BODY), `t=${'9'.repeat(30)},v1=abc`, NOW)).toBe(
      '401 malformed-signature',
    )
    expect(await reasonOf('another-secret', bytes(BODY), header, NOW)).toBe('401 invalid-signature')
    expect(await reasonOf(SECRET, bytes(`${BODY} `), header, NOW)).toBe('401 invalid-signature')
    expect(await reasonOf(SECRET, bytes(BODY), `${header.slice(0, -2)}AA`, NOW)).toBe(
      '401 invalid-signature',
    )
    expect(await reasonOf(SECRET, bytes(BODY), `${header}A`, NOW)).toBe('401 invalid-signature')
    expect(await reasonOf(SECRET, Buffer.alloc(0), await sign('x', NOW), NOW)).toBe(
      '401 invalid-signature',
    )
    // Bytes that are not UTF-8 cannot be what Sanity signed.
    const notUtf8 = Buffer.from([0x7b, 0xff, 0x7d])
    expect(await reasonOf(SECRET, notUtf8, await sign(notUtf8.toString('utf8'), NOW), NOW)).toBe(
      '401 invalid-signature',
    )
  })

  it('keeps signatures within five minutes and a minute of clock skew', async () => {
    const at = async (offsetMs: number) => {
      const result = await verifySignature(
        SECRET,
        bytes(BODY),
        await sign(BODY, NOW + offsetMs),
        NOW,
      )
      return result.ok ? 'ok' : result.reason
    }
    expect(await at(-4 * 60_000)).toBe('ok')
    expect(await at(-5 * 60_000)).toBe('ok')
    expect(await at(-5 * 60_000 - 1)).toBe('stale-timestamp')
    expect(await at(-6 * 60_000)).toBe('stale-timestamp')
    expect(await at(30_000)).toBe('ok')
    expect(await at(2 * 60_000)).toBe('future-timestamp')
    expect(await at(6 * 60_000)).toBe('future-timestamp')
  })

  it('checks the HMAC before the clock, so a forged old timestamp reads as a bad signature', async () => {
    const forged = `t=${NOW - 3_600_000},v1=${'A'.repeat(43)}`
    const result = await verifySignature(SECRET, bytes(BODY), forged, NOW)
    expect(result).toMatchObject({ok: false, reason: 'invalid-signature'})
  })
})

describe('replayGuard', () => {
  it('accepts a signature once and forgets it only when the window has passed', () => {
    const guard = createReplayGuard({windowMs: 1000})
    expect(guard.remember('a', 0, 0)).toBe('fresh')
    expect(guard.remember('a', 0, 500)).toBe('replay')
    expect(guard.remember('a', 0, 1000)).toBe('replay')
    expect(guard.remember('b', 1001, 1001)).toBe('fresh')
    // Swept lazily: by 2001 'a' has expired (its timestamp would be refused as stale anyway).
    expect(guard.remember('c', 1900, 2001)).toBe('fresh')
    expect(guard.size).toBe(2)
  })

  it('stays bounded: sweeps expired entries and refuses when full of live ones', () => {
    const guard = createReplayGuard({windowMs: 1000, maxEntries: 100})
    for (let i = 0; i < 100; i++) expect(guard.remember(`s${i}`, 0, 0)).toBe('fresh')
    expect(guard.remember('one-more', 0, 10)).toBe('full')
    expect(guard.size).toBe(100)
    // Once the first hundred have expired, a steady flow never fills it.
    let now = 1000
    for (let i = 0; i < 10_000; i++) {
      now += 50
      expect(guard.remember(`t${i}`, now, now)).toBe('fresh')
      expect(guard.size).toBeLessThanOrEqual(100)
    }
  })
})
