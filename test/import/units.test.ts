import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {isCallToAction, joinedCallToAction} from '../../pipeline/import/buttonLine.ts'
import {decodeText} from '../../pipeline/import/decodeText.ts'
import {isIsoDate} from '../../pipeline/import/importDate.ts'
import {importPages} from '../../pipeline/import/importFiles.ts'
import {assignKeys} from '../../pipeline/import/keys.ts'
import {markdownToBlocks} from '../../pipeline/import/markdownToBlocks.ts'
import {extractNameFacts} from '../../pipeline/import/nameFacts.ts'
import {pageToDocuments, TAGLINE_MAX} from '../../pipeline/import/pageToDocuments.ts'
import {parseMarkdown} from '../../pipeline/import/parseMarkdown.ts'
import {parseMarkdownPage} from '../../pipeline/import/parseMarkdownPage.ts'
import {parsePlainText} from '../../pipeline/import/parsePlainText.ts'
import {isHeadingShaped, toLines} from '../../pipeline/import/plainTextLines.ts'
import {sectionKind} from '../../pipeline/import/sectionKind.ts'
import {SUMMARY_MAX, SUMMARY_MIN, summarize} from '../../pipeline/import/sentences.ts'
import {slugify} from '../../pipeline/import/slugify.ts'
import {wikipediaUrl} from '../../pipeline/import/sourceDocument.ts'
import {checkSlug} from '../../schemas/rules/slug.ts'

const line = (text: string) => toLines(text)[0] as ReturnType<typeof toLines>[number]

describe('slugify', () => {
  it.each([
    ['Leiomyosarcoma', 'leiomyosarcoma'],
    ['Gastrointestinal stromal tumour (GIST)', 'gastrointestinal-stromal-tumour-gist'],
    ["Kaposi's sarcoma", 'kaposis-sarcoma'],
    ['Sézary syndrome', 'sezary-syndrome'],
    ['  Ewing   sarcoma -- ', 'ewing-sarcoma'],
    ['Straße & Æther', 'strasse-and-aether'],
    ['日本', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it('always gives a slug the Studio accepts, or nothing', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 300, unit: 'grapheme'}), (text) => {
        const slug = slugify(text)
        expect(slug === '' || checkSlug(slug) === undefined).toBe(true)
      }),
    )
  })
})

describe('summarize', () => {
  it('stops at a sentence boundary', () => {
    const text =
      'Leiomyosarcoma is a rare cancer of smooth muscle. It most often starts in the uterus or the abdomen. It affects adults.'
    expect(summarize(text)).toBe(
      'Leiomyosarcoma is a rare cancer of smooth muscle. It most often starts in the uterus or the abdomen.',
    )
  })

  it('cuts an overlong sentence at a word and marks the cut', () => {
    const summary = summarize(`Sarcoma ${'tissue '.repeat(80)}.`) as string
    expect(summary.endsWith('tissue…')).toBe(true)
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX)
  })

  it('is undefined or between 50 and 300 characters', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 800}), (text) => {
        const summary = summarize(text)
        if (summary !== undefined) {
          expect(summary.length).toBeGreaterThanOrEqual(SUMMARY_MIN)
          expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX)
        }
      }),
    )
  })
})

describe('assignKeys', () => {
  it('is deterministic, unique within each array, and keeps keys already set', () => {
    const value = {
      sections: [{body: [{a: 1}, {a: 1}]}, {body: [{a: 1}]}],
      links: [{_key: 'fixed'}],
    }
    const first = assignKeys('tumour-x', value)
    expect(assignKeys('tumour-x', value)).toEqual(first)
    const keys = first.sections[0]?.body.map((block) => (block as {_key?: string})._key)
    expect(new Set(keys).size).toBe(2)
    expect(first.links[0]?._key).toBe('fixed')
    expect(Object.keys(first.sections[0] ?? {})[0]).toBe('_key')
    expect(assignKeys('tumour-y', value)).not.toEqual(first)
  })
})

