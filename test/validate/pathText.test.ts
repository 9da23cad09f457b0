import {describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {pathText} from '../../pipeline/validate/pathText.ts'
import {validateStage} from '../../pipeline/validate/validateStage.ts'
import {validDataset} from '../fixtures/validDataset.ts'

describe('pathText', () => {
  it('writes paths as the Studio does', () => {
    expect(pathText(['sections', {_key: 's1'}, 'body', 0, 'children'])).toBe(
      'sections[_key=="s1"].body[0].children',
    )
  })

  it('still writes a path with an empty _key, which the Studio formatter refuses', () => {
    expect(pathText(['codes', {_key: ''}, 'code'])).toBe('codes[_key==""].code')
  })

  it('lets validation report a broken item with an empty _key instead of crashing', async () => {
    const docs = structuredClone(validDataset()) as (SanityDoc & {codes?: {_key: string}[]})[]
    const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma')
    if (!tumour?.codes?.[0]) throw new Error('fixture changed')
    Object.assign(tumour.codes[0], {_key: '', code: 'bad'})
    const {issues, blocked} = await validateStage({visible: docs, raw: docs})
    expect(issues).toContainEqual(
      expect.objectContaining({
        documentId: 'tumour-leiomyosarcoma',
        path: 'codes[_key==""].code',
        level: 'error',
      }),
    )
    expect(blocked.has('tumour-leiomyosarcoma')).toBe(true)
  })
})
