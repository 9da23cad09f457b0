import {createReadStream} from 'node:fs'
import {join, resolve} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {canonicalSnapshot, sha256Hex} from '../../pipeline/review/contentHash.ts'
import type {SectionDiff} from '../../pipeline/review/diffDocuments.ts'
import {escapeHtml, renderHtml} from '../../pipeline/review/renderHtml.ts'
import {renderText} from '../../pipeline/review/renderText.ts'
import {
  buildReviewReport,
  type CategoryId,
  daysBetween,
  type ReviewReport,
} from '../../pipeline/review/reviewQueue.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {schemaTypes} from '../../schemas/index.ts'

const root = resolve(import.meta.dirname, '../..')
const TODAY = '2026-11-27'
const knownTypes = new Set(schemaTypes.map((t) => t.name))

async function embedded(): Promise<SanityDoc[]> {
  const loaded = await loadDataset(
    createReadStream(join(root, 'content/production.ndjson')),
    knownTypes,
  )
  expect(loaded.fatal).toEqual([])
  return loaded.documents
}

const ids = (report: ReviewReport, category: CategoryId) =>
  report.categories.find((c) => c.id === category)?.entries.map((e) => e.publishedId) ?? []
const doc = (report: ReviewReport, id: string) => report.documents.find((d) => d.publishedId === id)
const words = (section: SectionDiff | undefined, type: 'added' | 'removed') =>
  (section?.lines ?? []).flatMap((l) =>
    l.segments.filter((s) => s.type === type).map((s) => s.text),
  )

/** A review decision on exactly this content, as the Studio's actions write it. */
async function decide(
  page: SanityDoc,
  decision: 'approved' | 'changesRequested',
  decidedAt: string,
  extra: Record<string, unknown> = {},
): Promise<SanityDoc> {
  const snapshot = canonicalSnapshot(page)
  const contentHash = await sha256Hex(snapshot)
  return {
    _id: `approval-${page._id.replace(/^drafts\./, '')}-${contentHash.slice(0, 12)}`,
    _type: 'approval',
    document: {_type: 'reference', _ref: page._id.replace(/^drafts\./, ''), _weak: true},
    decision,
    reviewer: {_type: 'reference', _ref: 'person-reviewer'},
    decidedAt,
    contentHash,
    snapshot,
    ...extra,
  }
}

const reviewer: SanityDoc = {
  _id: 'person-reviewer',
  _type: 'person',
  name: 'Rita Reviewer',
  roles: ['medicalReviewer'],
}
const page = (id: string, fields: Record<string, unknown> = {}): SanityDoc => ({
  _id: id,
  _type: 'tumour',
  name: 'Test tumour',
  summary: 'A test page with a summary long enough to read as prose.',
  sections: [
    {
      _key: 's1',
      _type: 'section',
      heading: 'Overview',
      kind: 'overview',
      body: [
        {
          _key: 'b1',
          _type: 'block',
          style: 'normal',
          markDefs: [],
          children: [{_key: 't1', _type: 'span', text: 'The approved text.', marks: []}],
        },
      ],
    },
  ],
  ...fields,
})

