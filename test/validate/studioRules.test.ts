import {describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments, validateOne} from '../../pipeline/validate/validateDocuments.ts'
import {validDataset} from '../fixtures/validDataset.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are mutated freely to break one rule at a time
type Doc = Record<string, any>

/** Validates one document of the valid dataset after `mutate` broke (or kept) it. */
async function issuesFor(id: string, mutate: (doc: Doc, all: Doc[]) => void = () => {}) {
  const docs = structuredClone(validDataset()) as Doc[]
  const doc = docs.find((d) => d._id === id)
  if (!doc) throw new Error(`no fixture ${id}`)
  mutate(doc, docs)
  return validateOne(doc as SanityDoc, new LocalDatasetClient(docs as SanityDoc[]))
}

const tumour = 'tumour-leiomyosarcoma'
const kit = 'kit-oncoprofile'
const sourceId = 'source-wikipedia-leiomyosarcoma'
const reviewer = 'person-reviewer'
const firstBlock = (doc: Doc) => doc.sections[0].body[0]
const linkPath = 'sections[_key=="s1"].body[_key=="b1"].markDefs[_key=="m2"].href'

interface Case {
  name: string
  id: string
  mutate: (doc: Doc, all: Doc[]) => void
  level: 'error' | 'warning'
  path: string
  message: string
}

