import {createReadStream} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments} from '../../pipeline/validate/validateDocuments.ts'
import {validateParallel} from '../../pipeline/validate/validateParallel.ts'
import {ValidationThreads} from '../../pipeline/validate/validationThreads.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {validDataset} from '../fixtures/validDataset.ts'

describe('validation in worker threads', () => {
  it('reports exactly what validation in this thread reports', async () => {
    const {documents} = await loadDataset(
      createReadStream('content/production.ndjson'),
      new Set(schemaTypes.map((t) => t.name)),
    )
    const visible = applyPerspective(documents, 'published')
    // Break a few rules that look at other documents (slug uniqueness, a missing source).
    const broken = visible.map((doc) =>
      doc._id === 'tumour-melanoma'
        ? {
            ...doc,
            slug: {_type: 'slug', current: 'leiomyosarcoma'},
            sources: [{_key: 'x', _type: 'reference', _ref: 'source-that-does-not-exist'}],
          }
        : doc,
    )
    const exists = new Set(broken.map((d) => d._id))
    const inThread = await validateDocuments(broken, {
      dataset: new LocalDatasetClient(documents),
      exists: (id) => exists.has(id),
    })
    const inWorkers = await validateParallel(broken, {
      raw: documents,
      exists,
      threads: 2,
      minDocumentsForWorkers: 0,
    })
    expect(inThread.length).toBeGreaterThan(0)
    expect(inWorkers).toEqual(inThread)
  })

  it('shares the work with threads started beforehand, and reports the same', async () => {
    const docs = validDataset().map((doc) =>
      doc._type === 'tumour' ? {...doc, summary: undefined} : doc,
    )
    const exists = new Set(docs.map((d) => d._id))
    const inThread = await validateDocuments(docs, {
      dataset: new LocalDatasetClient(docs),
      exists: (id) => exists.has(id),
    })
    const threads = ValidationThreads.start(1)
    const shared = await validateParallel(docs, {
      raw: docs,
      exists,
      threads,
      minDocumentsForWorkers: 0,
    })
    expect(inThread.some((i) => i.path === 'summary' && i.level === 'error')).toBe(true)
    expect(shared).toEqual(inThread)
  })

  it('validates small batches in this thread', async () => {
    const docs = validDataset()
    expect(
      await validateParallel(docs, {
        raw: docs,
        exists: new Set(docs.map((d) => d._id)),
        threads: 2,
      }),
    ).toEqual([])
  })
})