describe('the review queue of the embedded dataset', () => {
  let report: ReviewReport
  beforeAll(async () => {
    report = await buildReviewReport(await embedded(), {today: TODAY, schemaTypes})
  })

  it('fills every category the dataset has an example of', () => {
    expect(ids(report, 'awaitingReview')).toContain('tumour-leiomyosarcoma')
    expect(ids(report, 'changesRequested')).toContain('tumour-breast-cancer')
    expect(ids(report, 'overdue')).toContain('tumour-synovial-sarcoma')
    expect(ids(report, 'publishedWithoutApproval')).toContain(
      'tumour-pancreatic-ductal-adenocarcinoma',
    )
    expect(ids(report, 'publishedDiffers')).toContain('tumour-melanoma')
    expect(ids(report, 'draftsInProgress')).toContain('tumour-angiosarcoma')
    for (const category of report.categories.filter((c) => c.id !== 'approvedNotPublished'))
      expect(category.entries.length, category.id).toBeGreaterThan(0)
    expect(report.issues).toEqual([])
  })

  it('does not list pages whose published version is the approved one', () => {
    const listed = report.categories.flatMap((c) => c.entries.map((e) => e.publishedId))
    expect(listed).not.toContain('tumour-colorectal-cancer')
    expect(listed).not.toContain('kit-oncoprofile-sarcoma-fusion')
    expect(ids(report, 'publishedDiffers')).not.toContain('tumour-leiomyosarcoma')
    expect(ids(report, 'publishedDiffers')).not.toContain('tumour-breast-cancer')
  })

  it('gives the reviewer’s comment, name and date for changes requested', () => {
    const [entry] = report.categories.find((c) => c.id === 'changesRequested')?.entries ?? []
    expect(entry?.detail).toBe('Li Chen requested changes on 2026-11-21')
    expect(entry?.comment).toMatch(/^Please cite a source for the sentence about men/)
    expect(doc(report, 'tumour-breast-cancer')?.latestDecision).toMatchObject({
      decision: 'changesRequested',
      reviewer: 'Li Chen',
      decidedAt: '2026-11-21T09:00:00Z',
    })
  })

  it('counts the days a medical review is overdue', async () => {
    const [entry] = report.categories.find((c) => c.id === 'overdue')?.entries ?? []
    expect(entry?.detail).toBe('review was due 2026-06-30, 150 days overdue')
    expect(daysBetween('2026-06-30', TODAY)).toBe(150)
    const before = await buildReviewReport(await embedded(), {today: '2026-06-30', schemaTypes})
    expect(ids(before, 'overdue')).toEqual([])
  })

  it('shows the rewritten Treatment section of the leiomyosarcoma draft word by word', () => {
    const review = doc(report, 'tumour-leiomyosarcoma')
    expect(review?.comparisons.map((c) => c.subject)).toEqual(['draft'])
    const diff = review?.comparisons[0]?.diff
    expect(review?.comparisons[0]?.title).toBe(
      'Draft compared with the revision approved 2026-10-12 by Li Chen',
    )
    const changed = diff?.sections.filter((s) => s.status !== 'unchanged')
    expect(changed?.map((s) => s.heading.after)).toEqual(['Treatment'])
    const treatment = changed?.[0]
    expect(words(treatment, 'removed')).toContain('by a specialist sarcoma team and')
    expect(words(treatment, 'added').join(' ')).toContain('at a centre that sees many people')
    expect(treatment?.lines.filter((l) => l.status === 'added' && l.style === 'h3')).toHaveLength(3)
    expect(
      treatment?.lines.filter((l) => l.listItem === 'bullet' && l.status === 'same'),
    ).toHaveLength(3)
    expect(diff?.fields).toEqual([
      {
        field: 'sources',
        label: 'Sources for the whole page',
        kind: 'list',
        added: [
          'Soft tissue sarcoma (Cancer Research UK)',
          'Biomarker Testing for Cancer Treatment (National Cancer Institute)',
        ],
        removed: [],
      },
    ])
  })

  it('compares the changed-requested draft and the altered published page with their approvals', () => {
    const breast = doc(report, 'tumour-breast-cancer')?.comparisons[0]?.diff
    expect(breast?.fields.map((f) => f.field)).toEqual(['summary'])
    const melanoma = doc(report, 'tumour-melanoma')?.comparisons
    expect(melanoma?.map((c) => c.subject)).toEqual(['published'])
    expect(melanoma?.[0]?.diff.fields.map((f) => f.field)).toEqual(['summary'])
  })

  it('shows pages never approved in full, against nothing', () => {
    const angiosarcoma = doc(report, 'tumour-angiosarcoma')?.comparisons[0]?.diff
    expect(angiosarcoma?.hasBaseline).toBe(false)
    expect(angiosarcoma?.sections.every((s) => s.status === 'added')).toBe(true)
    const pancreatic = doc(report, 'tumour-pancreatic-ductal-adenocarcinoma')?.comparisons[0]?.diff
    expect(pancreatic?.hasBaseline).toBe(false)
    expect(pancreatic?.fields.find((f) => f.field === 'kits')).toMatchObject({
      added: ['OncoProfile Comprehensive'],
    })
  })

  it('is the same whatever order the dataset lists documents in', async () => {
    const documents = await embedded()
    const shuffled = [...documents].reverse()
    const again = await buildReviewReport(shuffled, {today: TODAY, schemaTypes})
    expect(JSON.stringify(again)).toBe(JSON.stringify(report))
  })
})

