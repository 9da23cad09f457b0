import {describe, expect, it} from 'vitest'
import {QueryEngine} from '../../pipeline/query/queryEngine.ts'
import {kitToJson} from '../../pipeline/transform/kitPage.ts'
import {kitLink, type TumourRow, tumourToJson} from '../../pipeline/transform/tumourPage.ts'
import type {PageReview, SanityDoc} from '../../pipeline/types.ts'
import {richDataset} from '../export/richDataset.ts'
import {validDataset} from '../fixtures/validDataset.ts'

const timestamp = new Date('2026-11-01T00:00:00Z')
const review: PageReview = {
  approvedBy: {name: 'Li Chen', credentials: ['MD']},
  approvedAt: '2026-10-12T16:05:00.000Z',
  contentHash: 'a'.repeat(64),
  scope: 'full',
  lastReviewed: '2026-10-12',
  nextReviewDue: '2027-10-12',
  reviewedBy: {name: 'Li Chen', credentials: ['MD'], orcid: '0000-0002-1825-0097'},
}

describe('tumourToJson', () => {
  it('numbers citations as footnotes, lists each source once, and shows the review it is given', () => {
    const engine = new QueryEngine(richDataset() as SanityDoc[], {timestamp})
    const row = engine.tumourPage('tumour-leiomyosarcoma') as TumourRow
    const kits = row.kits.flatMap((k) => kitLink(k) ?? [])
    const page = tumourToJson(row, kits, review)
    expect(page.url).toBe('/tumours/leiomyosarcoma')
    expect(page.footnotes.map((f) => f.number)).toEqual(page.footnotes.map((_, i) => i + 1))
    const ids = page.sources.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(page.review).toEqual(review)
    expect(page.review).not.toBe(review)
    expect(page.jsonLd).toMatchObject({
      '@type': 'MedicalWebPage',
      lastReviewed: '2026-10-12',
      reviewedBy: {name: 'Li Chen'},
    })
    expect(tumourToJson(row, kits).review).toEqual({})
  })

  it('drops an unsafe call to action from a kit link, and a kit without a slug', () => {
    const base = {
      _id: 'kit-x',
      name: 'X',
      slug: 'x',
      tagline: null,
      callToAction: {label: 'Go', url: 'javascript:alert(1)'},
    }
    expect(kitLink(base as never)).toEqual({name: 'X', slug: 'x', url: '/kits/x'})
    expect(kitLink({...base, slug: null} as never)).toBeUndefined()
  })
})

describe('kitToJson', () => {
  it('lists only the exported tumours, sorted by name, and shows the review it is given', () => {
    const docs = structuredClone(validDataset()) as SanityDoc[]
    const kit = docs.find((d) => d._id === 'kit-oncoprofile') as SanityDoc & {
      availableFor: object[]
    }
    docs.push({
      ...structuredClone(docs.find((d) => d._id === 'tumour-leiomyosarcoma') as SanityDoc),
      _id: 'tumour-angio',
      name: 'Angiosarcoma',
      slug: {_type: 'slug', current: 'angiosarcoma'},
    })
    kit.availableFor.push({_key: 'a2', _type: 'reference', _ref: 'tumour-angio'})
    const row = new QueryEngine(docs, {timestamp}).kitPage('kit-oncoprofile') as never
    const both = kitToJson(row, new Set(['tumour-leiomyosarcoma', 'tumour-angio']), review)
    expect(both.availableFor.map((t) => t.name)).toEqual(['Angiosarcoma', 'Leiomyosarcoma'])
    expect(both.review).toEqual(review)
    expect(
      kitToJson(row, new Set(['tumour-leiomyosarcoma'])).availableFor.map((t) => t.slug),
    ).toEqual(['leiomyosarcoma'])
    expect(both.callToAction).toEqual({label: 'Request a test', url: '/request-a-test'})
  })
})
