import {describe, expect, it} from 'vitest'
import {decodeClosure, encodeClosure} from '../../pipeline/workflow/closureCodec.ts'
import {addMonths, reviewDates} from '../../pipeline/workflow/evaluate.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import {AMIRA, history, JONAS, judge, LI, SOFIA, signer} from '../support/ledger.ts'

const PAGE = 'tumour-leiomyosarcoma'
const V1 = '{"page":{"name":"v1"},"referencedBy":{},"references":{},"v":1}'
const V2 = '{"page":{"name":"v2"},"referencedBy":{},"references":{},"v":1}'

const released = [
  {kind: 'submitted', by: JONAS, at: '2026-10-12T10:00:00.000Z', content: V1},
  {kind: 'approved', by: AMIRA, at: '2026-10-12T16:05:00.000Z', content: V1},
  {kind: 'published', by: JONAS, at: '2026-10-12T17:00:00.000Z', content: V1},
] as const

describe('a page released under four eyes', () => {
  it('is released, with the review date and reviewer of the full review', async () => {
    const {evaluation, failed} = await judge(PAGE, await history(PAGE, [...released]))
    expect(failed).toEqual([])
    expect(evaluation.release?.approval.payload.signer).toBe(AMIRA)
    expect(evaluation.release?.published.payload.signer).toBe(JONAS)
    expect(reviewDates(evaluation.release as never)).toEqual({
      lastReviewed: '2026-10-12',
      nextReviewDue: '2027-10-12',
      reviewer: AMIRA,
    })
  })

  it('signs with an ECDSA P-256 key where Ed25519 is missing', async () => {
    const steps = [{...released[0], by: SOFIA}, released[1], {...released[2], by: SOFIA}]
    const {evaluation, failed} = await judge(PAGE, await history(PAGE, steps))
    expect(failed).toEqual([])
    expect(evaluation.release?.published.payload.signer).toBe(SOFIA)
  })

  it('keeps the date of the last full review when a change is approved', async () => {
    const docs = await history(PAGE, [
      ...released,
      {kind: 'submitted', by: JONAS, at: '2026-11-01T09:00:00.000Z', content: V2},
      {kind: 'approved', by: LI, at: '2026-11-02T09:00:00.000Z', content: V2, scope: 'change'},
      {kind: 'published', by: JONAS, at: '2026-11-02T10:00:00.000Z', content: V2},
    ])
    const {evaluation} = await judge(PAGE, docs)
    expect(evaluation.release?.approval.payload.signer).toBe(LI)
    expect(reviewDates(evaluation.release as never)).toMatchObject({
      lastReviewed: '2026-10-12',
      reviewer: AMIRA,
    })
  })
})

