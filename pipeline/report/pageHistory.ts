import type {ValidStatement} from '../workflow/checkStatement.ts'
import type {StatementKind} from '../workflow/statement.ts'
import type {PageStanding} from './categorize.ts'
import {labelOf} from './diffLookup.ts'

/** The closure hash of what the editor shows: the draft if there is one, else the published page. */
export const currentHash = (page: PageStanding) => page.facts.draftHash ?? page.facts.publishedHash

/**
 * The newest statement of a kind that counts under the review rules (a self-approval does not),
 * about `hash` when one is given.
 */
export function newest(
  page: PageStanding,
  kind: StatementKind,
  hash?: string,
): ValidStatement | undefined {
  const refused = new Set(page.evaluation?.refusals.map((f) => f.id))
  return page.evaluation?.chain.statements.findLast(
    (s) =>
      s.payload.kind === kind &&
      !refused.has(s.id) &&
      (hash === undefined || s.payload.contentHash === hash),
  )
}

/** True when some approval on the history counts (released or not). */
export const everApproved = (page: PageStanding) =>
  [...(page.evaluation?.statusOf.values() ?? [])].some(
    (status) => status === 'approved' || status === 'published',
  )

/** A document the page shows, as approved (what readers see), else as it is now. */
export function shownCopy(page: PageStanding, id: string) {
  const {released, published} = page.closures
  return (
    released?.references[id] ??
    released?.referencedBy[id] ??
    published?.references[id] ??
    published?.referencedBy[id]
  )
}

/** The name of a document the page shows, as readers know it. */
export const shownLabel = (page: PageStanding, id: string) => labelOf(shownCopy(page, id), id)
