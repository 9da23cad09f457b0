import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {planDataset, syntheticDocuments} from '../../pipeline/bench/syntheticDataset.ts'
import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {canonicalDocument, canonicalJson} from '../../pipeline/workflow/canonical.ts'
import {
  closureDocuments,
  closureDrift,
  closureOf,
  closureText,
  parseClosure,
} from '../../pipeline/workflow/closure.ts'
import {kitPageQuery, tumourPageQuery} from '../../queries/exportQueries.ts'

const timestamp = new Date('2026-11-01T00:00:00Z')
const run = async (query: string, dataset: SanityDoc[], id: string) =>
  (await evaluate(parse(query), {dataset, params: {id}, timestamp, identity: 'export'})).get()

/**
 * The closure must hold everything a page shows: the export's page query evaluated over the
 * closure's documents alone (groq-js, `*` and `->` over just those) equals the same query over
 * the whole dataset. A query that starts to show another field or document fails here.
 */
async function expectClosuresSufficient(documents: SanityDoc[]) {
  const published = applyPerspective(documents, 'published')
  const lookup = datasetLookup(published)
  let pages = 0
  for (const page of published.filter((d) => d._type === 'tumour' || d._type === 'kitProduct')) {
    const query = page._type === 'tumour' ? tumourPageQuery : kitPageQuery
    const text = closureText(closureOf(page, page._id, lookup))
    const closure = parseClosure(text)
    expect(closure, page._id).toBeDefined()
    const own = closureDocuments(closure as never, page._id) as SanityDoc[]
    const [alone, whole] = [await run(query, own, page._id), await run(query, published, page._id)]
    // _rev is not content: a closure is the same for every revision with the same content.
    expect({...(alone as object), _rev: undefined}, page._id).toEqual({
      ...(whole as object),
      _rev: undefined,
    })
    pages++
  }
  expect(pages).toBeGreaterThan(10)
}

const ndjson = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SanityDoc)

describe('content closures', () => {
  it('hold everything the page queries show, on the embedded dataset', async () => {
    await expectClosuresSufficient(ndjson('content/production.ndjson'))
  })

  it('hold everything the page queries show, on a synthetic dataset with shared kits', async () => {
    const docs: SanityDoc[] = []
    for await (const doc of syntheticDocuments(planDataset({tumours: 40}))) docs.push(doc)
    await expectClosuresSufficient(docs)
  })

  it('are RFC 8785 text, built without canonicalizing the whole closure at once', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        {depthSize: 'small'},
        fc.string(),
        fc.integer(),
        fc.double({noNaN: true, noDefaultInfinity: true}),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), {maxLength: 4}),
        fc.dictionary(fc.string({maxLength: 6}), tie('value'), {maxKeys: 4}),
      ),
    })).value
    const doc = fc.dictionary(fc.string({maxLength: 8}), json, {maxKeys: 6})
    fc.assert(
      fc.property(
        doc,
        fc.dictionary(fc.string({maxLength: 10}), fc.option(doc, {nil: null})),
        fc.dictionary(fc.string({maxLength: 10}), doc),
        (page, references, referencedBy) => {
          const closure = {v: 1 as const, page, references, referencedBy}
          expect(closureText(closure)).toBe(canonicalJson(closure))
          expect(canonicalDocument(page)).toBe(canonicalJson(page))
        },
      ),
      {numRuns: 500},
    )
  })

  it('tell a change to the page from a change to what it shows', () => {
    const docs = ndjson('content/production.ndjson')
    const lookup = () => datasetLookup(applyPerspective(docs, 'published'))
    const page = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as SanityDoc
    const before = closureOf(page, page._id, lookup())
    const source = docs.find(
      (d) => d._id === (page.sources as {_ref: string}[])[0]?._ref,
    ) as SanityDoc
    source.title = 'Changed'
    expect(closureDrift(before, closureOf(page, page._id, lookup()))).toEqual({
      page: false,
      shown: [source._id],
    })
    expect(
      closureDrift(before, closureOf({...page, summary: 'x'}, page._id, lookup())),
    ).toMatchObject({page: true})
  })
})

describe('a closure kept with a statement', () => {
  it.each([5_000, 100_000])('is refused, not a crash, when nested %i levels deep', (levels) => {
    const deep = `${'['.repeat(levels)}${']'.repeat(levels)}`
    const text = `{"page":{"x":${deep}},"referencedBy":{},"references":{},"v":1}`
    expect(parseClosure(text)).toBeUndefined()
    expect(parseClosure('{"page":{},"referencedBy":{},"references":{},"v":1}')).toBeDefined()
    expect(parseClosure('not json')).toBeUndefined()
  })
})
