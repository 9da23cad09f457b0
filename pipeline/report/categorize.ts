import {sha256} from '../hash.ts'
import type {SanityDoc} from '../types.ts'
import {
  type CategoryId,
  categorize as categoriesOf,
  type PageFacts,
  pageState,
} from '../workflow/categorize.ts'
import {buildChain} from '../workflow/chain.ts'
import {
  type Closure,
  closureDrift,
  closureOf,
  closureText,
  readKeptClosure,
} from '../workflow/closure.ts'
import {type Evaluation, evaluateChain} from '../workflow/evaluate.ts'
import type {Failure} from '../workflow/failures.ts'
import type {ReviewState} from '../workflow/workflow.ts'
import type {Ledger} from './ledger.ts'

/** Where one page stands: its versions, their closures, its judged history and its categories. */
export interface PageStanding {
  id: string
  type: string
  name: string
  draft?: SanityDoc
  published?: SanityDoc
  closures: {
    draft?: Closure
    published?: Closure
    /** The approved closure of the release: what readers see. */
    released?: Closure
  }
  /** Why the closure kept with the release cannot be read, when it cannot. */
  unreadable?: string
  /** The page's signed history, judged (undefined when no statement of it counts). */
  evaluation?: Evaluation
  facts: PageFacts
  state: ReviewState
  categories: CategoryId[]
}

/** Every reason a statement about the page counts for nothing, in the order of its history. */
export function signatureProblems(page: PageStanding): Failure[] {
  return [
    ...page.facts.failures,
    ...(page.evaluation?.chain.ignored ?? []),
    ...(page.evaluation?.refusals ?? []),
  ]
}

function judged(id: string, ledger: Ledger): Evaluation | undefined {
  const statements = ledger.statements.get(id)
  return statements?.length ? evaluateChain(buildChain(id, statements)) : undefined
}

/**
 * One page's standing: the closures of its draft and published document against the published
 * dataset, its history judged under the review rules, and the drift of what is published from
 * the approved closure readers see. The categories are the shared ones (workflow/categorize.ts).
 */
export async function standingOf(id: string, ledger: Ledger, today: string): Promise<PageStanding> {
  const draft = ledger.byId.get(`drafts.${id}`)
  const published = ledger.byId.get(id)
  const current = (draft ?? published) as SanityDoc
  const closure = (doc: SanityDoc | undefined) => doc && closureOf(doc, id, ledger.lookup)
  const closures = {draft: closure(draft), published: closure(published)}
  const evaluation = judged(id, ledger)
  const release = evaluation?.release
  const kept =
    release && (await readKeptClosure(release.approval.encodedClosure, ledger.decodeClosure))
  const released = kept?.ok ? kept.closure : undefined
  const hash = (c: Closure | undefined) => c && sha256(closureText(c))
  const [draftHash, publishedHash] = [hash(closures.draft), hash(closures.published)]
  const facts: PageFacts = {
    evaluation,
    ...(draftHash ? {draftHash} : {}),
    ...(publishedHash ? {publishedHash} : {}),
    ...(released && closures.published ? {drift: closureDrift(released, closures.published)} : {}),
    failures: ledger.failures.get(id) ?? [],
    today,
  }
  return {
    id,
    type: current._type,
    name: typeof current.name === 'string' ? current.name : id,
    ...(draft ? {draft} : {}),
    ...(published ? {published} : {}),
    closures: {...closures, ...(released ? {released} : {})},
    ...(kept && !kept.ok ? {unreadable: kept.problem} : {}),
    ...(evaluation ? {evaluation} : {}),
    facts,
    state: pageState(facts),
    categories: categoriesOf(facts),
  }
}

/** Every page with its standing and categories (none when it needs nobody), in id order. */
export async function categorize(ledger: Ledger, today: string): Promise<PageStanding[]> {
  const pages: PageStanding[] = []
  for (const id of ledger.pageIds) pages.push(await standingOf(id, ledger, today))
  return pages
}
