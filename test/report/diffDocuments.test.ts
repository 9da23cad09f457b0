import {describe, expect, it} from 'vitest'
import {type DiffLine, diffBlocks} from '../../pipeline/report/blockDiff.ts'
import {
  type DocumentView,
  diffDocuments,
  summarizeDiff,
} from '../../pipeline/report/diffDocuments.ts'
import type {DiffLookup} from '../../pipeline/report/diffLookup.ts'
import type {FieldChange} from '../../pipeline/report/fieldDiff.ts'
import type {Segment} from '../../pipeline/report/wordDiff.ts'

const titles: Record<string, string> = {
  'source-a': 'Leiomyosarcoma (Wikipedia)',
  'source-b': 'Soft tissue sarcoma (Cancer Research UK)',
  'source-c': 'Uterine Sarcoma Treatment (National Cancer Institute)',
}
const lookup: DiffLookup = {
  label: (id) => titles[id] ?? `${id} (not in the dataset)`,
  fieldTitle: (_type, field) =>
    ({name: 'Name', synonyms: 'Synonyms', codes: 'Medical codes', summary: 'Summary'})[field] ??
    field,
  fieldOrder: () => ['name', 'slug', 'synonyms', 'codes', 'summary', 'sections', 'sources'],
}

type BlockSpec =
  | string
  | {text: string; list?: 'bullet' | 'number'; style?: string; marks?: string[]}
let keyCounter = 0
function block(spec: BlockSpec, key = `k${++keyCounter}`) {
  const {text, list, style, marks} = typeof spec === 'string' ? {text: spec} : spec
  return {
    _key: key,
    _type: 'block',
    style: style ?? 'normal',
    markDefs: [],
    children: [{_key: `${key}s`, _type: 'span', text, marks: marks ?? []}],
    ...(list ? {listItem: list, level: 1} : {}),
  }
}
function section(key: string, heading: string, body: BlockSpec[], extra: object = {}) {
  return {
    _key: key,
    _type: 'section',
    heading,
    kind: 'other',
    body: body.map((b, i) => block(b, `${key}b${i}`)),
    ...extra,
  }
}
const tumour = (fields: Record<string, unknown>): DocumentView => ({
  content: {_id: 'tumour-x', _type: 'tumour', name: 'Leiomyosarcoma', ...fields},
})

/** A line as wdiff would print it: [-removed-]{+added+}. */
const marked = (segments: Segment[]) =>
  segments
    .map((s) =>
      s.type === 'same' ? s.text : s.type === 'added' ? `{+${s.text}+}` : `[-${s.text}-]`,
    )
    .join('')
const markedLines = (lines: DiffLine[]) => lines.map((l) => `${l.status}: ${marked(l.segments)}`)
const field = (fields: FieldChange[], name: string) => fields.find((f) => f.field === name)

