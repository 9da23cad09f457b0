import {describe, expect, it} from 'vitest'
import {documentFingerprints, pageFingerprint} from '../../pipeline/incremental/fingerprints.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {validDataset} from '../fixtures/validDataset.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are changed freely
type Doc = Record<string, any> & SanityDoc
const TUMOUR = 'tumour-leiomyosarcoma'
const SOURCE = 'source-wikipedia-leiomyosarcoma'
const dataset = () => structuredClone(validDataset()) as Doc[]
/** Documents not read from NDJSON: each is serialized. */
const NO_DIGESTS = new WeakMap<SanityDoc, string>()
const fingerprints = (docs: readonly Doc[]) => documentFingerprints(docs, NO_DIGESTS)

describe('documentFingerprints', () => {
  it('is equal for equal input and stands for every document', () => {
    const [a, b] = [fingerprints(dataset()), fingerprints(dataset())]
    expect(a).toEqual(b)
    expect(a.own.size).toBe(validDataset().length)
  })

  it('changes a document’s withReferences, not its own, when a document it references changes', () => {
    const before = fingerprints(dataset())
    const docs = dataset()
    ;(docs.find((d) => d._id === SOURCE) as Doc).title = 'Changed'
    const after = fingerprints(docs)
    expect(after.own.get(TUMOUR)).toBe(before.own.get(TUMOUR))
    expect(after.withReferences.get(TUMOUR)).not.toBe(before.withReferences.get(TUMOUR))
    expect(after.own.get(SOURCE)).not.toBe(before.own.get(SOURCE))
    // The kit references the tumour, not the source.
    expect(after.withReferences.get('kit-oncoprofile')).toBe(
      before.withReferences.get('kit-oncoprofile'),
    )
  })

  it('tells a missing reference from a present one', () => {
    const docs = dataset()
    const without = fingerprints(docs.filter((d) => d._id !== SOURCE))
    expect(without.withReferences.get(TUMOUR)).not.toBe(
      fingerprints(docs).withReferences.get(TUMOUR),
    )
  })

  it('takes a document read from NDJSON by its line digest instead of serializing it', () => {
    const docs = dataset()
    const plain = fingerprints(docs)
    const tumour = docs.find((d) => d._id === TUMOUR) as Doc
    const digests = new WeakMap<SanityDoc, string>([[tumour, 'line-digest']])
    const byDigest = documentFingerprints(docs, digests).own.get(TUMOUR)
    expect(byDigest).not.toBe(plain.own.get(TUMOUR))
    // The digest stands for the line's bytes: the object is not serialized again.
    tumour.summary = 'Changed in memory after it was read.'
    expect(documentFingerprints(docs, digests).own.get(TUMOUR)).toBe(byDigest)
    // A copy of it (as the gate makes from an approved closure) is serialized.
    const copy = {...tumour}
    expect(documentFingerprints([copy], digests).own.get(TUMOUR)).toBe(
      fingerprints([copy]).own.get(TUMOUR),
    )
  })

  it('page fingerprints depend on every extra input and its order', () => {
    expect(pageFingerprint('d', ['a', 'b'])).not.toBe(pageFingerprint('d', ['b', 'a']))
    expect(pageFingerprint('d', [])).not.toBe(pageFingerprint('e', []))
  })
})
