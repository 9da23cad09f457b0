import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {DEMO_KEYRING, type LoadedKeyring, loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import {buildReviewReport} from '../../pipeline/report/buildReviewReport.ts'
import {categorize, type PageStanding} from '../../pipeline/report/categorize.ts'
import {type Ledger, readLedger} from '../../pipeline/report/ledger.ts'
import type {ReviewReport} from '../../pipeline/report/types.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {CategoryId} from '../../pipeline/workflow/categorize.ts'
import {closureOf, closureText} from '../../pipeline/workflow/closure.ts'
import type {ReviewScope, StatementKind} from '../../pipeline/workflow/statement.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {crypto, history} from '../support/ledger.ts'

/**
 * Small datasets with signed review histories for the report's tests: a tumour page citing a
 * source and listed by a kit, each history step signed with the demo keys over the closure of
 * the version it is about (against the published documents, as the Studio signs).
 */

export const TODAY = '2026-11-27'
export const PAGE = 'tumour-t'

export const source = (id: string, title: string, url: string): SanityDoc => ({
  _id: id,
  _type: 'source',
  title,
  publisher: 'Wikipedia',
  url,
  accessedAt: '2026-01-01',
})

const block = (key: string, text: string) => ({
  _key: key,
  _type: 'block',
  style: 'normal',
  markDefs: [],
  children: [{_key: `${key}s`, _type: 'span', text, marks: []}],
})

export const tumour = (id: string, fields: Record<string, unknown> = {}): SanityDoc => ({
  _id: id,
  _type: 'tumour',
  name: 'Test tumour',
  slug: {_type: 'slug', current: 'test-tumour'},
  summary: 'A test page with a summary long enough to read as prose.',
  sources: [{_key: 'r1', _type: 'reference', _ref: 'source-a'}],
  sections: [
    {
      _key: 's1',
      _type: 'section',
      heading: 'Overview',
      kind: 'overview',
      body: [block('b1', 'The approved text.')],
    },
  ],
  ...fields,
})

export const kit = (id: string, name: string, lists: string[]): SanityDoc => ({
  _id: id,
  _type: 'kitProduct',
  name,
  slug: {_type: 'slug', current: id},
  tagline: `${name} tests tumours.`,
  availableFor: lists.map((ref, i) => ({_key: `k${i}`, _type: 'reference', _ref: ref})),
})

/** The source, kit and published page every scenario starts from. */
export function baseDataset(): SanityDoc[] {
  return [
    source('source-a', 'Test tumour', 'https://en.wikipedia.org/wiki/Test_tumour'),
    kit('kit-a', 'OncoProfile Test', [PAGE]),
    tumour(PAGE),
  ]
}

/** The closure text of a page version, against the published documents of `dataset`. */
export function closureTextOf(version: SanityDoc, dataset: readonly SanityDoc[]): string {
  const lookup = datasetLookup(applyPerspective(dataset, 'published'))
  return closureText(closureOf(version, PAGE, lookup))
}

export interface Step {
  kind: StatementKind
  by: string
  at: string
  /** The page version the step is about; its closure is taken against `dataset`. */
  version: SanityDoc
  scope?: ReviewScope
  comment?: string
  keyId?: string
}

/** Signs a history of PAGE, each step over the closure of its version in `dataset`. */
export function signed(dataset: readonly SanityDoc[], steps: Step[]) {
  return history(
    PAGE,
    steps.map(({version, ...step}) => ({...step, content: closureTextOf(version, dataset)})),
  )
}

/** Submitted by Jonas, fully reviewed by Amira, published by Jonas: a release of `version`. */
export const releaseSteps = (version: SanityDoc, day = '2026-10-12'): Step[] => [
  {kind: 'submitted', by: 'person-jonas-weber', at: `${day}T10:00:00.000Z`, version},
  {kind: 'approved', by: 'person-amira-haddad', at: `${day}T16:05:00.000Z`, version},
  {kind: 'published', by: 'person-jonas-weber', at: `${day}T16:30:00.000Z`, version},
]

let demo: LoadedKeyring | undefined
export async function demoKeyring(): Promise<LoadedKeyring> {
  demo ??= await loadKeyring(DEMO_KEYRING)
  return demo
}

export async function ledgerOf(documents: readonly SanityDoc[]): Promise<Ledger> {
  return readLedger(documents, (await demoKeyring()).keyring, crypto)
}

/** The standing of PAGE in a dataset. */
export async function standingOfPage(documents: readonly SanityDoc[]): Promise<PageStanding> {
  const page = (await categorize(await ledgerOf(documents), TODAY)).find((p) => p.id === PAGE)
  if (!page) throw new Error(`${PAGE} is not in the dataset`)
  return page
}

export async function reportOf(
  documents: readonly SanityDoc[],
  today = TODAY,
  keyring?: LoadedKeyring,
): Promise<ReviewReport> {
  return buildReviewReport(documents, {
    today,
    keyring: keyring ?? (await demoKeyring()),
    schemaTypes,
  })
}

export const ids = (report: ReviewReport, category: CategoryId) =>
  report.categories.find((c) => c.id === category)?.entries.map((e) => e.publishedId) ?? []

export const entry = (report: ReviewReport, category: CategoryId, id = PAGE) =>
  report.categories.find((c) => c.id === category)?.entries.find((e) => e.publishedId === id)

export const reviewOf = (report: ReviewReport, id = PAGE) =>
  report.documents.find((d) => d.publishedId === id)

/** The dataset with some documents' fields changed (or replaced, given whole documents). */
export function changed(
  dataset: readonly SanityDoc[],
  changes: Record<string, Record<string, unknown>>,
): SanityDoc[] {
  return dataset.map((d) => (changes[d._id] ? ({...d, ...changes[d._id]} as SanityDoc) : d))
}