describe('sections', () => {
  const base = [
    section('s1', 'Overview', ['Leiomyosarcoma is a cancer of smooth muscle.']),
    section('s2', 'Symptoms', ['A painless lump.']),
    section('s3', 'Treatment', ['Surgery is the main treatment.']),
  ]

  it('finds nothing in identical pages, even when array keys differ', () => {
    const rekeyed = base.map((s) => ({
      ...s,
      body: s.body.map((b) => ({...b, _key: `${b._key}-new`})),
    }))
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: rekeyed}), lookup)
    expect(diff.changed).toBe(false)
    expect(diff.fields).toEqual([])
    expect(diff.sections.map((s) => [s.key, s.status, s.moved])).toEqual([
      ['s1', 'unchanged', false],
      ['s2', 'unchanged', false],
      ['s3', 'unchanged', false],
    ])
  })

  it('shows an added section with all its text added, in its new place', () => {
    const after = [base[0], section('s4', 'Diagnosis', ['A biopsy confirms it.']), ...base.slice(1)]
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: after}), lookup)
    const added = diff.sections[1]
    expect(added).toMatchObject({key: 's4', status: 'added', position: {after: 2}, moved: false})
    expect(markedLines(added?.lines ?? [])).toEqual(['added: {+A biopsy confirms it.+}'])
    expect(diff.sections.filter((s) => s.status !== 'unchanged')).toHaveLength(1)
    expect(summarizeDiff(diff)).toEqual(['section “Diagnosis” added'])
  })

  it('shows a removed section where it used to be', () => {
    const after = [base[0], base[2]]
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: after}), lookup)
    expect(diff.sections.map((s) => `${s.key}:${s.status}`)).toEqual([
      's1:unchanged',
      's2:removed',
      's3:unchanged',
    ])
    expect(diff.sections[1]?.position).toEqual({before: 2})
    expect(markedLines(diff.sections[1]?.lines ?? [])).toEqual(['removed: [-A painless lump.-]'])
  })

  it('marks only the section that changed places as moved', () => {
    const after = [base[2], base[0], base[1]]
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: after}), lookup)
    expect(diff.sections.map((s) => [s.key, s.status, s.moved, s.position])).toEqual([
      ['s3', 'unchanged', true, {before: 3, after: 1}],
      ['s1', 'unchanged', false, {before: 1, after: 2}],
      ['s2', 'unchanged', false, {before: 2, after: 3}],
    ])
    expect(diff.changed).toBe(true)
    expect(summarizeDiff(diff)).toEqual(['section “Treatment” moved'])
  })

  it('reports a changed heading and kind', () => {
    const after = [base[0], {...base[1], heading: 'Signs and symptoms', kind: 'symptoms'}, base[2]]
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: after}), lookup)
    expect(diff.sections[1]).toMatchObject({
      status: 'changed',
      heading: {before: 'Symptoms', after: 'Signs and symptoms'},
      kind: {before: 'other', after: 'symptoms'},
    })
    expect(diff.sections[1]?.lines.every((l) => l.status === 'same')).toBe(true)
  })

  it('diffs a changed section word by word', () => {
    const after = [
      base[0],
      base[1],
      section('s3', 'Treatment', ['Surgery and radiotherapy are the main treatments.']),
    ]
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: after}), lookup)
    const changed = diff.sections[2]
    expect(changed?.status).toBe('changed')
    expect(markedLines(changed?.lines ?? [])).toEqual([
      'changed: Surgery [-is-] {+and radiotherapy are+} the main [-treatment-] {+treatments+}.',
    ])
  })

  it('tracks section sources and the sources cited in the text', () => {
    const cited = (key: string, source: string, locator?: string) => ({
      ...block('Surgery is the main treatment.', key),
      markDefs: [
        {_key: 'm1', _type: 'citation', source: {_ref: source}, ...(locator ? {locator} : {})},
      ],
      children: [{_key: 't', _type: 'span', text: 'Surgery is the main treatment.', marks: ['m1']}],
    })
    const before = [
      {...base[2], body: [cited('b', 'source-a')], sources: [{_key: 'r1', _ref: 'source-a'}]},
    ]
    const after = [
      {
        ...base[2],
        body: [cited('b', 'source-b', 'Treatment')],
        sources: [
          {_key: 'r1', _ref: 'source-a'},
          {_key: 'r2', _ref: 'source-b'},
        ],
      },
    ]
    const diff = diffDocuments(tumour({sections: before}), tumour({sections: after}), lookup)
    expect(diff.sections[0]).toMatchObject({
      status: 'changed',
      sources: {added: ['Soft tissue sarcoma (Cancer Research UK)'], removed: []},
      citations: {
        added: ['Soft tissue sarcoma (Cancer Research UK), at “Treatment”'],
        removed: ['Leiomyosarcoma (Wikipedia)'],
      },
      formattingChanged: false,
    })
  })

  it('says when only formatting changed', () => {
    const after = [
      base[0],
      base[1],
      section('s3', 'Treatment', [{text: 'Surgery is the main treatment.', marks: ['strong']}]),
    ]
    const diff = diffDocuments(tumour({sections: base}), tumour({sections: after}), lookup)
    expect(diff.sections[2]).toMatchObject({status: 'changed', formattingChanged: true})
  })
})

