import {describe, expect, it} from 'vitest'
import {comparisonsFor} from '../../pipeline/report/comparisonsFor.ts'
import type {PageComparison, ShownComparison} from '../../pipeline/report/types.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {AMIRA, JONAS} from '../support/ledger.ts'
import {
  baseDataset,
  changed,
  kit,
  ledgerOf,
  PAGE,
  releaseSteps,
  type Step,
  signed,
  standingOfPage,
  tumour,
} from './reportFixtures.ts'

/** comparisonsFor alone: what each version of a page is compared with, and what it shows. */

const base = baseDataset()
const draft = tumour(`drafts.${PAGE}`, {summary: 'A new summary that a reviewer has not seen yet.'})

async function compare(documents: SanityDoc[]) {
  const page = await standingOfPage(documents)
  return comparisonsFor(page, {ledger: await ledgerOf(documents), schemaTypes})
}

const releasedOn = async (dataset: SanityDoc[]) =>
  (await signed(dataset, releaseSteps(tumour(PAGE)))) as unknown as SanityDoc[]

describe('comparisonsFor', () => {
  it('compares a draft with the released revision, naming the approver from the keyring', async () => {
    const [comparison, ...rest] = await compare([...base, draft, ...(await releasedOn(base))])
    expect(rest).toEqual([])
    expect(comparison?.subject).toBe('draft')
    expect(comparison?.title).toBe(
      'Draft compared with the revision approved 2026-10-12 by Amira Haddad',
    )
    const {diff} = comparison as PageComparison
    expect(diff.hasBaseline).toBe(true)
    expect(diff.fields.map((f) => [f.field, f.label, f.kind])).toEqual([
      ['summary', 'Summary', 'text'],
    ])
  })

  it('compares a page nobody approved with nothing: everything is new', async () => {
    const [comparison] = await compare(base)
    expect(comparison?.subject).toBe('published')
    expect(comparison?.title).toBe('Published page that was never approved: everything is new')
    const {diff} = comparison as PageComparison
    expect(diff.hasBaseline).toBe(false)
    expect(diff.fields.find((f) => f.field === 'kits')).toMatchObject({added: ['OncoProfile Test']})
  })

  it('says so when a draft was approved but never published', async () => {
    const version = tumour(`drafts.${PAGE}`)
    const steps: Step[] = [
      {kind: 'submitted', by: JONAS, at: '2026-11-01T09:00:00.000Z', version},
      {kind: 'approved', by: AMIRA, at: '2026-11-01T10:00:00.000Z', version},
    ]
    const documents = [...base.filter((d) => d._id !== PAGE), version]
    const statements = (await signed(documents, steps)) as unknown as SanityDoc[]
    const [comparison] = await compare([...documents, ...statements])
    expect(comparison?.title).toBe(
      'Draft of a page that was approved but never published through the review: everything is new',
    )
  })

  it('compares a published page changed outside the review with what readers see', async () => {
    const statements = await releasedOn(base)
    const edited = changed(base, {[PAGE]: {name: 'Renamed outside review'}})
    const comparisons = await compare([...edited, ...statements])
    expect(comparisons.map((c) => c.subject)).toEqual(['published'])
    const {diff, title} = comparisons[0] as PageComparison
    expect(title).toBe(
      'Published page compared with the revision approved 2026-10-12 by Amira Haddad',
    )
    expect(diff.fields).toEqual([
      {
        field: 'name',
        label: 'Name',
        kind: 'value',
        before: 'Test tumour',
        after: 'Renamed outside review',
      },
    ])
  })

  it('takes the kits on both sides from the closures: one that stopped listing the page is removed', async () => {
    const statements = await releasedOn(base)
    const unlisted = changed(base, {'kit-a': {availableFor: []}})
    const comparisons = await compare([...unlisted, draft, ...statements])
    const {diff} = comparisons.find((c) => c.subject === 'draft') as PageComparison
    expect(diff.fields.find((f) => f.field === 'kits')).toMatchObject({
      kind: 'list',
      removed: ['OncoProfile Test'],
      added: [],
    })
  })

  it('lists each shown document that changed since the approval, with its changed fields', async () => {
    const statements = await releasedOn(base)
    const edited = changed(base, {
      'source-a': {title: 'Test tumour (mirror)', url: 'https://evil.example/test-tumour'},
      'kit-a': {availableFor: []},
    })
    const added = kit('kit-b', 'OncoProfile New', [PAGE])
    const comparisons = await compare([...edited, added, ...statements])
    const shown = comparisons.find((c) => c.subject === 'shown') as ShownComparison
    expect(shown.title).toBe(
      'Documents shown on this page compared with the versions approved 2026-10-12 by Amira Haddad',
    )
    expect(shown.documents.map((d) => [d.id, d.label, d.status, d.note])).toEqual([
      ['kit-a', 'OncoProfile Test', 'removed', 'no longer lists this page'],
      ['kit-b', 'OncoProfile New', 'added', 'now lists this page'],
      ['source-a', 'Test tumour (Wikipedia)', 'changed', 'changed since approval'],
    ])
    const source = shown.documents.find((d) => d.id === 'source-a')
    expect(source?.diff.fields).toEqual([
      {
        field: 'title',
        label: 'Title',
        kind: 'value',
        before: 'Test tumour',
        after: 'Test tumour (mirror)',
      },
      {
        field: 'url',
        label: 'Web address',
        kind: 'value',
        before: 'https://en.wikipedia.org/wiki/Test_tumour',
        after: 'https://evil.example/test-tumour',
      },
    ])
  })

  it('says when a shown source was removed from the dataset', async () => {
    const statements = await releasedOn(base)
    const comparisons = await compare([...base.filter((d) => d._id !== 'source-a'), ...statements])
    const shown = comparisons.find((c) => c.subject === 'shown') as ShownComparison
    expect(shown.documents.map((d) => [d.id, d.status, d.note])).toEqual([
      ['source-a', 'removed', 'removed from the dataset'],
    ])
  })
})