const cases: Case[] = [
  // tumour
  {
    name: 'tumour without a name',
    id: tumour,
    mutate: (d) => delete d.name,
    level: 'error',
    path: 'name',
    message: 'Enter the tumour name.',
  },
  {
    name: 'tumour without a slug',
    id: tumour,
    mutate: (d) => delete d.slug,
    level: 'error',
    path: 'slug',
    message: 'Generate a slug from the name.',
  },
  {
    name: 'slug with spaces and capitals',
    id: tumour,
    mutate: (d) => (d.slug.current = 'Leio Myosarcoma'),
    level: 'error',
    path: 'slug',
    message: 'may only contain lower-case letters',
  },
  {
    name: 'slug with path traversal',
    id: tumour,
    mutate: (d) => (d.slug.current = '../../etc'),
    level: 'error',
    path: 'slug',
    message: 'may only contain lower-case letters',
  },
  {
    name: 'slug already used by another tumour',
    id: tumour,
    mutate: (_d, all) =>
      all.push({...structuredClone(all.find((x) => x._id === tumour)), _id: 'tumour-other'}),
    level: 'error',
    path: 'slug',
    message: 'Slug is already in use',
  },
  {
    name: 'summary missing',
    id: tumour,
    mutate: (d) => delete d.summary,
    level: 'error',
    path: 'summary',
    message: 'Write a summary of 50 to 300 characters.',
  },
  {
    name: 'summary under 50 characters',
    id: tumour,
    mutate: (d) => (d.summary = 'Too short.'),
    level: 'error',
    path: 'summary',
    message: 'at least 50 characters',
  },
  {
    name: 'summary over 300 characters',
    id: tumour,
    mutate: (d) => (d.summary = 'x'.repeat(301)),
    level: 'error',
    path: 'summary',
    message: '300 characters or fewer',
  },
  {
    name: 'no sections',
    id: tumour,
    mutate: (d) => (d.sections = []),
    level: 'error',
    path: 'sections',
    message: 'Add at least one section.',
  },
  {
    name: 'duplicate synonym',
    id: tumour,
    mutate: (d) => (d.synonyms = ['LMS', 'LMS']),
    level: 'error',
    path: 'synonyms[1]',
    message: 'Each synonym should appear once.',
  },
  {
    name: 'page source listed twice',
    id: tumour,
    mutate: (d) => d.sources.push({_key: 'r3', _type: 'reference', _ref: sourceId}),
    level: 'error',
    path: 'sources[_key=="r3"]',
    message: 'This source is listed twice.',
  },
  {
    name: 'next review before last review',
    id: tumour,
    mutate: (d) => (d.nextReviewDue = '2026-01-01'),
    level: 'error',
    path: 'nextReviewDue',
    message: 'The next review (2026-01-01) must be after the last review (2026-06-01).',
  },
  {
    name: 'next review on the same day',
    id: tumour,
    mutate: (d) => (d.nextReviewDue = d.lastReviewed),
    level: 'error',
    path: 'nextReviewDue',
    message: 'must be after the last review',
  },
  {
    name: 'reviewer without the medical-reviewer role',
    id: tumour,
    mutate: (d) => (d.reviewedBy._ref = 'person-writer'),
    level: 'error',
    path: 'reviewedBy',
    message: 'Jonas Weber is not a medical reviewer.',
  },
  {
    name: 'reviewed date without a reviewer',
    id: tumour,
    mutate: (d) => delete d.reviewedBy,
    level: 'error',
    path: 'reviewedBy',
    message: 'Name the reviewer',
  },
  {
    name: 'reference to a source that does not exist',
    id: tumour,
    mutate: (d) => (d.sources[0]._ref = 'source-missing'),
    level: 'error',
    path: 'sources[_key=="r2"]',
    message: 'Referenced document must be published',
  },
  {
    name: 'over-long name origin',
    id: tumour,
    mutate: (d) => (d.nameOrigin = 'x'.repeat(201)),
    level: 'warning',
    path: 'nameOrigin',
    message: 'under 200 characters',
  },
  {
    name: 'over-long SEO title',
    id: tumour,
    mutate: (d) => (d.seoTitle = 'x'.repeat(71)),
    level: 'warning',
    path: 'seoTitle',
    message: 'about 70 characters',
  },
  // section
  {
    name: 'section without a heading',
    id: tumour,
    mutate: (d) => delete d.sections[0].heading,
    level: 'error',
    path: 'sections[_key=="s1"].heading',
    message: 'Give the section a heading.',
  },
  {
    name: 'section without a kind',
    id: tumour,
    mutate: (d) => delete d.sections[0].kind,
    level: 'error',
    path: 'sections[_key=="s1"].kind',
    message: 'Choose what kind of section this is.',
  },
  {
    name: 'section kind outside the list',
    id: tumour,
    mutate: (d) => (d.sections[0].kind = 'prognosis'),
    level: 'error',
    path: 'sections[_key=="s1"].kind',
    message: 'Choose what kind of section this is.',
  },
  {
    name: 'section without text',
    id: tumour,
    mutate: (d) => delete d.sections[0].body,
    level: 'error',
    path: 'sections[_key=="s1"].body',
    message: 'Write the text of this section.',
  },
  {
    name: 'factual section without any source',
    id: tumour,
    mutate: (d) => {
      delete d.sections[0].sources
      firstBlock(d).markDefs = firstBlock(d).markDefs.filter((m: Doc) => m._type !== 'citation')
      firstBlock(d).children[0].marks = ['m2']
    },
    level: 'warning',
    path: 'sections[_key=="s1"]',
    message: 'Section "Location" states facts but cites no source.',
  },
  // blockContent annotations
  ...[
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
  ].map(
    (href): Case => ({
      name: `link to ${JSON.stringify(href)}`,
      id: tumour,
      mutate: (d) => (firstBlock(d).markDefs[1].href = href),
      level: 'error',
      path: linkPath,
      message: 'are not allowed',
    }),
  ),
  {
    name: 'protocol-relative link',
    id: tumour,
    mutate: (d) => (firstBlock(d).markDefs[1].href = '//evil.example'),
    level: 'error',
    path: linkPath,
    message: 'leaves the site',
  },
  {
    name: 'link with credentials',
    id: tumour,
    mutate: (d) => (firstBlock(d).markDefs[1].href = 'https://user:pw@example.org'),
    level: 'error',
    path: linkPath,
    message: 'user name or password',
  },
  {
    name: 'link without an address',
    id: tumour,
    mutate: (d) => delete firstBlock(d).markDefs[1].href,
    level: 'error',
    path: linkPath,
    message: 'The link has no address.',
  },
  {
    name: 'citation without a source',
    id: tumour,
    mutate: (d) => delete firstBlock(d).markDefs[0].source,
    level: 'error',
    path: 'sections[_key=="s1"].body[_key=="b1"].markDefs[_key=="m1"].source',
    message: 'Choose the source this statement cites.',
  },
  // medicalCode
  ...(
    [
      ['ICD-O-3', '8890-3'],
      ['ICD-O-3', '8890/7'],
      ['NCIt', '3158'],
      ['OncoTree', 'lms'],
      ['ICD-10', 'C499'],
      ['SNOMED CT', '51549005'],
    ] as const
  ).map(
    ([system, code]): Case => ({
      name: `${system} code ${code}`,
      id: tumour,
      mutate: (d) => (d.codes = [{_key: 'x', _type: 'medicalCode', system, code}]),
      level: 'error',
      path: 'codes[_key=="x"].code',
      message: `"${code}" is not a valid ${system} code. Expected`,
    }),
  ),
  {
    name: 'code without a system',
    id: tumour,
    mutate: (d) => delete d.codes[0].system,
    level: 'error',
    path: 'codes[_key=="c1"].system',
    message: 'Choose the coding system',
  },
  {
    name: 'system without a code',
    id: tumour,
    mutate: (d) => delete d.codes[0].code,
    level: 'error',
    path: 'codes[_key=="c1"].code',
    message: 'Enter the ICD-O-3 code.',
  },
  {
    name: 'code padded with spaces',
    id: tumour,
    mutate: (d) => (d.codes[0].code = ' 8890/3 '),
    level: 'error',
    path: 'codes[_key=="c1"].code',
    message: 'Remove the spaces',
  },
  // kitProduct
  {
    name: 'kit without a name',
    id: kit,
    mutate: (d) => delete d.name,
    level: 'error',
    path: 'name',
    message: 'Enter the product name.',
  },
  {
    name: 'kit without a slug',
    id: kit,
    mutate: (d) => delete d.slug,
    level: 'error',
    path: 'slug',
    message: 'Generate a slug',
  },
  {
    name: 'kit lists a tumour twice',
    id: kit,
    mutate: (d) => d.availableFor.push({_key: 'a2', _type: 'reference', _ref: tumour}),
    level: 'error',
    path: 'availableFor[_key=="a2"]',
    message: 'This tumour is listed twice.',
  },
  {
    name: 'kit offered for no tumour',
    id: kit,
    mutate: (d) => (d.availableFor = []),
    level: 'warning',
    path: 'availableFor',
    message: 'not offered for any tumour',
  },
  {
    name: 'call to action without text',
    id: kit,
    mutate: (d) => delete d.callToAction.label,
    level: 'error',
    path: 'callToAction.label',
    message: 'Write button text',
  },
  {
    name: 'call to action text too long',
    id: kit,
    mutate: (d) => (d.callToAction.label = 'x'.repeat(41)),
    level: 'error',
    path: 'callToAction.label',
    message: 'at most 40 characters',
  },
  {
    name: 'call to action to javascript:',
    id: kit,
    mutate: (d) => (d.callToAction.url = 'javascript:void(0)'),
    level: 'error',
    path: 'callToAction.url',
    message: 'are not allowed',
  },
  // source
  {
    name: 'source without a title',
    id: sourceId,
    mutate: (d) => delete d.title,
    level: 'error',
    path: 'title',
    message: 'Enter the title of the source.',
  },
  {
    name: 'source without a URL',
    id: sourceId,
    mutate: (d) => delete d.url,
    level: 'error',
    path: 'url',
    message: 'Enter the web address of the source.',
  },
  {
    name: 'source URL that is a mailto:',
    id: sourceId,
    mutate: (d) => (d.url = 'mailto:a@b.org'),
    level: 'error',
    path: 'url',
    message: 'must be a full web address',
  },
  {
    name: 'source URL that is relative',
    id: sourceId,
    mutate: (d) => (d.url = '/wiki/x'),
    level: 'error',
    path: 'url',
    message: 'must be a full web address',
  },
  {
    name: 'licence URL with javascript:',
    id: sourceId,
    mutate: (d) => (d.licenseUrl = 'javascript:alert(1)'),
    level: 'error',
    path: 'licenseUrl',
    message: 'are not allowed',
  },
  // person
  {
    name: 'person without a name',
    id: reviewer,
    mutate: (d) => delete d.name,
    level: 'error',
    path: 'name',
    message: 'Enter the person’s name.',
  },
  {
    name: 'person without roles',
    id: reviewer,
    mutate: (d) => (d.roles = []),
    level: 'error',
    path: 'roles',
    message: 'at least one role',
  },
  {
    name: 'person with an unknown role',
    id: reviewer,
    mutate: (d) => (d.roles = ['editor']),
    level: 'error',
    path: 'roles[0]',
    message: 'Value did not match any allowed values',
  },
  {
    name: 'malformed ORCID',
    id: reviewer,
    mutate: (d) => (d.orcid = '0000-0002-1825'),
    level: 'error',
    path: 'orcid',
    message: 'is not an ORCID iD',
  },
  {
    name: 'ORCID with a wrong check digit',
    id: reviewer,
    mutate: (d) => (d.orcid = '0000-0002-1825-0098'),
    level: 'error',
    path: 'orcid',
    message: 'wrong check digit',
  },
]

