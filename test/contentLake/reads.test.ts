import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {lakeClient} from '../support/contentLake/client.ts'
import {type ContentLake, startContentLake} from '../support/contentLake/server.ts'

let lake: ContentLake

beforeAll(async () => {
  lake = await startContentLake()
})
afterEach(() => {
  lake.unrecognised.length = 0
})
afterAll(() => lake.close())

const ids = (docs: {_id: string}[]) => docs.map((doc) => doc._id)

describe('perspectives (content/production.ndjson: drafts of leiomyosarcoma, breast cancer, angiosarcoma)', () => {
  const query =
    '*[_type == "tumour" && _id match "*sarcoma"]{_id, _originalId, summary} | order(_id)'

  it('raw shows drafts.* and published documents side by side, without _originalId', async () => {
    const docs = await lakeClient(lake, 'writer').fetch(query, {}, {perspective: 'raw'})
    expect(ids(docs)).toContain('drafts.tumour-leiomyosarcoma')
    expect(ids(docs)).toContain('tumour-leiomyosarcoma')
    expect(ids(docs)).toContain('drafts.tumour-angiosarcoma')
    expect(docs.every((doc: {_originalId: unknown}) => doc._originalId === null)).toBe(true)
  })

  it('published hides every draft, including a page that exists only as a draft', async () => {
    const docs = await lakeClient(lake, 'writer').fetch(query, {}, {perspective: 'published'})
    expect(ids(docs).some((id) => id.startsWith('drafts.'))).toBe(false)
    expect(ids(docs)).not.toContain('tumour-angiosarcoma')
  })

  it('drafts puts each draft under the published id, naming its source in _originalId', async () => {
    const docs = await lakeClient(lake, 'writer').fetch(query, {}, {perspective: 'drafts'})
    const byId = new Map(docs.map((doc: {_id: string}) => [doc._id, doc]))
    expect(byId.get('tumour-leiomyosarcoma')).toEqual({
      _id: 'tumour-leiomyosarcoma',
      _originalId: 'drafts.tumour-leiomyosarcoma',
      summary: lake.document('drafts.tumour-leiomyosarcoma')?.summary,
    })
    expect(byId.get('tumour-angiosarcoma')).toMatchObject({
      _originalId: 'drafts.tumour-angiosarcoma',
    })
    expect(byId.get('tumour-synovial-sarcoma')).toMatchObject({
      _originalId: 'tumour-synovial-sarcoma',
    })
    expect(ids(docs).some((id) => id.startsWith('drafts.'))).toBe(false)
  })

  it('defaults to published from API version 2025-02-19, and to raw before it', async () => {
    const count = 'count(*[_id in path("drafts.**")])'
    expect(await lakeClient(lake, 'writer', '2025-02-19').fetch(count)).toBe(0)
    expect(await lakeClient(lake, 'writer', '2021-06-07').fetch(count)).toBe(3)
  })

  it('records a perspective it does not model (a release stack) as unrecognised', async () => {
    const client = lakeClient(lake, 'writer')
    await expect(client.fetch('*[0]', {}, {perspective: ['rSpring', 'drafts']})).rejects.toThrow(
      /perspective/,
    )
    expect(lake.unrecognised).toEqual([
      expect.objectContaining({reason: expect.stringContaining('rSpring,drafts')}),
    ])
  })
})

describe('queries', () => {
  it('takes parameters, also in slices groq-js only parses with them', async () => {
    const names = await lakeClient(lake, 'writer').fetch(
      '*[_type == $type] | order(name asc)[0...$limit].name',
      {type: 'tumour', limit: 2},
    )
    expect(names).toEqual(['Breast cancer', 'Colorectal cancer'])
  })

  it('answers a long query sent as POST the same as a GET', async () => {
    const filler = ` && _id != "${'x'.repeat(12_000)}"`
    const query = `count(*[_type == "tumour"${filler}])`
    expect(await lakeClient(lake, 'writer').fetch(query)).toBe(12)
    expect(lake.requests.at(-1)).toMatchObject({method: 'POST', status: 200})
  })

  it('returns documents by id, listing the missing ones as omitted', async () => {
    const client = lakeClient(lake, 'writer')
    const docs = await client.getDocuments(['tumour-melanoma', 'drafts.tumour-melanoma'])
    expect(docs.map((doc) => doc?._id ?? null)).toEqual(['tumour-melanoma', null])
  })

  it('reports a query groq-js cannot parse as not modelled, naming the query', async () => {
    await expect(lakeClient(lake, 'writer').fetch('*[_type == ]')).rejects.toThrow(/cannot parse/)
    expect(lake.unrecognised).toHaveLength(1)
  })
})

describe('the text::query() approximation (the Studio’s search)', () => {
  // The shape the Studio's search sends (sanity 6.16.0, findability-mvi:5), shortened.
  const search = `*[_type in $__types && ([@, _id] match text::query($__query))]{_type, _id, _originalId} | order(_id asc) [0...$__limit]`
  const find = (query: string) =>
    lakeClient(lake, 'writer').fetch(
      search,
      {__types: ['source', 'tumour'], __query: query, __limit: 10},
      {perspective: 'drafts'},
    )

  it('needs every term, the last one as a prefix, anywhere in the document', async () => {
    expect(ids(await find('Cancer Research*'))).toEqual(['source-cruk-soft-tissue-sarcoma'])
    expect(ids(await find('cancer resea*'))).toEqual(['source-cruk-soft-tissue-sarcoma'])
  })

  it('searches Portable Text and nested fields too', async () => {
    const pages = await find('smooth muscle*')
    expect(ids(pages)).toContain('tumour-leiomyosarcoma')
  })

  it('never leaks the text it searches into results', async () => {
    const docs = await lakeClient(lake, 'writer').fetch(
      '*[_id == "source-cruk-soft-tissue-sarcoma" && [@, _id] match text::query("cancer")]{...}',
    )
    expect(Object.keys(docs[0]).every((key) => !key.includes('search'))).toBe(true)
    expect(docs[0]).toEqual(lake.document('source-cruk-soft-tissue-sarcoma'))
  })
})
