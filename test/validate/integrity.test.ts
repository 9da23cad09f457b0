import {describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {checkIntegrity} from '../../pipeline/validate/integrity.ts'
import {referenceTargets} from '../../pipeline/validate/referenceTargets.ts'
import {getStudioSchema} from '../../pipeline/validate/studioSchema.ts'
import {validDataset} from '../fixtures/validDataset.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are changed freely
type Doc = Record<string, any> & SanityDoc

const targets = referenceTargets(getStudioSchema(), ['tumour', 'kitProduct', 'source'])
const check = (docs: Doc[], walked = docs) =>
  checkIntegrity(walked, new Map(docs.map((d) => [d._id, d])), targets, docs)
const dataset = () => structuredClone(validDataset()) as Doc[]
const tumourOf = (docs: Doc[]) => docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc

describe('checkIntegrity', () => {
  it('finds nothing in the valid dataset', () => {
    expect(check(dataset())).toEqual([])
  })

  it('names a missing reference, strong (error) or weak (warning), with its keyed path', () => {
    const docs = dataset()
    tumourOf(docs).sources.push({_key: 'gone', _type: 'reference', _ref: 'source-gone'})
    tumourOf(docs).sources.push({
      _key: 'weak',
      _type: 'reference',
      _ref: 'source-weak',
      _weak: true,
    })
    expect(check(docs)).toEqual([
      expect.objectContaining({
        documentId: 'tumour-leiomyosarcoma',
        path: 'sources[_key=="gone"]',
        level: 'error',
        code: 'missing-reference',
      }),
      expect.objectContaining({
        path: 'sources[_key=="weak"]',
        level: 'warning',
        code: 'missing-reference',
      }),
    ])
  })

  it('refuses a reference to a document of the wrong type', () => {
    const docs = dataset()
    tumourOf(docs).sources[0]._ref = 'kit-oncoprofile'
    expect(check(docs)).toEqual([
      expect.objectContaining({
        path: 'sources[_key=="r2"]',
        code: 'wrong-reference-type',
        message: expect.stringContaining('only source is allowed'),
      }),
    ])
  })

  it('finds a slug used twice, also when only one of the two pages is walked', () => {
    const docs = dataset()
    const copy = {
      ...structuredClone(tumourOf(docs)),
      _id: 'tumour-copy',
      slug: {_type: 'slug', current: 'leiomyosarcoma'},
    }
    docs.push(copy)
    const found = check(docs, [copy]).filter(
      (i) => i.code === 'duplicate-slug' || i.code === 'unsafe-slug',
    )
    expect(found.map((i) => [i.documentId, i.code])).toEqual(
      expect.arrayContaining([
        ['tumour-leiomyosarcoma', 'duplicate-slug'],
        ['tumour-copy', 'duplicate-slug'],
      ]),
    )
  })

  it('drops an unsafe link with a warning, and refuses a source whose own URL is unsafe', () => {
    const docs = dataset()
    tumourOf(docs).sections[0].body[0].markDefs[1].href = 'javascript:alert(1)'
    const source = docs.find((d) => d._type === 'source') as Doc
    source.url = 'ftp://example.org/x'
    expect(
      check(docs)
        .map((i) => [i.documentId, i.path, i.level, i.code])
        .sort(),
    ).toEqual([
      ['source-wikipedia-leiomyosarcoma', 'url', 'error', 'unsafe-link'],
      [
        'tumour-leiomyosarcoma',
        'sections[_key=="s1"].body[_key=="b1"].markDefs[_key=="m2"].href',
        'warning',
        'unsafe-link',
      ],
    ])
  })

  it('names a null list item by its position', () => {
    const docs = dataset()
    tumourOf(docs).sections.push(null)
    expect(check(docs)).toEqual([
      expect.objectContaining({
        path: 'sections[1]',
        code: 'null-item',
        message: expect.stringContaining('Item 2'),
      }),
    ])
  })
})
