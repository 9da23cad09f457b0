import {readFileSync} from 'node:fs'
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {planDataset, syntheticDocuments} from '../../pipeline/bench/syntheticDataset.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import {QueryEngine} from '../../pipeline/query/queryEngine.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {kitPageQuery, sourcesQuery, tumourPageQuery} from '../../queries/exportQueries.ts'
import {richDataset} from './richDataset.ts'

const timestamp = new Date('2026-11-01T00:00:00Z')

/** What groq-js answers out of the box: the async evaluator, `*` and `->` over every document. */
async function reference(query: string, dataset: SanityDoc[], params: Record<string, unknown>) {
  const result = await evaluate(parse(query), {dataset, params, timestamp, identity: 'export'})
  return result.get()
}

async function expectSameAsGroqJs(documents: SanityDoc[]) {
  const engine = new QueryEngine(documents, {timestamp})
  const tumours = engine.ofType('tumour')
  const kits = engine.ofType('kitProduct')
  expect(tumours.length).toBeGreaterThan(0)
  for (const doc of tumours) {
    expect(engine.tumourPage(doc._id), doc._id).toEqual(
      await reference(tumourPageQuery, documents, {id: doc._id}),
    )
  }
  for (const doc of kits) {
    expect(engine.kitPage(doc._id), doc._id).toEqual(
      await reference(kitPageQuery, documents, {id: doc._id}),
    )
  }
  expect(engine.sources()).toEqual(await reference(sourcesQuery, documents, {}))
}

const ndjson = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SanityDoc)

/**
 * The engine evaluates each page with the synchronous evaluator, `->` through a Map and `*`
 * narrowed to the page and the kits that reference it. None of that may change a result.
 */
describe('QueryEngine answers as groq-js does over the whole dataset', () => {
  it('on the embedded dataset', async () => {
    await expectSameAsGroqJs(applyPerspective(ndjson('content/production.ndjson'), 'published'))
  })

  it('on the rich test dataset (drafts, missing and weak references)', async () => {
    await expectSameAsGroqJs(applyPerspective(richDataset(), 'published'))
  })

  it('on a synthetic dataset with kits available for many tumours', async () => {
    const documents: SanityDoc[] = []
    for await (const doc of syntheticDocuments(planDataset({tumours: 40}))) documents.push(doc)
    await expectSameAsGroqJs(applyPerspective(documents, 'published'))
  })
})