describe('text inside a section', () => {
  it('keeps paragraphs and list items recognisable', () => {
    const before = [
      block('Treatment depends on the stage.'),
      block({text: 'surgery', list: 'bullet'}),
      block({text: 'chemotherapy', list: 'bullet'}),
    ]
    const after = [
      block('Treatment depends on the stage.'),
      block({text: 'Main treatments', style: 'h3'}),
      block({text: 'surgery', list: 'bullet'}),
      block({text: 'radiotherapy', list: 'bullet'}),
      block({text: 'chemotherapy', list: 'bullet'}),
    ]
    const lines = diffBlocks(before, after)
    expect(lines.map((l) => [l.status, l.style, l.listItem, marked(l.segments)])).toEqual([
      ['same', 'normal', undefined, 'Treatment depends on the stage.'],
      ['added', 'h3', undefined, '{+Main treatments+}'],
      ['same', 'normal', 'bullet', 'surgery'],
      ['added', 'normal', 'bullet', '{+radiotherapy+}'],
      ['same', 'normal', 'bullet', 'chemotherapy'],
    ])
  })

  it('shows a deleted paragraph on its own line', () => {
    const lines = diffBlocks(
      [block('First paragraph.'), block('Second paragraph goes.'), block('Third paragraph.')],
      [block('First paragraph.'), block('Third paragraph.')],
    )
    expect(markedLines(lines)).toEqual([
      'same: First paragraph.',
      'removed: [-Second paragraph goes.-]',
      'same: Third paragraph.',
    ])
  })

  it('notes a paragraph that became a list item', () => {
    const lines = diffBlocks(
      [block('Rest and fluids.')],
      [block({text: 'Rest and fluids.', list: 'bullet'})],
    )
    expect(lines).toEqual([
      {
        status: 'changed',
        style: 'normal',
        listItem: 'bullet',
        level: 1,
        formatBefore: 'paragraph',
        segments: [{type: 'same', text: 'Rest and fluids.'}],
      },
    ])
  })

  it('shows joined and split paragraphs', () => {
    expect(markedLines(diffBlocks([block('One.'), block('Two.')], [block('One. Two.')]))).toEqual([
      'changed: One. [-¶-] Two.',
    ])
    expect(markedLines(diffBlocks([block('One. Two.')], [block('One.'), block('Two.')]))).toEqual([
      'changed: One. {+¶+}',
      'same: Two.',
    ])
  })
})