describe('extractNameFacts', () => {
  it('finds abbreviations and the origin of the name', () => {
    const facts = extractNameFacts(
      "Leiomyosarcoma, also referred to as LMS, is a rare cancer (from Greek leios 'smooth'). It is rare.",
      'Leiomyosarcoma',
    )
    expect(facts.synonyms).toEqual(['LMS'])
    expect(facts.nameOrigin).toBe("From Greek leios 'smooth'.")
  })

  it('reads "X (ABBR)" and stops at the clause after "also known as"', () => {
    const facts = extractNameFacts(
      'Gastrointestinal stromal tumour (GIST) is a tumour of the gut. It is also known as gastrointestinal stromal tumor, which is the American spelling.',
      'Gastrointestinal stromal tumour',
    )
    expect(facts.synonyms).toEqual(['GIST', 'gastrointestinal stromal tumor'])
  })
})

describe('plain-text line classes', () => {
  it.each(['Location', 'Signs and symptoms', '**Treatment**', '## Prognosis', 'Risk factors:'])(
    '%s is heading-shaped',
    (text) => expect(isHeadingShaped(line(text))).toBe(true),
  )
  it.each([
    'Surgery is the main treatment.',
    'Common complaints include',
    '* a slowly growing swelling',
    '[Read more](/more)',
  ])('%s is not heading-shaped', (text) => expect(isHeadingShaped(line(text))).toBe(false))

  it.each([
    'Request a test',
    'Order now',
    'Contact us →',
    '[Contact us](/contact)',
    'Get in touch',
  ])('%s is a call to action', (text) => expect(isCallToAction(line(text))).toBe(true))
  it.each(['Treatment', 'Contact your doctor if the lump grows.', 'Requested tests vary by site'])(
    '%s is not a call to action',
    (text) => expect(isCallToAction(line(text))).toBe(false),
  )

  it.each([
    ['Discover Oncofocus Today Do you want to order now? Request a test.', 'Request a test'],
    ['Do you want to order now? Request a test', 'Request a test'],
    ['Discover OncoProfile Order now →', 'Order now'],
    ['Learn more about the panel Ready to order? Contact us', 'Contact us'],
  ])('%s joins buttons; the call to action is "%s"', (text, label) => {
    expect(joinedCallToAction(line(text))).toBe(label)
    expect(isCallToAction(line(text))).toBe(true)
  })
  it.each([
    'Oncofocus profiles 500 genes. Request a test.',
    'Your doctor can tell you whether to request a test',
    'Discover how the test works, then request a test',
    'The panel Request a test',
    `Discover ${'more '.repeat(40)}Do you want it? Request a test`,
  ])('%s does not join buttons', (text) => {
    expect(joinedCallToAction(line(text))).toBeUndefined()
    expect(isCallToAction(line(text))).toBe(false)
  })

  it.each([
    ['Signs and symptoms', 'symptoms'],
    ['Symptoms', 'symptoms'],
    ['Management', 'treatment'],
    ['Treatment options', 'treatment'],
    ['Outlook', 'outlook'],
    ['Prognosis', 'outlook'],
    ['Epidemiology', 'other'],
  ])('%s → %s', (heading, kind) => expect(sectionKind(heading)).toBe(kind))
})

describe('parsePlainText', () => {
  it('does not take the last line of a wrapped paragraph for a heading', () => {
    const {page} = parsePlainText(
      'x.txt',
      'Tumour\n\nChordoma\n\nChordoma is a rare bone cancer of the skull base\nand spine\n\nTreatment\n\nSurgery is the main treatment.\n',
    )
    expect(page?.sections.map((section) => section.heading)).toEqual(['Treatment'])
    expect(page?.opening).toHaveLength(1)
  })

  it('reports a kit line without a tumour with its line number', () => {
    const {issues} = parsePlainText(
      'x.txt',
      'Tumour\nChordoma\n\nBoneProfile Panel\nis available for\n\nReads tumour DNA.\n\nRequest a test\n\nChordoma is a rare bone cancer.\n',
    )
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'x.txt',
        line: 5,
        level: 'warning',
        message: expect.stringContaining('names no tumour'),
      }),
    ])
  })

  it('needs a name', () => {
    const {page, issues} = parsePlainText('x.txt', 'Tumour\n\nKit X\nis available for Y\n')
    expect(page).toBeUndefined()
    expect(issues[0]?.level).toBe('error')
  })
})

