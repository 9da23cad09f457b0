import {describe, expect, it} from 'vitest'
import {nestingDepth} from '../../pipeline/references.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {checkIntegrity} from '../../pipeline/validate/integrity.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments} from '../../pipeline/validate/validateDocuments.ts'
import {validateParallel} from '../../pipeline/validate/validateParallel.ts'
import {validateStage} from '../../pipeline/validate/validateStage.ts'
import {validDataset} from '../fixtures/validDataset.ts'

/**
 * A tumour on which any check that reads `field` throws, as a check with a bug would: the
 * fault is injected through the document, so the stages run unchanged.
 */
function throwingTumour(field: string): SanityDoc {
  const doc = {...(validDataset().find((d) => d._type === 'tumour') as SanityDoc)}
  doc._id = 'tumour-throws'
  doc.slug = {_type: 'slug', current: 'throws'}
  // The loader walks every document first (references and depth); so does this test.
  nestingDepth(doc)
  Object.defineProperty(doc, field, {
    enumerable: true,
    get: () => {
      throw new RangeError('Invalid code point 1114112')
    },
  })
  return doc
}

const failure = (documentId: string, stage: string) =>
  expect.objectContaining({
    documentId,
    level: 'error',
    code: 'document-failed',
    message: expect.stringContaining(
      `${stage} failed on this document (RangeError: Invalid code point`,
    ),
  })

describe('a check that throws on one document', () => {
  it('is an error on that document in the integrity checks; the others are checked', () => {
    const docs = [...validDataset(), throwingTumour('sections')]
    const issues = checkIntegrity(docs, new Map(docs.map((d) => [d._id, d])))
    expect(issues).toEqual([failure('tumour-throws', 'Checking references, links and the slug')])
    const broken = validDataset().map((d) =>
      d._type === 'tumour' ? {...d, reviewedBy: {_type: 'reference', _ref: 'nobody'}} : d,
    )
    const both = [...broken, throwingTumour('sections')]
    expect(checkIntegrity(both, new Map(both.map((d) => [d._id, d]))).map((i) => i.code)).toEqual([
      'missing-reference',
      'document-failed',
    ])
  })

  it("is an error on that document in the Studio's rules; the others are validated", async () => {
    const docs = validDataset()
    const issues = await validateDocuments([...docs, throwingTumour('_type')], {
      dataset: new LocalDatasetClient(docs),
    })
    expect(issues).toEqual([failure('tumour-throws', "Running the Studio's rules")])
  })

  it('blocks that document in the validation stage, and only that one', async () => {
    const docs = [...validDataset(), throwingTumour('sections')]
    const result = await validateStage({visible: docs, raw: docs})
    expect([...result.blocked]).toEqual(['tumour-throws'])
    expect(result.issues).toContainEqual(
      failure('tumour-throws', 'Checking references, links and the slug'),
    )
  })
})

describe('a share of documents a validation thread cannot take', () => {
  it('is validated in this thread instead, with the same findings', async () => {
    const docs = validDataset().map((doc) =>
      doc._type === 'tumour' ? {...doc, summary: undefined} : doc,
    )
    // A function cannot be sent to a thread; the rules never read this unknown field.
    const unsendable = docs.map((doc) => (doc._type === 'person' ? {...doc, extra: () => 1} : doc))
    const exists = new Set(docs.map((d) => d._id))
    const inThread = await validateDocuments(docs, {
      dataset: new LocalDatasetClient(docs),
      exists: (id) => exists.has(id),
    })
    const helped = await validateParallel(unsendable, {
      raw: docs,
      exists,
      threads: 1,
      minDocumentsForWorkers: 0,
    })
    expect(inThread.some((i) => i.path === 'summary')).toBe(true)
    expect(helped).toEqual(inThread)
  })
})
