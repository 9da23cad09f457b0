import {describe, expect, it} from 'vitest'
import {hasProblems} from '../../pipeline/report/buildReviewReport.ts'
import {renderText} from '../../pipeline/report/renderText.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {AMIRA, history, JONAS, LI, SOFIA} from '../support/ledger.ts'
import {
  baseDataset,
  changed,
  closureTextOf,
  demoKeyring,
  entry,
  ids,
  PAGE,
  releaseSteps,
  reportOf,
  reviewOf,
  type Step,
  signed,
  tumour,
} from './reportFixtures.ts'

/**
 * Attacks by someone with a write token for the dataset, as the reviewers' report shows them:
 * a forged approval counts for nothing, is listed under "Signatures not valid" with its reason,
 * and never moves the page to approved; a change to what an approved page shows is named.
 */

const base = baseDataset()
const v = tumour(PAGE)
const at = (time: string) => `2026-10-12T${time}:00.000Z`
const asDocs = (statements: unknown) => statements as SanityDoc[]
const text = async (documents: SanityDoc[]) => {
  const report = await reportOf(documents)
  return {report, text: renderText(report, {colour: false, width: 200})}
}

/** The page's history with its approval by `approver`, forged or not. */
const approvedBy = (approver: string, submitter = JONAS): Step[] => [
  {kind: 'submitted', by: submitter, at: at('10:00'), version: v},
  {kind: 'approved', by: approver, at: at('11:00'), version: v},
  {kind: 'published', by: JONAS, at: at('12:00'), version: v},
]

describe('a forged approval in the report', () => {
  it("signed with a writer's key: listed as not valid, and the page is not approved", async () => {
    const statements = asDocs(await signed(base, approvedBy(SOFIA)))
    const {report, text: out} = await text([...base, ...statements])
    const reasons = entry(report, 'signatureProblems')?.reasons ?? []
    expect(reasons).toHaveLength(2)
    expect(reasons[0]).toMatch(
      /^Approved with key \S+ of person-sofia-marquez, who is not a medical reviewer in the keyring \(statement statement-\w+\), so it counts for nothing\.$/,
    )
    expect(reasons[1]).toMatch(/follows statement \S+, which is missing or not valid/)
    expect(ids(report, 'approvedNotPublished')).toEqual([])
    expect(entry(report, 'publishedWithoutApproval')?.detail).toBe('published, never approved')
    expect(reviewOf(report)?.facts).toContainEqual({label: 'Last approved', value: 'never'})
    expect(out).toMatch(/^Signatures not valid \(1\)$/m)
    expect(out).toContain('✗ Approved with key')
    expect(hasProblems(report)).toBe(true)
  })

  it('approved by its own submitter: refused under the four-eyes rule, with the reason', async () => {
    const statements = asDocs(await signed(base, approvedBy(LI, LI)))
    const {report, text: out} = await text([...base, ...statements])
    expect(entry(report, 'signatureProblems')?.reasons).toEqual([
      expect.stringMatching(
        /^Approval statement-\w+ does not count: approved by its own submitter \(person-li-chen\)\. Another medical reviewer must approve it \(four-eyes rule\)\.$/,
      ),
      expect.stringMatching(/^Publication statement-\w+ by person-jonas-weber does not count/),
    ])
    expect(reviewOf(report)?.state).toBe('inReview')
    expect(ids(report, 'publishedWithoutApproval')).toContain(PAGE)
    expect(out).toContain('approved by its own submitter (person-li-chen)')
  })

  it('with another statement’s signature: the signature does not match', async () => {
    const [submitted, approval, published] = asDocs(await signed(base, approvedBy(AMIRA)))
    const forged = {...approval, signature: submitted?.signature} as SanityDoc
    const report = await reportOf([...base, submitted, forged, published] as SanityDoc[])
    expect(entry(report, 'signatureProblems')?.reasons?.[0]).toMatch(
      /the signature does not match key \S+ of person-amira-haddad; the statement was changed or forged/,
    )
    expect(ids(report, 'publishedWithoutApproval')).toContain(PAGE)
  })

  it('signed with a key the keyring does not hold: the dataset cannot vouch for its own keys', async () => {
    const statements = asDocs(await signed(base, approvedBy(AMIRA)))
    const loaded = await demoKeyring()
    const keyring = {
      ...loaded,
      keyring: {...loaded.keyring, people: loaded.keyring.people.filter((p) => p.id !== AMIRA)},
    }
    const report = await reportOf([...base, ...statements], undefined, keyring)
    expect(entry(report, 'signatureProblems')?.reasons?.[0]).toMatch(
      /is signed with key \S+, which is not in the reviewer keyring, so it counts for nothing/,
    )
    expect(ids(report, 'publishedWithoutApproval')).toContain(PAGE)
  })

  it('replayed from another page: counts for nothing here, and the report says where it came from', async () => {
    const other = asDocs(
      await history('tumour-other', [
        {kind: 'submitted', by: JONAS, at: at('10:00'), content: closureTextOf(v, base)},
        {kind: 'approved', by: AMIRA, at: at('11:00'), content: closureTextOf(v, base)},
      ]),
    )
    const replayed = {...other[1], document: {_type: 'reference', _ref: PAGE, _weak: true}}
    const report = await reportOf([...base, replayed as SanityDoc])
    expect(ids(report, 'publishedWithoutApproval')).toEqual(['kit-a', PAGE])
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'statement-misfiled',
        level: 'error',
        message: expect.stringContaining(
          `is filed under ${PAGE} but was signed for tumour-other: a copy from another document counts for nothing`,
        ),
      }),
    ])
    expect(hasProblems(report)).toBe(true)
  })
})

describe('a change to what an approved page shows', () => {
  it('lists the page under “a source or kit … changed since approval”, naming the source and its changes', async () => {
    const statements = asDocs(await signed(base, releaseSteps(v)))
    const swapped = changed(base, {
      'source-a': {title: 'Test tumour (updated)', url: 'https://evil.example/test-tumour'},
    })
    const {report, text: out} = await text([...swapped, ...statements])
    expect(ids(report, 'shownChanged')).toEqual([PAGE])
    expect(ids(report, 'publishedDiffers')).toEqual([])
    expect(entry(report, 'shownChanged')?.detail).toBe(
      'approved 2026-10-12 by Amira Haddad; changed since: Test tumour (Wikipedia)',
    )
    expect(out).toMatch(/^A source or kit shown on this page changed since approval \(1\)$/m)
    expect(out).toContain(
      'Documents shown on this page compared with the versions approved 2026-10-12 by Amira Haddad',
    )
    expect(out).toContain('  ~ Test tumour (Wikipedia) [source-a]: changed since approval')
    expect(out).toContain('      ~ Title: [-Test tumour-] → {+Test tumour (updated)+}')
    expect(out).toContain(
      '      ~ Web address: [-https://en.wikipedia.org/wiki/Test_tumour-] → {+https://evil.example/test-tumour+}',
    )
    // Nothing forged here: the report lists the change, and no signature problem.
    expect(hasProblems(report)).toBe(false)
  })
})
