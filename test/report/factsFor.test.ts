import {describe, expect, it} from 'vitest'
import {factsFor} from '../../pipeline/report/factsFor.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import {AMIRA, JONAS, LI, SOFIA} from '../support/ledger.ts'
import {
  baseDataset,
  demoKeyring,
  PAGE,
  releaseSteps,
  type Step,
  signed,
  standingOfPage,
  TODAY,
  tumour,
} from './reportFixtures.ts'

/** factsFor alone: who signed what and when, as a reviewer reads it. */

const base = baseDataset()
const v1 = tumour(PAGE)
const v2 = tumour(PAGE, {summary: 'A typo fixed in the summary, long enough to read as prose.'})

async function facts(steps: Step[], dataset = base, keyring?: Keyring, today = TODAY) {
  const statements = (await signed(dataset, steps)) as unknown as SanityDoc[]
  const published = steps.at(-1)?.version ?? v1
  const documents = dataset.map((d) => (d._id === PAGE ? published : d))
  const page = await standingOfPage([...documents, ...statements])
  return factsFor(page, keyring ?? (await demoKeyring()).keyring, today)
}

const table = (result: Awaited<ReturnType<typeof facts>>) =>
  Object.fromEntries(result.facts.map((f) => [f.label, f.value]))

describe('factsFor', () => {
  it('shows the release as Part 11 asks: signer with credentials, time, scope and meaning', async () => {
    const result = await facts(releaseSteps(v1))
    expect(table(result)).toEqual({
      Document: PAGE,
      Status: 'published',
      'Last submitted': '2026-10-12 by Jonas Weber',
      'Last approved':
        '2026-10-12 16:05 UTC by Amira Haddad (MD, PhD), full medical review: “I approve this content as medically accurate and complete.”',
      Published: '2026-10-12 16:30 UTC by Jonas Weber',
      'Last full medical review': '2026-10-12 by Amira Haddad (MD, PhD)',
      'Next review due': '2027-10-12',
    })
    expect(result.latestDecision).toEqual({
      decision: 'approved',
      reviewer: 'Amira Haddad',
      decidedAt: '2026-10-12T16:05:00.000Z',
      meaning: 'I approve this content as medically accurate and complete.',
    })
    expect(result.signatureProblems).toEqual([])
  })

  it('keeps the date and reviewer of the last full review when a change is approved', async () => {
    const result = await facts([
      ...releaseSteps(v1, '2025-06-02'),
      {kind: 'submitted', by: SOFIA, at: '2026-11-01T09:00:00.000Z', version: v2},
      {kind: 'approved', by: LI, at: '2026-11-02T09:00:00.000Z', version: v2, scope: 'change'},
      {kind: 'published', by: SOFIA, at: '2026-11-02T10:00:00.000Z', version: v2},
    ])
    expect(table(result)).toMatchObject({
      'Last approved':
        '2026-11-02 09:00 UTC by Li Chen (MD, FRCPath), review of a change: “I approve the changes to this content as medically accurate; the rest of the page was not reviewed again.”',
      'Last full medical review': '2025-06-02 by Amira Haddad (MD, PhD)',
      'Next review due': '2026-06-02 (178 days overdue)',
    })
  })

  it('gives the latest signed decision with its comment', async () => {
    const draft = tumour(`drafts.${PAGE}`, {
      summary: 'A draft summary, long enough to read as prose.',
    })
    const statements = (await signed(base, [
      ...releaseSteps(v1),
      {kind: 'submitted', by: JONAS, at: '2026-11-20T10:00:00.000Z', version: draft},
      {
        kind: 'changesRequested',
        by: LI,
        at: '2026-11-21T09:00:00.000Z',
        version: draft,
        comment: 'Cite a source for the new summary.',
      },
    ])) as unknown as SanityDoc[]
    const page = await standingOfPage([...base, draft, ...statements])
    const result = factsFor(page, (await demoKeyring()).keyring, TODAY)
    expect(table(result)).toMatchObject({
      Status: 'draft, published',
      'Last submitted': '2026-11-20 by Jonas Weber',
    })
    expect(result.latestDecision).toEqual({
      decision: 'changesRequested',
      reviewer: 'Li Chen',
      decidedAt: '2026-11-21T09:00:00.000Z',
      meaning: 'I request changes to this content before it can be approved.',
      comment: 'Cite a source for the new summary.',
    })
  })

  it('takes names and credentials from the keyring, never from the dataset', async () => {
    const keyring = (await demoKeyring()).keyring
    const renamed: Keyring = {
      ...keyring,
      people: keyring.people.map((p) =>
        p.id === AMIRA ? {...p, name: 'Dr Amira Haddad', credentials: ['MD']} : p,
      ),
    }
    const person = {_id: AMIRA, _type: 'person', name: 'Mallory', credentials: ['Nobel laureate']}
    const result = await facts(releaseSteps(v1), [...base, person], renamed)
    expect(table(result)['Last full medical review']).toBe('2026-10-12 by Dr Amira Haddad (MD)')
    expect(JSON.stringify(result)).not.toContain('Mallory')
  })

  it('says a page was never approved, and lists why each statement counts for nothing', async () => {
    const result = await facts([
      {kind: 'submitted', by: JONAS, at: '2026-10-12T10:00:00.000Z', version: v1},
      {kind: 'approved', by: SOFIA, at: '2026-10-12T11:00:00.000Z', version: v1},
    ])
    expect(table(result)['Last approved']).toBe('never')
    expect(result.latestDecision).toBeUndefined()
    expect(result.signatureProblems).toHaveLength(1)
    expect(result.signatureProblems[0]).toMatch(
      /^Approved with key \S+ of person-sofia-marquez, who is not a medical reviewer in the keyring/,
    )
  })
})