describe('attacks on the approval', () => {
  it("refuses a writer's approval", async () => {
    const docs = await history(PAGE, [released[0], {...released[1], by: SOFIA}, released[2]])
    const {evaluation, failed} = await judge(PAGE, docs)
    expect(evaluation.release).toBeUndefined()
    expect(failed.map((f) => f.message).join('\n')).toMatch(
      /Approved with key \S+ of person-sofia-marquez, who is not a medical reviewer/,
    )
  })

  it('refuses an approval by its own submitter', async () => {
    const docs = await history(PAGE, [
      {...released[0], by: LI},
      {...released[1], by: LI},
      released[2],
    ])
    const {evaluation} = await judge(PAGE, docs)
    expect(evaluation.release).toBeUndefined()
    expect(evaluation.refusals.map((f) => f.code)).toEqual([
      'self-approval',
      'published-unapproved',
    ])
    expect(evaluation.refusals[0]?.message).toMatch(
      /approved by its own submitter \(person-li-chen\)/,
    )
  })

  it('refuses an approval without a signature, or with someone else’s', async () => {
    const [submitted, approval, published] = await history(PAGE, [...released])
    const anonymous = {...approval, signature: undefined}
    const stolen = {...approval, signature: submitted?.signature}
    for (const forged of [anonymous, stolen]) {
      const {evaluation, failed} = await judge(PAGE, [submitted, forged, published] as never)
      expect(evaluation.release).toBeUndefined()
      expect(failed.map((f) => f.code)).toEqual(['bad-signature'])
    }
  })

  it('refuses an edited payload, and a payload that is not canonical', async () => {
    const [submitted, approval, published] = await history(PAGE, [...released])
    const payload = JSON.parse(approval?.payload as string)
    const edited = {...approval, payload: JSON.stringify({...payload, signer: LI})}
    const reordered = {...approval, payload: JSON.stringify({v: 1, ...payload})}
    expect((await judge(PAGE, [submitted, edited, published] as never)).failed[0]?.code).toBe(
      'key-of-another-person',
    )
    expect((await judge(PAGE, [submitted, reordered, published] as never)).failed[0]?.code).toBe(
      'statement-malformed',
    )
  })

  it('does not ship an approved draft that was never published', async () => {
    const docs = await history(PAGE, [
      ...released,
      {kind: 'submitted', by: JONAS, at: '2026-11-01T09:00:00.000Z', content: V2},
      {kind: 'approved', by: AMIRA, at: '2026-11-02T09:00:00.000Z', content: V2},
    ])
    const {evaluation} = await judge(PAGE, docs)
    expect(evaluation.release?.published.payload.contentHash).toBe(
      docs[2]?.payload && JSON.parse(docs[2].payload).contentHash,
    )
    expect(evaluation.latestDecision?.payload.signedAt).toBe('2026-11-02T09:00:00.000Z')
  })

  it('refuses a publication of content other than the approved', async () => {
    const docs = await history(PAGE, [released[0], released[1], {...released[2], content: V2}])
    const {evaluation} = await judge(PAGE, docs)
    expect(evaluation.release).toBeUndefined()
    expect(evaluation.refusals[0]?.code).toBe('published-unapproved')
  })

  it('refuses a publication after a reviewer asked for changes to the same content', async () => {
    const docs = await history(PAGE, [
      released[0],
      released[1],
      {
        kind: 'changesRequested',
        by: LI,
        at: '2026-10-12T16:30:00.000Z',
        content: V1,
        comment: 'Cite it.',
      },
      released[2],
    ])
    expect((await judge(PAGE, docs)).evaluation.release).toBeUndefined()
  })

  it('ignores a statement replayed from another document', async () => {
    const other = await history('tumour-melanoma', [...released])
    const filedHere = other.map((d) => ({...d, document: {...d.document, _ref: PAGE}}))
    const {evaluation, failed} = await judge(PAGE, filedHere)
    expect(evaluation.release).toBeUndefined()
    expect(failed.map((f) => f.code)).toEqual([
      'statement-misfiled',
      'statement-misfiled',
      'statement-misfiled',
    ])
    // Filed correctly, they count for melanoma only.
    expect((await judge(PAGE, other)).evaluation.release).toBeUndefined()
    expect((await judge('tumour-melanoma', other)).evaluation.release).toBeDefined()
  })

  it('refuses a key used after notAfter, before notBefore, or after revocation', async () => {
    const old = signer.keyIdFor(LI, '2026-01-01T00:00:00.000Z')
    const revoked = await history(PAGE, [
      released[0],
      {...released[1], by: LI, keyId: old},
      released[2],
    ])
    const {failed} = await judge(PAGE, revoked)
    expect(failed[0]?.message).toMatch(/the key was revoked at 2026-06-01T00:00:00.000Z/)
    const late = await history(PAGE, [
      {
        ...released[0],
        at: '2028-02-01T00:00:00.000Z',
        keyId: signer.keyIdFor(JONAS, '2027-01-01T00:00:00.000Z'),
      },
    ])
    expect((await judge(PAGE, late)).failed[0]?.message).toMatch(/the key expired at 2028-01-01/)
    const early = await history(PAGE, [
      {
        ...released[0],
        by: LI,
        at: '2026-01-01T00:00:00.000Z',
        keyId: signer.keyIdFor(LI, '2026-07-01T00:00:00.000Z'),
      },
    ])
    expect((await judge(PAGE, early)).failed[0]?.message).toMatch(/valid only from 2026-06-01/)
  })

  it('accepts a signature made with a since-revoked key before it was revoked', async () => {
    const docs = await history(PAGE, [
      {...released[0], at: '2025-06-01T10:00:00.000Z'},
      {...released[1], by: LI, at: '2025-06-02T10:00:00.000Z'},
      {...released[2], at: '2025-06-02T11:00:00.000Z'},
    ])
    expect((await judge(PAGE, docs)).evaluation.release?.approval.payload.signer).toBe(LI)
  })

  it('gives a key added to a dataset document no effect', async () => {
    const [submitted, approval, published] = await history(PAGE, [...released])
    const withKey = {
      ...approval,
      publicKey: {kty: 'OKP', crv: 'Ed25519', x: 'AAAA'},
      keyring: {people: []},
    }
    const {evaluation} = await judge(PAGE, [submitted, withKey, published] as never)
    expect(evaluation.release?.approval.payload.signer).toBe(AMIRA)
    // And a statement signed by a key that only the dataset knows counts for nothing.
    const stranger: Keyring = {
      purpose: 'production',
      people: signer.keyring.people.filter((p) => p.id !== AMIRA),
    }
    const judged = await judge(PAGE, [submitted, approval, published] as never, stranger)
    expect(judged.failed.map((f) => f.code)).toEqual(['unknown-key'])
    expect(judged.evaluation.release).toBeUndefined()
  })

  it('refuses an approval once the keyring entry lacks the medicalReviewer role', async () => {
    const demoted: Keyring = {
      ...signer.keyring,
      people: signer.keyring.people.map((p) => (p.id === AMIRA ? {...p, roles: ['publisher']} : p)),
    }
    const {evaluation, failed} = await judge(PAGE, await history(PAGE, [...released]), demoted)
    expect(evaluation.release).toBeUndefined()
    expect(failed[0]?.code).toBe('role-missing')
  })

  it("refuses a decision whose kept content is another closure's (encoded, so it decodes)", async () => {
    const [submitted, approval, published] = await history(PAGE, [...released])
    const swapped = {...approval, closure: await encodeClosure(V2)}
    const {evaluation, failed} = await judge(PAGE, [submitted, swapped, published] as never)
    expect(failed.map((f) => [f.id, f.code])).toEqual([[approval?._id, 'closure-mismatch']])
    expect(failed[0]?.message).toContain('does not match the signed content hash')
    expect(evaluation.release).toBeUndefined()
  })

  it('refuses a decision that keeps its content as plain text: there is no second format', async () => {
    const [submitted, approval, published] = await history(PAGE, [...released])
    expect(await decodeClosure(approval?.closure as string)).toEqual({ok: true, text: V1})
    const plain = {...approval, closure: V1}
    const {evaluation, failed} = await judge(PAGE, [submitted, plain, published] as never)
    expect(failed.map((f) => [f.id, f.code])).toEqual([[approval?._id, 'closure-unreadable']])
    expect(failed[0]?.message).toBe(
      `Review statement ${approval?._id} counts for nothing: the reviewed content it keeps cannot be read (it is not base64). Statements keep it as the Studio writes it (base64 of the raw DEFLATE of the canonical content); review the page again.`,
    )
    expect(evaluation.release).toBeUndefined()
  })
})

