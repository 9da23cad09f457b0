import {describe, expect, it} from 'vitest'
import {LONG_LINE_SHAPES} from '../../pipeline/bench/longLinePages.ts'
import {parsePage} from '../../pipeline/import/importFiles.ts'
import {pageToDocuments} from '../../pipeline/import/pageToDocuments.ts'
import {bareText, toLines} from '../../pipeline/import/plainTextLines.ts'

const MB = 1_000_000

/**
 * One line of 1 MB in each shape that used to make an importer regex quadratic (hours at this
 * size). Each must finish and still give the page; how the time grows is measured by
 * pipeline/bench/importScaling.ts, not here. The bracket shapes are parsed by remark, which
 * is itself slow on a megabyte of brackets, so their regex is tested on the line alone.
 */
const PAGE_SHAPES = Object.keys(LONG_LINE_SHAPES).filter((shape) => !shape.startsWith('brackets'))

describe('a 1 MB line', () => {
  it.each(PAGE_SHAPES)(
    '%s: the page is imported',
    (shape) => {
      const input = (LONG_LINE_SHAPES[shape] as (bytes: number) => never)(MB)
      const parsed = parsePage(input)
      expect(parsed.page?.name).toBe('Leiomyosarcoma')
      const built = pageToDocuments(parsed.page as never, {date: '2026-10-01'})
      expect(built.documents?.tumour._id).toBe('tumour-leiomyosarcoma')
    },
    300_000,
  )

  it.each([
    ['[', (count: number) => '['.repeat(count)],
    ['[a](', (count: number) => '[a]('.repeat(count)],
    ['[a](b) ', (count: number) => 'a '.repeat(count).trim()],
  ])('of %s is stripped of Markdown links', (unit, expected) => {
    const count = Math.floor(MB / unit.length)
    const line = toLines(unit.repeat(count))[0] as ReturnType<typeof toLines>[number]
    expect(bareText(line.text)).toBe(expected(count))
  })
})
