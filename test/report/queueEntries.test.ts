import {describe, expect, it} from 'vitest'
import {entryFor} from '../../pipeline/report/queueEntries.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {CategoryId} from '../../pipeline/workflow/categorize.ts'
import {AMIRA, JONAS} from '../support/ledger.ts'
import {
  baseDataset,
  changed,
  demoKeyring,
  PAGE,
  releaseSteps,
  type Step,
  signed,
  standingOfPage,
  TODAY,
  tumour,
} from './reportFixtures.ts'

/** Each category's line for a page, read alone. */

const base = baseDataset()
const draft = tumour(`drafts.${PAGE}`, {summary: 'A draft summary, long enough to read as prose.'})

async function line(category: CategoryId, documents: SanityDoc[], steps: Step[] = []) {
  const statements = (await signed(documents, steps)) as unknown as SanityDoc[]
  const page = await standingOfPage([...documents, ...statements])
  expect(page.categories).toContain(category)
  const {keyring} = await demoKeyring()
  return entryFor(category, page, {keyring, today: TODAY})
}

describe('queue entries', () => {
  it('tell a draft edited since the last approval from a new page', async () => {
    expect(
      (await line('draftsInProgress', [...base, draft], releaseSteps(tumour(PAGE)))).entry.detail,
    ).toBe('draft edited since the last approval')
    const fresh = [...base.filter((d) => d._id !== PAGE), draft]
    expect((await line('draftsInProgress', fresh)).entry.detail).toBe('new page, never approved')
  })

  it('say when a published page was approved in a version that was never published', async () => {
    const other = tumour(PAGE, {summary: 'The version that was approved, then never published.'})
    const steps: Step[] = [
      {kind: 'submitted', by: JONAS, at: '2026-10-01T09:00:00.000Z', version: other},
      {kind: 'approved', by: AMIRA, at: '2026-10-01T10:00:00.000Z', version: other},
    ]
    const {entry} = await line('publishedWithoutApproval', base, steps)
    expect(entry.detail).toBe('published, but no approved revision of it was ever published')
  })

  it('sort the most overdue page first and name what changed on a page', async () => {
    const overdue = await line('overdue', base, releaseSteps(tumour(PAGE), '2025-10-01'))
    expect(overdue.entry.detail).toBe('review was due 2026-10-01, 57 days overdue')
    expect(overdue.sortKey).toBe('0999943')
    const statements = (await signed(base, releaseSteps(tumour(PAGE)))) as unknown as SanityDoc[]
    const moved = changed(base, {'source-a': {url: 'https://example.org/moved'}})
    const page = await standingOfPage([...moved, ...statements])
    const {keyring} = await demoKeyring()
    expect(entryFor('shownChanged', page, {keyring, today: TODAY}).entry).toEqual({
      publishedId: PAGE,
      type: 'tumour',
      name: 'Test tumour',
      detail: 'approved 2026-10-12 by Amira Haddad; changed since: Test tumour (Wikipedia)',
    })
  })
})
