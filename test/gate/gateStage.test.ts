import {describe, expect, it} from 'vitest'
import {gateStage} from '../../pipeline/gate/gateStage.ts'
import {loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import {documentFingerprints} from '../../pipeline/incremental/fingerprints.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {sha256} from '../../pipeline/write/manifest.ts'
import {embedded} from '../support/signedDataset.ts'

/** The published documents, and the digest of each one's line, as the loader gives them. */
function published() {
  const documents = applyPerspective(embedded() as SanityDoc[], 'published')
  const digests = new WeakMap(documents.map((doc) => [doc, sha256(JSON.stringify(doc))]))
  return {documents, digests, own: documentFingerprints(documents, digests).own}
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
    const keyring = await loadKeyring('review/demo-keyring.json')
    const {documents, digests, own} = published()
    const first = counting()
    const cold = await gateStage({
      documents,
      keyring,
      crypto: first.crypto,
      strict: false,
      digests,
      own,
    })
    expect(first.counts.verify).toBe(42)
    const second = counting()
    const noop = await gateStage({
      documents,
      keyring,
      crypto: second.crypto,
      strict: false,
      digests,
      own,
      previous: cold.cache,
    })
    expect(second.counts.verify).toBe(0)
    expect([...noop.pages.keys()]).toEqual([...cold.pages.keys()])
    expect(noop.issues).toEqual(cold.issues)
    // --repair: every verdict is checked again.
    const repair = counting()
    await gateStage({
      documents,
      keyring,
      crypto: repair.crypto,
      strict: false,
      digests,
      own,
      previous: cold.cache,
      recheck: true,
    })
    expect(repair.counts.verify).toBe(42)
    // Another keyring: every verdict is checked again.
    const third = counting()
    await gateStage({
      documents,
      keyring: {...keyring, fingerprint: 'other'},
      crypto: third.crypto,
      strict: false,
      digests,
      own,
      previous: cold.cache,
    })
    expect(third.counts.verify).toBe(42)
  })

  it('remembers a verdict only by the line digest the loader gave', async () => {
    const keyring = await loadKeyring('review/demo-keyring.json')
    const {documents, digests, own} = published()
    const crypto = nodeLedgerCrypto()
    const cold = await gateStage({documents, keyring, crypto, strict: false, digests, own})
    expect(Object.keys(cold.cache.statements)).toHaveLength(42)
    // Statements without a digest (not read from a line) are checked on every run.
    const none = new WeakMap<SanityDoc, string>()
    const unread = counting()
    const again = await gateStage({
      documents,
      keyring,
      crypto: unread.crypto,
      strict: false,
      digests: none,
      own,
      previous: cold.cache,
    })
    expect(unread.counts.verify).toBe(42)
    expect(again.cache.statements).toEqual({})
    expect(again.issues).toEqual(cold.issues)
  })

  it('takes a page’s closure hash from the last run while its inputs are unchanged', async () => {
    const keyring = await loadKeyring('review/demo-keyring.json')
    const {documents, digests, own} = published()
    const crypto = nodeLedgerCrypto()
    const cold = await gateStage({documents, keyring, crypto, strict: false, digests, own})
    expect(cold.pages.get('tumour-liposarcoma')?.closure).toBeUndefined()
    // A cached hash is trusted as long as the inputs match, so a wrong one shows: the page drifts.
    const cache = structuredClone(cold.cache)
    const entry = cache.closures['tumour-liposarcoma'] as [string, string]
    cache.closures['tumour-liposarcoma'] = [entry[0], '0'.repeat(64)]
    const trusted = await gateStage({
      documents,
      keyring,
      crypto,
      strict: false,
      digests,
      own,
      previous: cache,
    })
    expect(trusted.pages.get('tumour-liposarcoma')?.closure).toBeDefined()
    // Changed inputs: hashed again.
    cache.closures['tumour-liposarcoma'] = ['1'.repeat(64), '0'.repeat(64)]
    const rehashed = await gateStage({
      documents,
      keyring,
      crypto,
      strict: false,
      digests,
      own,
      previous: cache,
    })
    expect(rehashed.pages.get('tumour-liposarcoma')?.closure).toBeUndefined()
  })
})