describe('fields', () => {
  it('lists codes as "system code", sources by title and synonyms as items', () => {
    const before = tumour({
      synonyms: ['LMS', 'Leiomyosarcoma of soft tissue'],
      codes: [
        {_key: 'c1', _type: 'medicalCode', system: 'ICD-O-3', code: '8890/3'},
        {_key: 'c2', _type: 'medicalCode', system: 'OncoTree', code: 'LMS'},
      ],
      sources: [{_key: 'p1', _type: 'reference', _ref: 'source-a'}],
    })
    const after = tumour({
      synonyms: ['LMS', 'Smooth muscle sarcoma'],
      codes: [
        {_key: 'c1', _type: 'medicalCode', system: 'ICD-O-3', code: '8891/3'},
        {_key: 'c9', _type: 'medicalCode', system: 'OncoTree', code: 'LMS'},
      ],
      sources: [
        {_key: 'p1', _type: 'reference', _ref: 'source-a'},
        {_key: 'p2', _type: 'reference', _ref: 'source-c'},
        {_key: 'p3', _type: 'reference', _ref: 'source-gone'},
      ],
    })
    const {fields} = diffDocuments(before, after, lookup)
    expect(fields.map((f) => f.field)).toEqual(['synonyms', 'codes', 'sources'])
    expect(field(fields, 'synonyms')).toMatchObject({
      kind: 'list',
      label: 'Synonyms',
      added: ['Smooth muscle sarcoma'],
      removed: ['Leiomyosarcoma of soft tissue'],
    })
    expect(field(fields, 'codes')).toMatchObject({
      kind: 'list',
      added: ['ICD-O-3 8891/3'],
      removed: ['ICD-O-3 8890/3'],
    })
    expect(field(fields, 'sources')).toMatchObject({
      kind: 'list',
      added: [
        'Uterine Sarcoma Treatment (National Cancer Institute)',
        'source-gone (not in the dataset)',
      ],
      removed: [],
    })
  })

  it('diffs prose word by word and shows short values as before → after', () => {
    const {fields} = diffDocuments(
      tumour({summary: 'A rare cancer of smooth muscle.', nextReviewDue: '2026-06-30'}),
      tumour({
        summary: 'A rare cancer of smooth muscle tissue.',
        nextReviewDue: '2027-06-30',
        seoTitle: 'LMS',
      }),
      lookup,
    )
    const summary = field(fields, 'summary')
    expect(summary?.kind === 'text' && marked(summary.segments)).toBe(
      'A rare cancer of smooth muscle {+tissue+}.',
    )
    expect(field(fields, 'nextReviewDue')).toMatchObject({
      kind: 'value',
      before: '2026-06-30',
      after: '2027-06-30',
    })
    expect(field(fields, 'seoTitle')).toEqual({
      field: 'seoTitle',
      label: 'seoTitle',
      kind: 'value',
      after: 'LMS',
    })
  })

  it('compares the kits offered on the page', () => {
    const {fields} = diffDocuments(
      {...tumour({}), kits: ['OncoProfile Comprehensive']},
      {...tumour({}), kits: ['OncoProfile Sarcoma Fusion']},
      lookup,
    )
    expect(fields).toEqual([
      {
        field: 'kits',
        label: 'Kits offered on this page',
        kind: 'list',
        added: ['OncoProfile Sarcoma Fusion'],
        removed: ['OncoProfile Comprehensive'],
      },
    ])
  })

  it('diffs a kit’s description as text and its tumours by name', () => {
    const kit = (description: string, tumours: string[]): DocumentView => ({
      content: {
        _id: 'kit-x',
        _type: 'kitProduct',
        name: 'OncoProfile',
        description: [block(description, 'b1')],
        availableFor: tumours.map((id) => ({_key: id, _type: 'reference', _ref: id})),
      },
    })
    const {fields} = diffDocuments(
      kit('Sequences DNA from the tumour.', ['source-a']),
      kit('Sequences RNA from the tumour.', ['source-a', 'source-b']),
      lookup,
    )
    const description = field(fields, 'description')
    expect(description?.kind === 'body' && markedLines(description.lines)).toEqual([
      'changed: Sequences [-DNA-] {+RNA+} from the tumour.',
    ])
    expect(field(fields, 'availableFor')).toMatchObject({
      kind: 'list',
      added: ['Soft tissue sarcoma (Cancer Research UK)'],
      removed: [],
    })
  })

  it('ignores ids, revisions and timestamps', () => {
    const diff = diffDocuments(
      tumour({summary: 'Same words here, four of them.'}),
      {
        content: {
          ...tumour({summary: 'Same words here, four of them.'}).content,
          _id: 'drafts.tumour-x',
          _rev: 'abc',
          _updatedAt: '2026-11-20T10:00:00Z',
        },
      },
      lookup,
    )
    expect(diff.changed).toBe(false)
  })

  it('treats everything as new without a baseline', () => {
    const diff = diffDocuments(
      undefined,
      tumour({synonyms: ['LMS'], sections: [section('s1', 'Overview', ['New text.'])]}),
      lookup,
    )
    expect(diff.hasBaseline).toBe(false)
    expect(diff.fields.map((f) => [f.field, f.kind])).toEqual([
      ['name', 'value'],
      ['synonyms', 'list'],
    ])
    expect(diff.sections[0]?.status).toBe('added')
    expect(markedLines(diff.sections[0]?.lines ?? [])).toEqual(['added: {+New text.+}'])
  })
})