describe('the history', () => {
  it('counts nothing after a missing statement', async () => {
    const docs = await history(PAGE, [...released])
    const {evaluation} = await judge(PAGE, [docs[0], docs[2]] as never)
    expect(evaluation.release).toBeUndefined()
    expect(evaluation.chain.ignored.map((f) => f.code)).toEqual(['chain-broken'])
  })

  it('refuses a statement dated before the one it follows', async () => {
    const docs = await history(PAGE, [
      released[0],
      {...released[1], at: '2026-10-11T16:05:00.000Z'},
      released[2],
    ])
    const {evaluation} = await judge(PAGE, docs)
    expect(evaluation.chain.ignored.map((f) => f.code)).toEqual([
      'chain-out-of-order',
      'chain-broken',
    ])
    expect(evaluation.release).toBeUndefined()
  })

  it('follows the newest branch of a fork and reports the other', async () => {
    const docs = await history(PAGE, [...released])
    const [fork] = await history(PAGE, [
      {
        kind: 'submitted',
        by: SOFIA,
        at: '2026-10-12T16:30:00.000Z',
        content: V2,
        previous: JSON.parse(docs[1]?.payload as string) && (docs[1]?._id.slice(10) as string),
      },
    ])
    const {evaluation} = await judge(PAGE, [...docs, fork] as never)
    expect(evaluation.release?.published.id).toBe(docs[2]?._id)
    expect(evaluation.chain.ignored.map((f) => f.code)).toEqual(['chain-fork'])
  })

  it('ignores a duplicate of a statement under another id', async () => {
    const docs = await history(PAGE, [...released])
    const copy = {...docs[1], _id: 'statement-copy'}
    const {evaluation, failed} = await judge(PAGE, [...docs, copy] as never)
    expect(failed).toEqual([])
    expect(evaluation.chain.statements).toHaveLength(3)
  })
})

describe('addMonths', () => {
  it('keeps the day, or the last day of a shorter month', () => {
    expect(addMonths('2026-10-12', 12)).toBe('2027-10-12')
    expect(addMonths('2026-10-02', 6)).toBe('2027-04-02')
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29')
  })
})
