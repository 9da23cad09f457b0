import {contentOf} from '../workflow/canonical.ts'
import type {DiffLookup} from './diffLookup.ts'
import {type FieldChange, fieldChange} from './fieldDiff.ts'
import {diffLists, listChanged} from './listDiff.ts'
import {diffSections, type SectionDiff} from './sectionDiff.ts'

/**
 * What changed between two versions of a page, organised the way a medical reviewer reads
 * it: the page's fields, then its sections (matched by `_key`), and inside a changed section
 * the text word by word. Pure: references are named through the lookup the caller passes.
 */

export interface DocumentDiff {
  /** False when there was nothing to compare against: everything is new. */
  hasBaseline: boolean
  fields: FieldChange[]
  sections: SectionDiff[]
  changed: boolean
}

/** A version of a page: its content plus what the page shows from other documents. */
export interface DocumentView {
  content: Record<string, unknown>
  /** Names of the kits offered on the page (kits that list it). */
  kits?: string[]
}

export const KITS_FIELD = 'kits'
const KITS_LABEL = 'Kits offered on this page'

const str = (value: unknown) => (typeof value === 'string' ? value : undefined)

/** The fields of both versions in the Studio's order, then the others alphabetically. */
function fieldOrder(type: string, contents: Record<string, unknown>[], lookup: DiffLookup) {
  const known = lookup.fieldOrder(type)
  const present = new Set(contents.flatMap((content) => Object.keys(content)))
  present.delete('_type')
  present.delete('sections')
  return [
    ...known.filter((field) => present.has(field)),
    ...[...present].filter((field) => !known.includes(field)).sort(),
  ]
}

/**
 * Compares a page with the version it is checked against (for example the approved revision
 * readers see). With no `before`, everything in `after` is new.
 */
export function diffDocuments(
  before: DocumentView | undefined,
  after: DocumentView,
  lookup: DiffLookup,
): DocumentDiff {
  const type = str(after.content._type) ?? str(before?.content._type) ?? ''
  const oldContent = before ? contentOf(before.content) : {}
  const newContent = contentOf(after.content)
  const fields: FieldChange[] = []
  for (const field of fieldOrder(type, [oldContent, newContent], lookup)) {
    const title = lookup.fieldTitle(type, field)
    const change = fieldChange(field, title, oldContent[field], newContent[field], lookup)
    if (change) fields.push(change)
  }
  if (before?.kits !== undefined || after.kits !== undefined) {
    const change = diffLists(before?.kits ?? [], after.kits ?? [])
    if (listChanged(change))
      fields.push({field: KITS_FIELD, label: KITS_LABEL, kind: 'list', ...change})
  }
  const sections = diffSections(before?.content, after.content, lookup)
  return {
    hasBaseline: before !== undefined,
    fields,
    sections,
    changed: fields.length > 0 || sections.some((s) => s.status !== 'unchanged' || s.moved),
  }
}

/** One short item per change, for the line that opens a comparison. */
export function summarizeDiff(diff: DocumentDiff): string[] {
  const items = diff.fields.map((field) => field.label)
  for (const section of diff.sections) {
    const title = section.heading.after ?? section.heading.before ?? 'Untitled section'
    const what = [
      section.status === 'unchanged' ? undefined : section.status,
      section.moved ? 'moved' : undefined,
    ]
      .filter(Boolean)
      .join(' and ')
    if (what) items.push(`section “${title}” ${what}`)
  }
  return items
}