describe('markdownToBlocks', () => {
  const blocks = (markdown: string) =>
    markdownToBlocks(parseMarkdown(markdown).children, {file: 'x.md', lineOffset: 10})

  // remark decodes one level of references: `&amp;#…;` reaches the link policy as `&#…;`.
  it.each(['[x](&amp;#x110000;)', '[x](&amp;#1114112;)', '[x](\\\\/evil.example/x)'])(
    'leaves out %s with a warning',
    (markdown) => {
      const {blocks: out, issues} = blocks(markdown)
      expect(out[0]?.markDefs).toEqual([])
      expect(out[0]?.children.map((span) => span.text).join('')).toBe('x')
      expect(issues).toEqual([
        expect.objectContaining({
          level: 'warning',
          message: expect.stringContaining('Unsafe link'),
        }),
      ])
    },
  )

  it('drops unsafe links but keeps their text, and reports the file line', () => {
    const {blocks: out, issues} = blocks(
      'Hello\n[click](javascript:alert(1)) [ok](https://example.org)',
    )
    expect(out[0]?.children.map((span) => span.text).join('')).toBe('Hello click ok')
    expect(out[0]?.markDefs).toEqual([
      expect.objectContaining({_type: 'link', href: 'https://example.org'}),
    ])
    expect(issues).toEqual([expect.objectContaining({line: 12, level: 'warning'})])
  })

  it('maps sub and sup tags to decorators and strips citation markers', () => {
    const {blocks: out} = blocks('CO<sub>2</sub> and 10<sup>6</sup> cells.[12]')
    expect(out[0]?.children).toEqual([
      {_type: 'span', text: 'CO', marks: []},
      {_type: 'span', text: '2', marks: ['sub']},
      {_type: 'span', text: ' and 10', marks: []},
      {_type: 'span', text: '6', marks: ['sup']},
      {_type: 'span', text: ' cells.', marks: []},
    ])
  })
})

describe('kit taglines', () => {
  const kitPage = (copy: string) => {
    const text = `Tumour\n\nChordoma\n\nBoneProfile Panel\nis available for Chordoma\n\n${copy}\n\nRequest a test\n\nChordoma is a rare bone cancer of the skull base and the spine.\n\nSource: Wikipedia\n`
    const {page} = parsePlainText('x.txt', text)
    return pageToDocuments(page as never, {date: '2026-10-01'})
  }

  it('is the first sentence of the copy', () => {
    const {documents, issues} = kitPage('Reads tumour DNA from one sample. Results in ten days.')
    expect(documents?.kits[0]?.tagline).toBe('Reads tumour DNA from one sample')
    expect(issues).toEqual([])
  })

  it('is cut at a word, with a warning, when the sentence is longer than 140 characters', () => {
    const sentence = `Reads ${'tumour DNA '.repeat(20)}from one sample.`
    const {documents, issues} = kitPage(sentence)
    const tagline = documents?.kits[0]?.tagline as string
    expect(tagline.length).toBeLessThanOrEqual(TAGLINE_MAX)
    expect(tagline).toMatch(/^Reads tumour DNA .* DNA…$/)
    expect(issues).toEqual([
      expect.objectContaining({
        level: 'warning',
        line: 5,
        message: expect.stringContaining('its tagline was cut to 140'),
      }),
    ])
  })
})

