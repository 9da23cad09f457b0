import {describe, expect, it} from 'vitest'
import {gateStage} from '../../pipeline/gate/gateStage.ts'
import {loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import {sha256} from '../../pipeline/hash.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {ClosureDecoder} from '../../pipeline/workflow/closureCodec.ts'
import {deflateBomb, toBase64} from '../support/deflateBomb.ts'
import {embedded} from '../support/signedDataset.ts'

/** The gate's inputs: the published documents, each with its line's digest (as loaded). */
async function inputs() {
  const keyring = await loadKeyring('review/demo-keyring.json')
  const documents = applyPerspective(embedded() as SanityDoc[], 'published')
  const digests = new WeakMap(documents.map((doc) => [doc, sha256(JSON.stringify(doc))]))
  return {
    documents,
    keyring,
    digests,
    strict: false,
  }
}

function counting() {
  const crypto = nodeLedgerCrypto()
  const counts = {verify: 0, decode: 0}
  const decode = crypto.decodeClosure as ClosureDecoder
  return {
    counts,
    crypto: {
      ...crypto,
      verify: (...args: Parameters<typeof crypto.verify>) => {
        counts.verify++
        return crypto.verify(...args)
      },
      decodeClosure: (...args: Parameters<ClosureDecoder>) => {
        counts.decode++
        return decode(...args)
      },
    },
  }
}

describe('gateStage', () => {
  it('checks every statement once, and none again under the same keyring', async () => {
    const given = await inputs()
    const first = counting()
    const cold = await gateStage({...given, crypto: first.crypto})
    expect(first.counts.verify).toBe(42)
    const second = counting()
    const noop = await gateStage({...given, crypto: second.crypto, previous: cold.cache})
    expect(second.counts.verify).toBe(0)
    expect([...noop.pages.keys()]).toEqual([...cold.pages.keys()])
    expect(noop.issues).toEqual(cold.issues)
    // Another keyring: every verdict is checked again.
    const third = counting()
    await gateStage({
      ...given,
      keyring: {...given.keyring, fingerprint: 'other'},
      crypto: third.crypto,
      previous: cold.cache,
    })
    expect(third.counts.verify).toBe(42)
  })

  it('remembers a verdict only by the line digest the loader gave', async () => {
    const given = await inputs()
    const crypto = nodeLedgerCrypto()
    const cold = await gateStage({...given, crypto})
    expect(cold.cache.statements.size).toBe(42)
    // Statements without a digest (not read from a line) are checked on every run.
    const unread = counting()
    const digests = new WeakMap<SanityDoc, string>()
    const again = await gateStage({...given, crypto: unread.crypto, digests, previous: cold.cache})
    expect(unread.counts.verify).toBe(42)
    expect(again.cache.statements.size).toBe(0)
    expect(again.issues).toEqual(cold.issues)
  })

  it('takes a page’s closure hash from the last run while its inputs are unchanged', async () => {
    const given = await inputs()
    const crypto = nodeLedgerCrypto()
    const cold = await gateStage({...given, crypto})
    expect(cold.pages.get('tumour-liposarcoma')?.closure).toBeUndefined()
    // A cached hash is trusted as long as the inputs match, so a wrong one shows: the page drifts.
    const cache = structuredClone(cold.cache)
    const page = cold.pages.get('tumour-liposarcoma')
    const approved = page?.release.published.payload.contentHash
    const key = [...cache.closures].find(([, hash]) => hash === approved)?.[0] as string
    expect(key).toBeDefined()
    cache.closures.set(key, '0'.repeat(64))
    const trusted = await gateStage({...given, crypto, previous: cache})
    expect(trusted.pages.get('tumour-liposarcoma')?.closure).toBeDefined()
    // Changed inputs: hashed again (a hash is remembered by its inputs, not by its page).
    cache.closures.delete(key)
    cache.closures.set('1'.repeat(64), '0'.repeat(64))
    const rehashed = await gateStage({...given, crypto, previous: cache})
    expect(rehashed.pages.get('tumour-liposarcoma')?.closure).toBeUndefined()
  })

  it('decodes no kept closure for a cached verdict; one that cannot be read holds a drifted page back', async () => {
    const given = await inputs()
    const {crypto, counts} = counting()
    const cold = await gateStage({...given, crypto})
    const page = 'tumour-liposarcoma'
    const approval = given.documents.find(
      (d) =>
        d._type === 'reviewStatement' &&
        (d.document as {_ref: string})._ref === page &&
        JSON.parse(d.payload as string).kind === 'approved',
    ) as SanityDoc
    // As if the last run had verified this line: a bomb under the verified line's digest.
    const bombed = {...approval, closure: toBase64(deflateBomb(2 ** 30))}
    const run = (documents: SanityDoc[]) => {
      const digests = new WeakMap(
        documents.map((d) => [
          d,
          d === bombed ? (given.digests.get(approval) as string) : sha256(JSON.stringify(d)),
        ]),
      )
      return gateStage({...given, documents, digests, crypto, previous: cold.cache})
    }
    const swapped = given.documents.map((d) => (d === approval ? bombed : d))
    // A no-op decodes only the closures of pages that drifted in the embedded dataset.
    const decodes = async (documents: SanityDoc[]) => {
      const before = counts.decode
      const result = await run(documents)
      return {result, decoded: counts.decode - before}
    }
    const plain = await decodes(given.documents)
    const {result: noop, decoded} = await decodes(swapped)
    expect(decoded).toBe(plain.decoded)
    expect(noop.issues).toEqual(cold.issues)
    expect(noop.pages.get(page)?.closure).toBeUndefined()
    // Edited behind the review: the page would render from the kept closure, which cannot be read.
    const {result: drifted, decoded: onDrift} = await decodes(
      swapped.map((d) => (d._id === page ? {...d, summary: 'Edited behind the review.'} : d)),
    )
    expect(drifted.heldBack.has(page)).toBe(true)
    // Through the platform's inflater (zlib here), as verification does: the page's closure,
    // and those of the kits that list it, which drifted with it.
    expect(onDrift).toBeGreaterThan(plain.decoded)
    expect(drifted.issues).toContainEqual({
      documentId: page,
      path: '',
      level: 'error',
      code: 'closure-unreadable',
      message: `Not exported: the content kept with approval ${approval._id} cannot be read (it inflates to more than 33554432 bytes). Review the page again.`,
    })
  })
})
