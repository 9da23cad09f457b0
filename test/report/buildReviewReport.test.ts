import {createReadStream, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {loadDataset} from '../../pipeline/load/loadDataset.ts'
import {buildReviewReport, hasProblems} from '../../pipeline/report/buildReviewReport.ts'
import {daysBetween} from '../../pipeline/report/dates.ts'
import {escapeHtml} from '../../pipeline/report/htmlPage.ts'
import {renderHtml} from '../../pipeline/report/renderHtml.ts'
import {renderText} from '../../pipeline/report/renderText.ts'
import type {SectionDiff} from '../../pipeline/report/sectionDiff.ts'
import type {PageComparison, ReviewReport} from '../../pipeline/report/types.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {closureOf, closureText} from '../../pipeline/workflow/closure.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {AMIRA, history, JONAS} from '../support/ledger.ts'
import {
  baseDataset,
  demoKeyring,
  entry,
  ids,
  PAGE,
  releaseSteps,
  reportOf,
  reviewOf,
  signed,
  tumour,
} from './reportFixtures.ts'

const root = resolve(import.meta.dirname, '../..')
const TODAY = '2026-11-27'
const GOLDEN = join(import.meta.dirname, 'golden/embedded-2026-11-29.txt')
const knownTypes = new Set(schemaTypes.map((t) => t.name))

async function embedded(): Promise<SanityDoc[]> {
  const loaded = await loadDataset(
    createReadStream(join(root, 'content/production.ndjson')),
    knownTypes,
  )
  expect(loaded.fatal).toEqual([])
  return loaded.documents
}

const diffOf = (report: ReviewReport, id: string, index = 0) =>
  (reviewOf(report, id)?.comparisons[index] as PageComparison | undefined)?.diff
const words = (section: SectionDiff | undefined, type: 'added' | 'removed') =>
  (section?.lines ?? []).flatMap((l) =>
    l.segments.filter((s) => s.type === type).map((s) => s.text),
  )

describe('the review queue of the embedded dataset', () => {
  let report: ReviewReport
  beforeAll(async () => {
    report = await reportOf(await embedded(), TODAY)
  })

  it('fills every category the signed histories have an example of', () => {
    expect(ids(report, 'awaitingReview')).toEqual(['tumour-leiomyosarcoma'])
    expect(ids(report, 'changesRequested')).toEqual(['tumour-breast-cancer'])
    expect(ids(report, 'overdue')).toEqual(['tumour-synovial-sarcoma'])
    expect(ids(report, 'publishedWithoutApproval')).toEqual([
      'tumour-pancreatic-ductal-adenocarcinoma',
    ])
    expect(ids(report, 'publishedDiffers')).toEqual(['tumour-melanoma'])
    expect(ids(report, 'draftsInProgress')).toEqual(['tumour-angiosarcoma'])
    for (const id of ['shownChanged', 'approvedNotPublished', 'signatureProblems'] as const)
      expect(ids(report, id), id).toEqual([])
    expect(report.issues).toEqual([])
    expect(hasProblems(report)).toBe(false)
    expect(report.keyring).toEqual({path: 'review/demo-keyring.json', purpose: 'demo', people: 4})
  })

  it('does not list pages whose published version is the released one', () => {
    const listed = report.categories.flatMap((c) => c.entries.map((e) => e.publishedId))
    expect(listed).not.toContain('tumour-colorectal-cancer')
    expect(listed).not.toContain('kit-oncoprofile-sarcoma-fusion')
  })

  it('names the submitter from the keyring, for pages awaiting review', () => {
    expect(entry(report, 'awaitingReview', 'tumour-leiomyosarcoma')?.detail).toBe(
      'submitted 2026-11-20 by Jonas Weber',
    )
  })

  it('gives the signed comment, name and date for changes requested', () => {
    const breast = entry(report, 'changesRequested', 'tumour-breast-cancer')
    expect(breast?.detail).toBe('Li Chen requested changes on 2026-11-21')
    expect(breast?.comment).toMatch(/^Please cite a source for the sentence about men/)
    expect(reviewOf(report, 'tumour-breast-cancer')?.latestDecision).toMatchObject({
      decision: 'changesRequested',
      reviewer: 'Li Chen',
      decidedAt: '2026-11-21T09:00:00.000Z',
      meaning: 'I request changes to this content before it can be approved.',
    })
  })

  it('counts the days a medical review is overdue, from the last signed full review', async () => {
    expect(entry(report, 'overdue', 'tumour-synovial-sarcoma')?.detail).toBe(
      'review was due 2026-06-30, 150 days overdue',
    )
    expect(daysBetween('2026-06-30', TODAY)).toBe(150)
    expect(ids(await reportOf(await embedded(), '2026-06-30'), 'overdue')).toEqual([])
  })

  it('shows the rewritten Treatment section of the leiomyosarcoma draft word by word', () => {
    const review = reviewOf(report, 'tumour-leiomyosarcoma')
    expect(review?.comparisons.map((c) => [c.subject, c.title])).toEqual([
      ['draft', 'Draft compared with the revision approved 2026-10-12 by Li Chen'],
    ])
    const diff = diffOf(report, 'tumour-leiomyosarcoma')
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

  it('compares the sent-back draft and the altered published page with what readers see', () => {
    expect(diffOf(report, 'tumour-breast-cancer')?.fields.map((f) => f.field)).toEqual(['summary'])
    const melanoma = reviewOf(report, 'tumour-melanoma')?.comparisons
    expect(melanoma?.map((c) => c.subject)).toEqual(['published'])
    expect(diffOf(report, 'tumour-melanoma')?.fields.map((f) => f.field)).toEqual(['summary'])
  })

  it('shows pages never approved in full, against nothing', () => {
    const angiosarcoma = diffOf(report, 'tumour-angiosarcoma')
    expect(angiosarcoma?.hasBaseline).toBe(false)
    expect(angiosarcoma?.sections.every((s) => s.status === 'added')).toBe(true)
    const pancreatic = diffOf(report, 'tumour-pancreatic-ductal-adenocarcinoma')
    expect(pancreatic?.hasBaseline).toBe(false)
    expect(pancreatic?.fields.find((f) => f.field === 'kits')).toMatchObject({
      added: ['OncoProfile Comprehensive'],
    })
  })

  it('is the same whatever order the dataset lists documents in', async () => {
    const again = await reportOf([...(await embedded())].reverse(), TODAY)
    expect(JSON.stringify(again)).toBe(JSON.stringify(report))
  })

  it('prints the text report of 2026-11-29 as the golden file has it (UPDATE=1 rewrites it)', async () => {
    const text = renderText(await reportOf(await embedded(), '2026-11-29'), {
      colour: false,
      source: 'content/production.ndjson',
    })
    if (process.env.UPDATE) {
      mkdirSync(dirname(GOLDEN), {recursive: true})
      writeFileSync(GOLDEN, text)
    }
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'))
  })
})

describe('the queue on small datasets', () => {
  const base = baseDataset()
  const at = (day: string, time: string) => `${day}T${time}:00.000Z`

  it('lists an approved, unpublished draft as ready, compared with the released revision', async () => {
    const draft = tumour(`drafts.${PAGE}`, {summary: 'A new summary, approved, not yet published.'})
    const statements = await signed(base, [
      ...releaseSteps(tumour(PAGE)),
      {kind: 'submitted', by: JONAS, at: at('2026-11-01', '09:00'), version: draft},
      {kind: 'approved', by: AMIRA, at: at('2026-11-02', '09:00'), version: draft},
    ])
    const report = await reportOf([...base, draft, ...(statements as unknown as SanityDoc[])])
    expect(ids(report, 'approvedNotPublished')).toEqual([PAGE])
    expect(entry(report, 'approvedNotPublished')?.detail).toBe(
      'approved 2026-11-02 by Amira Haddad',
    )
    expect(ids(report, 'publishedDiffers')).toEqual([])
    expect(reviewOf(report)?.comparisons[0]?.title).toBe(
      'Draft compared with the revision approved 2026-10-12 by Amira Haddad',
    )
  })

  it('sorts each category deterministically: oldest submission first', async () => {
    const docs: SanityDoc[] = []
    for (const [id, time] of [
      ['tumour-b', '10:00'],
      ['tumour-a', '11:00'],
      ['tumour-c', '09:00'],
    ] as const) {
      const draft = tumour(`drafts.${id}`, {name: id})
      const closure = closureText(closureOf(draft, id, datasetLookup([])))
      const submitted = {kind: 'submitted', by: JONAS, at: at('2026-11-01', time), content: closure}
      docs.push(draft, ...((await history(id, [submitted] as never)) as unknown as SanityDoc[]))
    }
    const report = await reportOf(docs)
    expect(ids(report, 'awaitingReview')).toEqual(['tumour-c', 'tumour-b', 'tumour-a'])
  })

  it('says why the content kept with a release cannot be read (signed, but not a page closure)', async () => {
    const page = tumour('tumour-odd')
    const steps = [
      {kind: 'submitted', by: JONAS, at: at('2026-11-01', '09:00'), content: '[1,2]'},
      {kind: 'approved', by: AMIRA, at: at('2026-11-01', '10:00'), content: '[1,2]'},
      {kind: 'published', by: JONAS, at: at('2026-11-01', '11:00'), content: '[1,2]'},
    ]
    const statements = await history('tumour-odd', steps as never)
    const report = await reportOf([page, ...(statements as unknown as SanityDoc[])])
    expect(report.issues).toContainEqual({
      documentId: 'tumour-odd',
      path: '',
      level: 'error',
      code: 'closure-unreadable',
      message: `The content kept with approval ${statements[1]?._id} cannot be read (it is not a page closure), so nothing can be compared with what readers see. Review the page again.`,
    })
  })
})

describe('rendering', () => {
  const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
  let report: ReviewReport
  beforeAll(async () => {
    const base = baseDataset()
    const draft = tumour(`drafts.${PAGE}`, {
      name: `Evil ${hostile}`,
      summary: `A changed summary that now carries ${hostile} inside it.`,
    })
    const statements = await signed(base, [
      ...releaseSteps(tumour(PAGE)),
      {kind: 'submitted', by: JONAS, at: '2026-11-20T00:00:00.000Z', version: draft},
    ])
    report = await reportOf([...base, draft, ...(statements as unknown as SanityDoc[])])
  })

  it('escapes content in every HTML file and uses no scripts', () => {
    const files = renderHtml(report, {source: 'test.ndjson'})
    // The kit has no review history of its own, so it is listed too.
    expect(files.map((f) => f.path)).toEqual(['index.html', 'kit-a.html', `${PAGE}.html`])
    for (const file of files) {
      expect(file.content).not.toMatch(/<script/i)
      expect(file.content).not.toMatch(/<img/i)
      if (file.path !== 'kit-a.html') expect(file.content).toContain('&lt;script&gt;')
      expect(file.content).toContain('Content-Security-Policy" content="default-src \'none\'')
    }
    expect(files[2]?.content).toContain('<ins>')
    expect(files[0]?.content).toContain(
      'Signatures checked against review/demo-keyring.json: a demo keyring (4 people), for demo data only.',
    )
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
    expect(plain).toMatch(/^ {2}~ Summary$/m)
    const coloured = renderText(report, {colour: true})
    expect(coloured).toContain('\u001b[32m')
    expect(coloured).not.toContain('{+')
  })

  it('refuses a date that is not YYYY-MM-DD', async () => {
    await expect(
      buildReviewReport([], {today: 'soon', keyring: await demoKeyring()}),
    ).rejects.toThrow('today must be YYYY-MM-DD, got "soon"')
  })
})