describe('small helpers', () => {
  it('encodes Wikipedia addresses as MediaWiki does', () => {
    expect(wikipediaUrl("Kaposi's sarcoma")).toBe(
      'https://en.wikipedia.org/wiki/Kaposi%27s_sarcoma',
    )
    expect(wikipediaUrl('Sézary syndrome')).toBe(
      'https://en.wikipedia.org/wiki/S%C3%A9zary_syndrome',
    )
    expect(wikipediaUrl('desmoid tumour (aggressive fibromatosis)')).toBe(
      'https://en.wikipedia.org/wiki/Desmoid_tumour_(aggressive_fibromatosis)',
    )
  })

  it('refuses empty, binary and non-UTF-8 files', () => {
    expect(decodeText(new Uint8Array())).toEqual({error: 'The file is empty.'})
    expect(decodeText(Uint8Array.from([0x41, 0x00, 0x42]))).toHaveProperty('error')
    expect(decodeText(Uint8Array.from([0x41, 0x0a, 0xff]))).toEqual({
      error: expect.stringContaining('Line 2'),
    })
    expect(decodeText(new TextEncoder().encode('\uFEFFTumour'))).toEqual({text: 'Tumour'})
  })

  it.each([
    ['2026-10-01', true],
    ['2026-02-30', false],
    ['2026-1-1', false],
    ['yesterday', false],
  ])('isIsoDate(%s) is %s', (text, ok) => expect(isIsoDate(text)).toBe(ok))
})

describe('a page that cannot be read', () => {
  const good = {
    path: 'good.md',
    bytes: Buffer.from(
      '# Liposarcoma\n\nLiposarcoma is a rare cancer that starts in fat cells, mostly in adults.\n\nSource: Wikipedia\n',
    ),
  }
  const quotes = (depth: number) => ({
    path: 'deep.md',
    bytes: Buffer.from(
      `# Chordoma\n\nChordoma is a rare bone cancer of the skull base and spine.\n\n${'> '.repeat(depth)}x\n`,
    ),
  })

  it.each([
    [5000, {line: 5, message: expect.stringContaining('nested more than 100 levels deep')}],
    [9000, {message: expect.stringContaining('nests quotes, lists or emphasis too deeply')}],
  ])(
    'fails alone: %i nested quotes (they overflowed the stack)',
    async (depth, issue) => {
      const result = await importPages([quotes(depth), good], {date: '2026-10-01'})
      expect(result.failedFiles).toEqual(['deep.md'])
      expect(result.issues).toContainEqual(
        expect.objectContaining({file: 'deep.md', level: 'error', ...issue}),
      )
      expect(result.documents.map((doc) => doc._id)).toContain('tumour-liposarcoma')
    },
    120_000,
  )
})

describe('robustness', () => {
  const fragments = [
    '',
    '   ',
    'Tumour',
    'Tumour: Chordoma',
    'Chordoma',
    '# Chordoma',
    'BoneProfile Panel',
    'is available for Chordoma',
    'is available for',
    'Request a test',
    'Contact us →',
    'Location',
    'Signs and symptoms',
    '**Treatment**',
    'Chordoma is a rare bone cancer that grows in the skull base and the spine.',
    'It grows slowly\r',
    '* a lump [link](javascript:x) and [ok](/ok)',
    '  1. nested item',
    '> quoted',
    'Source: Wikipedia',
    'Source: [NCI](https://www.cancer.gov/x)',
    'Source: nowhere',
    '| a | b |',
    '<div>html</div>',
  ]
  const page = fc
    .array(fc.constantFrom(...fragments), {maxLength: 40})
    .map((lines) => lines.join('\n'))

  it.each(['page.txt', 'page.md'])(
    'never throws on %s, and what it builds is well-formed',
    (file) => {
      fc.assert(
        fc.property(page, (text) => {
          const parsed = file.endsWith('.md')
            ? parseMarkdownPage(file, text)
            : parsePlainText(file, text)
          if (!parsed.page) {
            expect(parsed.issues.some((issue) => issue.level === 'error')).toBe(true)
            return
          }
          const {documents} = pageToDocuments(parsed.page, {date: '2026-10-01'})
          if (!documents) return
          expect(checkSlug((documents.tumour.slug as {current: string}).current)).toBeUndefined()
          const summary = documents.tumour.summary as string
          expect(summary.length).toBeGreaterThanOrEqual(SUMMARY_MIN)
          expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX)
          for (const kit of documents.kits) expect(kit.availableFor).toHaveLength(1)
        }),
        {numRuns: 300},
      )
    },
  )
})
