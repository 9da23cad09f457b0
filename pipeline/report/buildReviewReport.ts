import type {LoadedKeyring} from '../gate/keyringFile.ts'
import {nodeLedgerCrypto} from '../gate/nodeCrypto.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import {CATEGORIES, type CategoryId} from '../workflow/categorize.ts'
import type {LedgerCrypto} from '../workflow/checkStatement.ts'
import type {Failure} from '../workflow/failures.ts'
import {categorize, type PageStanding} from './categorize.ts'
import {comparisonsFor} from './comparisonsFor.ts'
import {isValidDate} from './dates.ts'
import type {SchemaTypes} from './diffLookup.ts'
import {factsFor} from './factsFor.ts'
import {type Ledger, readLedger} from './ledger.ts'
import {type EntryContext, entryFor} from './queueEntries.ts'
import type {Category, DocumentReview, QueueEntry, ReviewReport} from './types.ts'

/**
 * The reviewers' report, built from the signed review ledger: which pages need a medical
 * reviewer's attention and why, and for each what changed against the approved revision readers
 * see. `today` is passed in, so the same dataset, keyring and date always give the same report.
 */

export interface ReviewOptions {
  /** YYYY-MM-DD (UTC), for "overdue". */
  today: string
  /** The keyring the statements are checked against (see gate/keyringFile.ts). */
  keyring: LoadedKeyring
  /** Signature checks and hashes; Node's by default. */
  crypto?: LedgerCrypto
  /** Field titles and order from the Studio schema, by type. */
  schemaTypes?: SchemaTypes
  /** Problems found earlier (while loading), reported with the report's own. */
  issues?: readonly ContentIssue[]
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Each category's entries, in its order: oldest submission first, most overdue first, else by name. */
function queueOf(pages: PageStanding[], context: EntryContext): Category[] {
  const lists = new Map<CategoryId, {entry: QueueEntry; sortKey: string}[]>(
    CATEGORIES.map((c) => [c.id, []]),
  )
  for (const page of pages)
    for (const category of page.categories)
      lists.get(category)?.push(entryFor(category, page, context))
  return CATEGORIES.map((category) => ({
    ...category,
    entries: (lists.get(category.id) ?? [])
      .sort(
        (a, b) =>
          byText(a.sortKey, b.sortKey) ||
          byText(a.entry.name.toLowerCase(), b.entry.name.toLowerCase()) ||
          byText(a.entry.publishedId, b.entry.publishedId),
      )
      .map(({entry}) => entry),
  }))
}

const failureIssue = (failure: Failure): ContentIssue => ({
  documentId: failure.id,
  path: '',
  level: 'error',
  code: failure.code,
  message: failure.message,
})

/** Problems no page's entry shows: statements about no page, approvals whose kept content is unreadable. */
function ledgerIssues(ledger: Ledger, pages: PageStanding[]): ContentIssue[] {
  const issues = ledger.unattached.map(failureIssue)
  for (const page of pages) {
    const approval = page.evaluation?.release?.approval
    if (approval && page.unreadable !== undefined)
      issues.push({
        documentId: page.id,
        path: '',
        level: 'error',
        code: 'closure-unreadable',
        message: `The content kept with approval ${approval.id} cannot be read (${page.unreadable}), so nothing can be compared with what readers see. Review the page again.`,
      })
  }
  return issues
}

function documentReview(
  page: PageStanding,
  ledger: Ledger,
  options: ReviewOptions,
): DocumentReview {
  return {
    publishedId: page.id,
    type: page.type,
    name: page.name,
    state: page.state,
    hasDraft: page.draft !== undefined,
    isPublished: page.published !== undefined,
    categories: page.categories,
    ...factsFor(page, ledger.keyring, options.today),
    comparisons: comparisonsFor(page, {ledger, schemaTypes: options.schemaTypes}),
  }
}

/** Builds the review queue, with each listed page's facts and comparisons. */
export async function buildReviewReport(
  documents: readonly SanityDoc[],
  options: ReviewOptions,
): Promise<ReviewReport> {
  const {today, keyring} = options
  if (!isValidDate(today)) throw new Error(`today must be YYYY-MM-DD, got "${today}"`)
  const ledger = await readLedger(documents, keyring.keyring, options.crypto ?? nodeLedgerCrypto())
  const pages = await categorize(ledger, today)
  const listed = pages.filter((page) => page.categories.length > 0)
  const issues = [...(options.issues ?? []), ...ledgerIssues(ledger, pages)].sort(compareIssues)
  return {
    today,
    keyring: {
      path: keyring.path,
      purpose: keyring.keyring.purpose,
      people: keyring.keyring.people.length,
    },
    categories: queueOf(listed, {keyring: ledger.keyring, today}),
    documents: listed.map((page) => documentReview(page, ledger, options)),
    issues,
  }
}

/** True when the report found something wrong with the dataset: the CLI exits 1. */
export function hasProblems(report: ReviewReport): boolean {
  return (
    report.issues.some((issue) => issue.level === 'error') ||
    report.categories.some((c) => c.id === 'signatureProblems' && c.entries.length > 0)
  )
}
