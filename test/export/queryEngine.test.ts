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

  it('on kits that reference a tumour in odd places (nested, mixed lists, twice, weakly)', async () => {
    const documents: SanityDoc[] = []
    for await (const doc of syntheticDocuments(planDataset({tumours: 6}))) documents.push(doc)
    const tumours = documents.filter((d) => d._type === 'tumour' && !d._id.startsWith('drafts.'))
    const [a, b, c, d] = tumours.map((t) => t._id) as [string, string, string, string]
    const ref = (id: string, key: string, weak = false) => ({
      _key: key,
      _type: 'reference',
      _ref: id,
      ...(weak ? {_weak: true} : {}),
    })
    documents.push(
      // Only deep down: in an object inside a list, and in a nested field.
      {
        _id: 'kit-nested',
        _type: 'kitProduct',
        name: 'Nested',
        availableFor: [{_key: 'n1', _type: 'group', members: [ref(a, 'm1')]}],
        partner: {_type: 'partner', about: ref(b, 'p1')},
      },
      // A list that mixes references with other items, one tumour twice, one weakly.
      {
        _id: 'kit-mixed',
        _type: 'kitProduct',
        name: 'Mixed',
        availableFor: [
          ref(a, 'x1'),
          {_key: 'x2', note: 'not a reference'},
          ref(c, 'x3'),
          ref(a, 'x4'),
        ],
        alsoFor: [ref(d, 'y1', true), 'a plain string'],
      },
    )
    await expectSameAsGroqJs(applyPerspective(documents, 'published'))
  })
})
