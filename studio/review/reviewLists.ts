import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {PAGE_TYPES, type SanityDoc} from '../../pipeline/types.ts'
import {
  CATEGORIES,
  type CategoryId,
  categorize,
  type PageFacts,
} from '../../pipeline/workflow/categorize.ts'
import {referencedIds, SHOWN} from '../../pipeline/workflow/closure.ts'
import {reviewDates} from '../../pipeline/workflow/evaluate.ts'
import {findPerson, type Keyring} from '../../pipeline/workflow/keyring.ts'
import {
  closureOfPage,
  type LedgerClient,
  type LedgerVerifier,
  type PageClosure,
  pageFactsOf,
  type StatementRecord,
  withApprovedClosure,
} from './pageLedger.ts'
import {allStatementsQuery, listClosureDocumentsQuery, reviewedPagesQuery} from './reviewQueries.ts'

/**
 * The review lists: every page, verified in the browser and sorted into the categories of
 * pipeline/workflow/categorize.ts, the same the reviewers' report uses. A page is listed by
 * what its signed history says, never by a status field anyone could write.
 */

/** A page as a review list shows it. */
export interface ListedPage {
  /** The published id. */
  id: string
  type: string
  title: string
  /** Why it is in this list: who is waiting, what was asked, which signature failed. */
  detail: string
}

export type ReviewLists = Record<CategoryId, ListedPage[]>

interface PagePair {
  id: string
  draft?: SanityDoc
  published?: SanityDoc
}

const DRAFTS = 'drafts.'

function pairsOf(pages: readonly SanityDoc[]): PagePair[] {
  const pairs = new Map<string, PagePair>()
  for (const doc of pages) {
    const draft = doc._id.startsWith(DRAFTS)
    const id = draft ? doc._id.slice(DRAFTS.length) : doc._id
    const pair = pairs.get(id) ?? {id}
    pairs.set(id, draft ? {...pair, draft: doc} : {...pair, published: doc})
  }
  return [...pairs.values()]
}

const nameOf = (keyring: Keyring, personId: string) =>
  findPerson(keyring, personId)?.name ?? personId

/** One line saying why a page is in a category. */
export function detailOf(category: CategoryId, facts: PageFacts, keyring: Keyring): string {
  const evaluation = facts.evaluation
  const day = (iso: string) => iso.slice(0, 10)
  switch (category) {
    case 'awaitingReview': {
      const s = evaluation?.latestSubmission?.payload
      return s ? `Submitted by ${nameOf(keyring, s.signer)} on ${day(s.signedAt)}.` : ''
    }
    case 'changesRequested': {
      const d = evaluation?.latestDecision?.payload
      return d ? `${nameOf(keyring, d.signer)}, ${day(d.signedAt)}: ${d.comment ?? ''}` : ''
    }
    case 'overdue': {
      const dates = evaluation?.release ? reviewDates(evaluation.release) : undefined
      return dates ? `Last full review ${dates.lastReviewed}; due ${dates.nextReviewDue}.` : ''
    }
    case 'shownChanged':
      return `Changed since approval: ${facts.drift?.shown.join(', ') ?? ''}.`
    case 'signatureProblems':
      return [
        ...facts.failures,
        ...(evaluation?.refusals ?? []),
        ...(evaluation?.chain.ignored ?? []),
      ]
        .map((f) => f.message)
        .join('\n')
    default:
      return CATEGORIES.find((c) => c.id === category)?.description ?? ''
  }
}

const titleOf = (pair: PagePair) => {
  const name = (pair.draft ?? pair.published)?.name
  return typeof name === 'string' && name.trim() ? name : pair.id
}

/** The published documents every page's closure may show, in one query. */
function fetchAllClosureDocuments(client: LedgerClient, pages: readonly SanityDoc[]) {
  const ids = [...new Set(pages.flatMap((page) => referencedIds(page)))].sort()
  const listingTypes = [
    ...new Set(PAGE_TYPES.flatMap((type) => Object.keys(SHOWN[type]?.referencedBy ?? {}))),
  ]
  return client.fetch<SanityDoc[]>(
    listClosureDocumentsQuery,
    {ids, listingTypes},
    {perspective: 'published'},
  )
}

/** Fetches every reviewed page and statement, verifies them and sorts the pages into lists. */
export async function loadReviewLists(
  client: LedgerClient,
  verifier: LedgerVerifier,
  keyring: Keyring,
  today: string,
): Promise<ReviewLists> {
  const [pages, statements] = await Promise.all([
    client.fetch<SanityDoc[]>(reviewedPagesQuery, {types: PAGE_TYPES}, {perspective: 'raw'}),
    client.fetch<StatementRecord[]>(allStatementsQuery, {}, {perspective: 'published'}),
  ])
  const lookup = datasetLookup(await fetchAllClosureDocuments(client, pages))
  const filed = new Map<string, StatementRecord[]>()
  for (const s of statements) {
    const page = s.document?._ref ?? ''
    const list = filed.get(page)
    if (list) list.push(s)
    else filed.set(page, [s])
  }
  const lists = Object.fromEntries(CATEGORIES.map((c) => [c.id, []])) as unknown as ReviewLists
  const closure = (doc: SanityDoc | undefined, id: string): Promise<PageClosure | undefined> =>
    doc ? closureOfPage(doc, id, lookup) : Promise.resolve(undefined)
  for (const pair of pairsOf(pages).sort((a, b) => titleOf(a).localeCompare(titleOf(b)))) {
    const mine = filed.get(pair.id)
    const facts = pageFactsOf({
      ledger: mine
        ? await withApprovedClosure(await verifier.verifyPage(pair.id, mine))
        : undefined,
      draft: await closure(pair.draft, pair.id),
      published: await closure(pair.published, pair.id),
      today,
    })
    const type = (pair.draft ?? pair.published)?._type ?? ''
    for (const category of categorize(facts))
      lists[category].push({
        id: pair.id,
        type,
        title: titleOf(pair),
        detail: detailOf(category, facts, keyring),
      })
  }
  return lists
}
