import {describe, expect, it} from 'vitest'
import {sha256} from '../../pipeline/hash.ts'
import {categorize, signatureProblems} from '../../pipeline/report/categorize.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {AMIRA, JONAS, LI, SOFIA} from '../support/ledger.ts'
import {
  baseDataset,
  changed,
  closureTextOf,
  kit,
  ledgerOf,
  PAGE,
  releaseSteps,
  signed,
  source,
  standingOfPage,
  TODAY,
  tumour,
} from './reportFixtures.ts'

/** The report's categorize step alone: PageFacts from the ledger, then the shared categories. */

const base = baseDataset()
const draft = tumour(`drafts.${PAGE}`, {summary: 'A draft summary, long enough to read as prose.'})
const at = (day: string, time = '09:00') => `${day}T${time}:00.000Z`

async function standing(documents: SanityDoc[], steps: Parameters<typeof signed>[1] = []) {
  const statements = await signed(documents, steps)
  return standingOfPage([...documents, ...(statements as unknown as SanityDoc[])])
}

describe('the facts of one page', () => {
  it('hashes the closures of the draft and of the published page against the published documents', async () => {
    const page = await standing([...base, draft])
    expect(page.facts.publishedHash).toBe(sha256(closureTextOf(tumour(PAGE), base)))
    expect(page.facts.draftHash).toBe(sha256(closureTextOf(draft, base)))
    // The kit listing the page is part of what the page shows.
    expect(Object.keys(page.closures.published?.referencedBy ?? {})).toEqual(['kit-a'])
    expect(page.evaluation).toBeUndefined()
    expect(page.facts.failures).toEqual([])
    expect(page.facts.today).toBe(TODAY)
  })

  it('keeps the released closure and measures the published page’s drift from it', async () => {
    const released = await standing(base, releaseSteps(tumour(PAGE)))
    expect(released.closures.released).toEqual(released.closures.published)
    expect(released.facts.drift).toEqual({page: false, shown: []})
    expect(released.categories).toEqual([])

    const statements = (await signed(base, releaseSteps(tumour(PAGE)))) as unknown as SanityDoc[]
    const edited = changed(base, {[PAGE]: {summary: 'Changed outside review.'}})
    const renamed = changed(base, {'source-a': {title: 'Renamed', url: 'https://evil.example/x'}})
    const differs = await standingOfPage([...edited, ...statements])
    expect(differs.facts.drift).toEqual({page: true, shown: []})
    expect(differs.categories).toEqual(['publishedDiffers'])
    const shown = await standingOfPage([...renamed, ...statements])
    expect(shown.facts.drift).toEqual({page: false, shown: ['source-a']})
    expect(shown.categories).toEqual(['shownChanged'])
  })

  it('counts a kit that starts listing the page as a change to what it shows', async () => {
    const statements = (await signed(base, releaseSteps(tumour(PAGE)))) as unknown as SanityDoc[]
    const page = await standingOfPage([
      ...base,
      kit('kit-b', 'OncoProfile New', [PAGE]),
      ...statements,
    ])
    expect(page.facts.drift?.shown).toEqual(['kit-b'])
  })
})