describe('Studio rules, run headlessly through validateDocument', () => {
  it('accept the valid dataset with no markers at all', async () => {
    const docs = validDataset()
    expect(await validateDocuments(docs, {dataset: new LocalDatasetClient(docs)})).toEqual([])
  })

  it.each(cases)('$name → $level at $path', async ({id, mutate, level, path, message}) => {
    const issues = await issuesFor(id, mutate)
    expect(issues).toContainEqual(
      expect.objectContaining({
        documentId: id,
        level,
        path,
        message: expect.stringContaining(message),
      }),
    )
  })

  const valid: [string, string, (doc: Doc, all: Doc[]) => void][] = [
    ['relative link', tumour, (d) => (firstBlock(d).markDefs[1].href = '/tumours/gist')],
    ['in-page anchor', tumour, (d) => (firstBlock(d).markDefs[1].href = '#treatment')],
    ['mailto link', tumour, (d) => (firstBlock(d).markDefs[1].href = 'mailto:editors@example.org')],
    ['http link', tumour, (d) => (firstBlock(d).markDefs[1].href = 'http://example.org/a?b=c')],
    ['ICD-O-3 topography code', tumour, (d) => (d.codes[0].code = 'C49.9')],
    ['section cited only in the text', tumour, (d) => delete d.sections[0].sources],
    [
      'empty section sources with no text',
      tumour,
      (d) => {
        d.sections.push({
          _key: 's2',
          _type: 'section',
          heading: 'Notes',
          kind: 'other',
          body: [
            {
              _type: 'block',
              _key: 'e',
              style: 'normal',
              markDefs: [],
              children: [{_type: 'span', _key: 'e1', text: '  ', marks: []}],
            },
          ],
        })
      },
    ],
    [
      'page not reviewed yet',
      tumour,
      (d) => {
        delete d.lastReviewed
        delete d.reviewedBy
        delete d.nextReviewDue
      },
    ],
    [
      'the same slug on its own draft',
      tumour,
      (_d, all) =>
        all.push({...structuredClone(all.find((x) => x._id === tumour)), _id: `drafts.${tumour}`}),
    ],
    ['ORCID as a URL', reviewer, (d) => (d.orcid = 'https://orcid.org/0000-0002-1825-0097')],
    ['ORCID with X check digit', reviewer, (d) => (d.orcid = '0000-0002-9079-593X')],
  ]
  it.each(valid)('accept a %s', async (_name, id, mutate) => {
    expect(await issuesFor(id, mutate)).toEqual([])
  })
})
