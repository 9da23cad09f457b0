import {describe, expect, it} from 'vitest'
import {gateStage} from '../../pipeline/gate/gateStage.ts'
import {loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import {sha256} from '../../pipeline/hash.ts'
import {documentFingerprints} from '../../pipeline/incremental/fingerprints.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
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
    own: documentFingerprints(documents, digests).own,
    strict: false,
  }
}

function counting() {
  const crypto = nodeLedgerCrypto()
  const counts = {verify: 0}
  return {
    counts,
    crypto: {
      ...crypto,
      verify: (...args: Parameters<typeof crypto.verify>) => {
        counts.verify++
        return crypto.verify(...args)
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
    // --repair: every verdict is checked again.
    const repair = counting()
    await gateStage({...given, crypto: repair.crypto, previous: cold.cache, recheck: true})
    expect(repair.counts.verify).toBe(42)
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
    expect(Object.keys(cold.cache.statements)).toHaveLength(42)
    // Statements without a digest (not read from a line) are checked on every run.
    const unread = counting()
    const digests = new WeakMap<SanityDoc, string>()
    const again = await gateStage({...given, crypto: unread.crypto, digests, previous: cold.cache})
    expect(unread.counts.verify).toBe(42)
    expect(again.cache.statements).toEqual({})
    expect(again.issues).toEqual(cold.issues)
  })

  it('takes a page’s closure hash from the last run while its inputs are unchanged', async () => {
    const given = await inputs()
    const crypto = nodeLedgerCrypto()
    const cold = await gateStage({...given, crypto})
    expect(cold.pages.get('tumour-liposarcoma')?.closure).toBeUndefined()
    // A cached hash is trusted as long as the inputs match, so a wrong one shows: the page drifts.
    const cache = structuredClone(cold.cache)
    const entry = cache.closures['tumour-liposarcoma'] as [string, string]
    cache.closures['tumour-liposarcoma'] = [entry[0], '0'.repeat(64)]
    const trusted = await gateStage({...given, crypto, previous: cache})
    expect(trusted.pages.get('tumour-liposarcoma')?.closure).toBeDefined()
    // Changed inputs: hashed again.
    cache.closures['tumour-liposarcoma'] = ['1'.repeat(64), '0'.repeat(64)]
    const rehashed = await gateStage({...given, crypto, previous: cache})
    expect(rehashed.pages.get('tumour-liposarcoma')?.closure).toBeUndefined()
  })
})