describe('the categories of each situation', () => {
  const v = tumour(PAGE)
  it.each([
    ['never reviewed, published', [], false, ['publishedWithoutApproval']],
    ['released', releaseSteps(v), false, []],
    [
      'a draft submitted',
      [...releaseSteps(v), {kind: 'submitted', by: JONAS, at: at('2026-11-20'), version: draft}],
      true,
      ['awaitingReview'],
    ],
    [
      'a draft sent back',
      [
        ...releaseSteps(v),
        {kind: 'submitted', by: JONAS, at: at('2026-11-20'), version: draft},
        {
          kind: 'changesRequested',
          by: LI,
          at: at('2026-11-21'),
          version: draft,
          comment: 'Cite it.',
        },
      ],
      true,
      ['changesRequested'],
    ],
    [
      'a draft approved, not published',
      [
        ...releaseSteps(v),
        {kind: 'submitted', by: JONAS, at: at('2026-11-20'), version: draft},
        {kind: 'approved', by: AMIRA, at: at('2026-11-21'), version: draft},
      ],
      true,
      ['approvedNotPublished'],
    ],
    ['a draft edited', releaseSteps(v), true, ['draftsInProgress']],
    ['a full review older than its interval', releaseSteps(v, '2025-11-01'), false, ['overdue']],
    [
      "an approval signed with a writer's key",
      [
        {kind: 'submitted', by: JONAS, at: at('2026-10-12'), version: v},
        {kind: 'approved', by: SOFIA, at: at('2026-10-12', '10:00'), version: v},
        {kind: 'published', by: JONAS, at: at('2026-10-12', '11:00'), version: v},
      ],
      false,
      // The submission counts, so the page still waits for a medical reviewer.
      ['awaitingReview', 'publishedWithoutApproval', 'signatureProblems'],
    ],
  ] as const)('%s', async (_name, steps, withDraft, expected) => {
    const page = await standing(withDraft ? [...base, draft] : base, [...steps])
    expect(page.categories).toEqual(expected)
  })
})

describe('statements that count for nothing', () => {
  it('are filed under the page they were signed for, or reported apart when it is not in the dataset', async () => {
    const [submitted, approval, published] = (await signed(
      base,
      releaseSteps(tumour(PAGE)),
    )) as unknown as SanityDoc[]
    const forged = {...approval, signature: submitted?.signature} as SanityDoc
    const orphan = {...(published as SanityDoc), _id: 'statement-orphan', payload: 'not json'}
    const ledger = await ledgerOf([...base, submitted, forged, published, orphan] as SanityDoc[])
    expect(ledger.failures.get(PAGE)?.map((f) => f.code)).toEqual(['bad-signature'])
    expect(ledger.unattached.map((f) => [f.id, f.code])).toEqual([
      ['statement-orphan', 'statement-malformed'],
    ])
    const [page] = (await categorize(ledger, TODAY)).filter((p) => p.id === PAGE)
    expect(page?.categories).toEqual([
      'awaitingReview',
      'publishedWithoutApproval',
      'signatureProblems',
    ])
    // The publication follows the forged approval, so it is off the history too, with its reason.
    expect(signatureProblems(page as never).map((f) => f.code)).toEqual([
      'bad-signature',
      'chain-broken',
    ])
  })

  it('include refusals under the review rules, such as an approval by its own submitter', async () => {
    const v = tumour(PAGE)
    const page = await standing(base, [
      {kind: 'submitted', by: LI, at: at('2026-10-12'), version: v},
      {kind: 'approved', by: LI, at: at('2026-10-12', '10:00'), version: v},
      {kind: 'published', by: LI, at: at('2026-10-12', '11:00'), version: v},
    ])
    expect(page.evaluation?.release).toBeUndefined()
    expect(signatureProblems(page).map((f) => f.code)).toEqual([
      'self-approval',
      'published-unapproved',
    ])
    expect(page.categories).toEqual([
      'awaitingReview',
      'publishedWithoutApproval',
      'signatureProblems',
    ])
  })
})

describe('pages', () => {
  it('are every tumour and kit with a draft or a published document, in id order', async () => {
    const docs = [
      ...base,
      tumour('drafts.tumour-new'),
      source('source-b', 'B', 'https://b.example'),
    ]
    const ledger = await ledgerOf(docs)
    expect(ledger.pageIds).toEqual(['kit-a', 'tumour-new', PAGE])
    expect((await categorize(ledger, TODAY)).map((p) => [p.id, p.state, p.categories])).toEqual([
      ['kit-a', 'editing', ['publishedWithoutApproval']],
      ['tumour-new', 'editing', ['draftsInProgress']],
      [PAGE, 'editing', ['publishedWithoutApproval']],
    ])
  })
})