describe('the queue on small datasets', () => {
  it('lists an approved, unpublished draft as ready, not as a differing published page', async () => {
    const published = page('tumour-t')
    const draft = page('drafts.tumour-t', {
      summary: 'A new summary, approved but not yet published.',
    })
    const report = await buildReviewReport(
      [
        reviewer,
        published,
        draft,
        await decide(published, 'approved', '2026-01-01T00:00:00Z'),
        await decide(draft, 'approved', '2026-02-01T00:00:00Z'),
      ],
      {today: TODAY},
    )
    expect(ids(report, 'approvedNotPublished')).toEqual(['tumour-t'])
    expect(ids(report, 'publishedDiffers')).toEqual([])
    expect(doc(report, 'tumour-t')?.comparisons[0]?.title).toBe(
      'Draft compared with the revision approved 2026-01-01 by Rita Reviewer',
    )
  })

  it('ignores an approval whose snapshot was edited, and says so', async () => {
    const published = page('tumour-t')
    const approval = await decide(published, 'approved', '2026-01-01T00:00:00Z')
    const tampered = {
      ...approval,
      snapshot: (approval.snapshot as string).replace('approved', 'edited'),
    }
    const report = await buildReviewReport([reviewer, published, tampered], {today: TODAY})
    expect(ids(report, 'publishedWithoutApproval')).toEqual(['tumour-t'])
    expect(report.issues).toEqual([
      expect.objectContaining({documentId: approval._id, level: 'error', path: 'snapshot'}),
    ])
  })

  it('sorts each category deterministically: oldest submission first', async () => {
    const docs: SanityDoc[] = [reviewer]
    for (const [id, at] of [
      ['tumour-b', '2026-11-02T00:00:00Z'],
      ['tumour-a', '2026-11-03T00:00:00Z'],
      ['tumour-c', '2026-11-01T00:00:00Z'],
    ] as const) {
      const draft = page(`drafts.${id}`, {name: id})
      const submittedHash = await sha256Hex(canonicalSnapshot(draft))
      docs.push({...draft, workflow: {status: 'inReview', submittedAt: at, submittedHash}})
    }
    const report = await buildReviewReport(docs, {today: TODAY})
    expect(ids(report, 'awaitingReview')).toEqual(['tumour-c', 'tumour-b', 'tumour-a'])
  })
})

describe('rendering', () => {
  const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
  let report: ReviewReport
  beforeAll(async () => {
    const published = page('tumour-t', {name: `Evil ${hostile}`})
    const draft = page('drafts.tumour-t', {
      name: `Evil ${hostile}`,
      summary: `A changed summary that now carries ${hostile} inside it.`,
      sections: [
        {
          ...(page('x').sections as object[])[0],
          body: [
            {
              _key: 'b1',
              _type: 'block',
              style: 'normal',
              markDefs: [],
              children: [
                {_key: 't1', _type: 'span', text: `The approved ${hostile} text.`, marks: []},
              ],
            },
          ],
        },
      ],
    })
    const submittedHash = await sha256Hex(canonicalSnapshot(draft))
    report = await buildReviewReport(
      [
        reviewer,
        published,
        {
          ...draft,
          workflow: {status: 'inReview', submittedAt: '2026-11-20T00:00:00Z', submittedHash},
        },
        await decide(published, 'approved', '2026-01-01T00:00:00Z'),
      ],
      {today: TODAY},
    )
  })

  it('escapes content in every HTML file and uses no scripts', () => {
    const files = renderHtml(report, {source: 'test.ndjson'})
    expect(files.map((f) => f.path)).toEqual(['index.html', 'tumour-t.html'])
    for (const file of files) {
      expect(file.content).not.toMatch(/<script/i)
      expect(file.content).not.toMatch(/<img/i)
      expect(file.content).toContain('&lt;script&gt;')
      expect(file.content).toContain('Content-Security-Policy" content="default-src \'none\'')
    }
    const page = files[1]?.content ?? ''
    expect(page).toContain('<ins>')
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;')
  })

  it('renders identical bytes twice', () => {
    expect(renderHtml(report)).toEqual(renderHtml(report))
    expect(renderText(report, {colour: false})).toBe(renderText(report, {colour: false}))
  })

  it('marks words for CI logs without colour, and colours them for a terminal', () => {
    const plain = renderText(report, {colour: false})
    expect(plain).not.toContain('\u001b[')
    expect(plain).toContain('{+')
    expect(plain).toContain('[-')
    expect(plain).toMatch(/^ {4}~ /m)
    const coloured = renderText(report, {colour: true})
    expect(coloured).toContain('\u001b[32m')
    expect(coloured).not.toContain('{+')
  })
})
