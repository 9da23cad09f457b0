import {type Closure, SHOWN} from '../workflow/closure.ts'
import type {Keyring} from '../workflow/keyring.ts'
import type {PageStanding} from './categorize.ts'
import {type DocumentView, diffDocuments} from './diffDocuments.ts'
import {type DiffLookup, diffLookup, labelOf, type SchemaTypes} from './diffLookup.ts'
import type {Ledger} from './ledger.ts'
import {everApproved} from './pageHistory.ts'
import {signedOn} from './people.ts'
import type {Comparison, ShownChange, ShownComparison} from './types.ts'

/** What a reviewer compares for a page: each version against the approved revision readers see. */

export interface ComparisonContext {
  ledger: Ledger
  schemaTypes?: SchemaTypes
}

type Shown = Record<string, unknown> | null | undefined

/** A closure as the diff reads it: the page, and the names of the documents that list it (kits). */
export function viewOf(closure: Closure): DocumentView {
  const type = String(closure.page._type ?? '')
  const listed = Object.keys(SHOWN[type]?.referencedBy ?? {}).length > 0
  if (!listed) return {content: closure.page}
  const kits = Object.entries(closure.referencedBy).map(([id, doc]) => labelOf(doc, id))
  return {content: closure.page, kits: kits.sort()}
}

/** Names a reference as the dataset has it now, else as the approval kept it. */
function pageLookup(page: PageStanding, context: ComparisonContext): DiffLookup {
  const {byId} = context.ledger
  const kept = page.closures.released?.references ?? {}
  return diffLookup(
    (id) => byId.get(id) ?? byId.get(`drafts.${id}`) ?? kept[id],
    context.schemaTypes,
  )
}

/** A shown document's copy in a closure: null when the page cites a missing document. */
const copyIn = (closure: Closure, id: string): Shown =>
  id in closure.references ? closure.references[id] : closure.referencedBy[id]

/** In words, what happened to a shown document between the approval and now. */
function shownNote(id: string, approved: Closure, current: Closure): string {
  const [before, after] = [copyIn(approved, id), copyIn(current, id)]
  const listing = id in approved.referencedBy || id in current.referencedBy
  if (before && after) return 'changed since approval'
  if (before && after === null) return 'removed from the dataset'
  if (before) return listing ? 'no longer lists this page' : 'no longer cited by the page'
  if (before === null && after) return 'back in the dataset'
  return listing ? 'now lists this page' : 'now cited by the page'
}

/** Each document the page shows that differs from its approved copy, with its changed fields. */
export function shownChanges(
  page: PageStanding,
  approved: Closure,
  current: Closure,
  lookup: DiffLookup,
): ShownChange[] {
  return (page.facts.drift?.shown ?? []).map((id) => {
    const [before, after] = [copyIn(approved, id), copyIn(current, id)]
    const type = String((before ?? after)?._type ?? '')
    return {
      id,
      label: labelOf(before ?? after, id),
      status: before && after ? 'changed' : before ? 'removed' : 'added',
      note: shownNote(id, approved, current),
      diff: diffDocuments(
        before ? {content: before} : undefined,
        {content: after ?? {_type: type}},
        lookup,
      ),
    }
  })
}

/** Why there is nothing to compare with. */
const unreleased = (page: PageStanding) =>
  everApproved(page) ? 'approved but never published through the review' : 'never approved'

/**
 * The draft against the approved revision readers see; the published page too when it differs
 * from it (or nothing approved covers it); and the documents it shows that changed since.
 */
export function comparisonsFor(page: PageStanding, context: ComparisonContext): Comparison[] {
  const lookup = pageLookup(page, context)
  const {draft, published, released} = page.closures
  const approval = page.evaluation?.release?.approval
  const keyring: Keyring = context.ledger.keyring
  const against = released && approval && `the revision approved ${signedOn(approval, keyring)}`
  const baseline = released && viewOf(released)
  const comparisons: Comparison[] = []
  if (draft)
    comparisons.push({
      subject: 'draft',
      title: against
        ? `Draft compared with ${against}`
        : `Draft of a page that was ${unreleased(page)}: everything is new`,
      diff: diffDocuments(baseline, viewOf(draft), lookup),
    })
  if (published && (page.categories.includes('publishedDiffers') || (!draft && !baseline)))
    comparisons.push({
      subject: 'published',
      title: against
        ? `Published page compared with ${against}`
        : `Published page that was ${unreleased(page)}: everything is new`,
      diff: diffDocuments(baseline, viewOf(published), lookup),
    })
  if (page.categories.includes('shownChanged') && released && published && approval)
    comparisons.push({
      subject: 'shown',
      title: `Documents shown on this page compared with the versions approved ${signedOn(approval, keyring)}`,
      documents: shownChanges(page, released, published, lookup),
    } satisfies ShownComparison)
  return comparisons
}
