import {describe, expect, it} from 'vitest'
import {
  documentFingerprints,
  pageFingerprint,
  sourceDigests,
} from '../../pipeline/incremental/fingerprints.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {validDataset} from '../fixtures/validDataset.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are changed freely
type Doc = Record<string, any> & SanityDoc
const TUMOUR = 'tumour-leiomyosarcoma'
const SOURCE = 'source-wikipedia-leiomyosarcoma'
const dataset = () => structuredClone(validDataset()) as Doc[]

describe('documentFingerprints', () => {
  it('is equal for equal input and stands for every document', () => {
    const [a, b] = [documentFingerprints(dataset()), documentFingerprints(dataset())]
    expect(a).toEqual(b)
    expect(a.own.size).toBe(validDataset().length)
  })

  it('changes a document’s withReferences, not its own, when a document it references changes', () => {
    const before = documentFingerprints(dataset())
    const docs = dataset()
    ;(docs.find((d) => d._id === SOURCE) as Doc).title = 'Changed'
    const after = documentFingerprints(docs)
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
    const without = documentFingerprints(docs.filter((d) => d._id !== SOURCE))
    expect(without.withReferences.get(TUMOUR)).not.toBe(
      documentFingerprints(docs).withReferences.get(TUMOUR),
    )
  })

  it('takes a document read from NDJSON by its line digest instead of serializing it', () => {
    const docs = dataset()
    const plain = documentFingerprints(docs)
    const tumour = docs.find((d) => d._id === TUMOUR) as Doc
    sourceDigests.set(tumour, 'line-digest')
    const byDigest = documentFingerprints(docs).own.get(TUMOUR)
    expect(byDigest).not.toBe(plain.own.get(TUMOUR))
    // The digest stands for the line's bytes: the object is not serialized again.
    tumour.summary = 'Changed in memory after it was read.'
    expect(documentFingerprints(docs).own.get(TUMOUR)).toBe(byDigest)
  })

  it('page fingerprints depend on every extra input and its order', () => {
    expect(pageFingerprint('d', ['a', 'b'])).not.toBe(pageFingerprint('d', ['b', 'a']))
    expect(pageFingerprint('d', [])).not.toBe(pageFingerprint('e', []))
  })
})
