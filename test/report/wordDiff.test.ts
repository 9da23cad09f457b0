import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {
  diffText,
  PARAGRAPH_BREAK,
  type Segment,
  tidySegments,
  wordChanges,
} from '../../pipeline/report/wordDiff.ts'

/** The general word diff alone: prose in, words out and in, nothing about documents. */

/** A text as wdiff would print it: [-removed-]{+added+}. */
const marked = (segments: Segment[]) =>
  segments
    .map((s) =>
      s.type === 'same' ? s.text : s.type === 'added' ? `{+${s.text}+}` : `[-${s.text}-]`,
    )
    .join('')

describe('the word diff', () => {
  it('finds nothing in equal texts, and everything in texts with no word in common', () => {
    expect(diffText('Surgery is the main treatment.', 'Surgery is the main treatment.')).toEqual([
      {type: 'same', text: 'Surgery is the main treatment.'},
    ])
    expect(marked(diffText('alpha beta', 'gamma delta'))).toBe('[-alpha beta-]{+gamma delta+}')
  })

  it('starts and ends each change at a word, and trims the text', () => {
    expect(
      tidySegments([
        {type: 'same', text: '  Treatment is planned '},
        {type: 'removed', text: 'by '},
        {type: 'added', text: 'at '},
        {type: 'same', text: 'a centre.  '},
      ]),
    ).toEqual([
      {type: 'same', text: 'Treatment is planned '},
      {type: 'removed', text: 'by'},
      {type: 'same', text: ' '},
      {type: 'added', text: 'at'},
      {type: 'same', text: ' a centre.'},
    ])
  })

  it('keeps paragraph breaks as their own tokens, so paragraphs stay aligned', () => {
    const join = (...paragraphs: string[]) => paragraphs.join(`\n${PARAGRAPH_BREAK}\n`)
    const segments = wordChanges(
      join('First paragraph stays.', 'Second one goes.'),
      join('First paragraph stays.', 'A new second paragraph.', 'Second one goes.'),
    )
    const breaks = (type: Segment['type']) =>
      segments.filter((s) => s.type === type && s.text.includes(PARAGRAPH_BREAK)).length
    // One break added with the new paragraph; the old break is kept, not rewritten.
    expect(breaks('added')).toBe(1)
    expect(breaks('removed')).toBe(0)
    expect(segments.filter((s) => s.type === 'removed')).toEqual([])
  })

  it('keeps the old spacing of removed words', () => {
    const segments = diffText(
      'A cancer of the pigment cells (melanocytes), most often in the skin.',
      'A cancer of melanocytes, the pigment-making cells of the skin.',
    )
    const old = segments
      .filter((s) => s.type !== 'added')
      .map((s) => s.text)
      .join('')
    expect(old.replace(/\s+/g, ' ')).toContain('pigment cells (melanocytes)')
  })

  it('folds short unchanged words between rewrites into the change', () => {
    expect(
      marked(
        diffText(
          'Treatment is planned by a specialist sarcoma team and depends on the stage.',
          'Treatment is planned at a centre that sees many people with sarcoma, where teams meet, and depends on the stage.',
        ),
      ),
    ).toBe(
      'Treatment is planned [-by a specialist sarcoma team-] {+at a centre that sees many people with sarcoma, where teams meet,+} and depends on the stage.',
    )
  })

  it('shows a huge rewrite as replaced wholesale', () => {
    const text = (prefix: string) => Array.from({length: 6000}, (_, i) => `${prefix}${i}`).join(' ')
    // diffWords gives up past its edit bound; the report shows the texts replaced, deterministically.
    const segments = diffText(text('old'), text('new'))
    expect(segments.map((s) => s.type)).toEqual(['removed', 'added'])
  })

  it('rebuilds both texts exactly, up to spacing', () => {
    const word = fc.constantFrom(
      'the',
      'tumour',
      'is',
      'rare',
      'surgery',
      'may',
      'help',
      ',',
      '.',
      'LMS',
      '8890/3',
      'Márquez',
    )
    const text = fc.array(word, {maxLength: 25}).map((words) => words.join(' '))
    const squash = (s: string) => s.replace(/\s+/g, '')
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = diffText(before, after)
        const side = (type: 'added' | 'removed') =>
          segments
            .filter((s) => s.type !== type)
            .map((s) => s.text)
            .join('')
        expect(squash(side('added'))).toBe(squash(before))
        expect(squash(side('removed'))).toBe(squash(after))
      }),
      {numRuns: 300, seed: 42},
    )
  })
})
