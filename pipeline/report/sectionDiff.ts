import {diffArrays} from 'diff'
import {CitationNumbers, normalizeBlocks} from '../transform/portableText.ts'
import {isRecord} from '../types.ts'
import {type DiffLine, diffBlocks} from './blockDiff.ts'
import type {DiffLookup} from './diffLookup.ts'
import {refId, sameContent} from './fieldDiff.ts'
import {diffLists, type ListChange, listChanged} from './listDiff.ts'

/** How the sections of a page changed: matched by `_key`, moved, and inside each the text word by word. */

export type SectionStatus = 'added' | 'removed' | 'changed' | 'unchanged'
export interface SectionDiff {
  key: string
  status: SectionStatus
  /** 1-based positions in the old and the new page. */
  position: {before?: number; after?: number}
  /** The section changed places relative to the other sections. */
  moved: boolean
  heading: {before?: string; after?: string}
  kind: {before?: string; after?: string}
  /** The text, line by line (all "same" in an unchanged section). */
  lines: DiffLine[]
  sources: ListChange
  /** Sources cited inside the text (citation annotations), with their locators. */
  citations: ListChange
  /** Formatting or links changed while the words stayed the same. */
  formattingChanged: boolean
  /** Some other data of the section changed (nothing a diff of the text can show). */
  otherChanged: boolean
}

type Section = Record<string, unknown>
interface Placed {
  section: Section
  position: number
}

function sectionsOf(content: Record<string, unknown> | undefined): Section[] {
  const sections = content?.sections
  return Array.isArray(sections) ? sections.filter(isRecord) : []
}

const sectionKey = (section: Section, index: number) =>
  typeof section._key === 'string' && section._key !== '' ? section._key : `#${index + 1}`

const str = (value: unknown) => (typeof value === 'string' ? value : undefined)

/** `{before, after}` of a text field, leaving out the sides where it is missing. */
function sides(before: Section | undefined, after: Section | undefined, field: string) {
  const [old, now] = [str(before?.[field]), str(after?.[field])]
  return {...(old !== undefined ? {before: old} : {}), ...(now !== undefined ? {after: now} : {})}
}

function sourceLabels(section: Section | undefined, lookup: DiffLookup): string[] {
  const sources = Array.isArray(section?.sources) ? section.sources : []
  return sources.map(refId).flatMap((id) => (id ? [lookup.label(id)] : []))
}

function citationLabels(body: unknown, lookup: DiffLookup): string[] {
  const labels = new Set<string>()
  for (const block of normalizeBlocks(body, new CitationNumbers())) {
    for (const def of block.markDefs) {
      if (def._type !== 'citation') continue
      if (!block.children.some((span) => span.marks.includes(def._key))) continue
      const title = lookup.label(def.sourceId)
      labels.add(def.locator ? `${title}, at “${def.locator}”` : title)
    }
  }
  return [...labels].sort()
}

/** What a reader sees of a body apart from its words: formatting, links and citations. */
function bodyShape(body: unknown): string {
  return JSON.stringify(
    normalizeBlocks(body, new CitationNumbers()).map((block) => {
      const defs = new Map(block.markDefs.map((def) => [def._key, def]))
      const markOf = (mark: string) => {
        const def = defs.get(mark)
        if (!def) return mark
        return def._type === 'link' ? `link:${def.href}` : `cite:${def.sourceId}`
      }
      return {
        style: block.style,
        listItem: block.listItem,
        level: block.level,
        children: block.children.map((span) => ({
          text: span.text,
          marks: span.marks.map(markOf).sort(),
        })),
      }
    }),
  )
}

const SECTION_FIELDS = new Set(['_key', '_type', 'heading', 'kind', 'body', 'sources'])
const otherSectionData = (section: Section | undefined) =>
  Object.fromEntries(Object.entries(section ?? {}).filter(([key]) => !SECTION_FIELDS.has(key)))

/** The parts of a section kept on both sides: what changed besides the words. */
function bothSides(
  before: Section,
  after: Section,
  base: Pick<SectionDiff, 'heading' | 'kind' | 'sources' | 'citations'>,
): Pick<SectionDiff, 'status' | 'lines' | 'formattingChanged' | 'otherChanged'> {
  const lines = diffBlocks(before.body, after.body)
  const wordsChanged = lines.some((line) => line.status !== 'same')
  const formattingChanged =
    !sameContent(before.body, after.body) &&
    !wordsChanged &&
    !listChanged(base.citations) &&
    bodyShape(before.body) !== bodyShape(after.body)
  const otherChanged = !sameContent(otherSectionData(before), otherSectionData(after))
  const changed =
    base.heading.before !== base.heading.after ||
    base.kind.before !== base.kind.after ||
    wordsChanged ||
    formattingChanged ||
    otherChanged ||
    listChanged(base.sources) ||
    listChanged(base.citations)
  return {status: changed ? 'changed' : 'unchanged', lines, formattingChanged, otherChanged}
}

function diffSection(
  key: string,
  old: Placed | undefined,
  now: Placed | undefined,
  moved: boolean,
  lookup: DiffLookup,
): SectionDiff {
  const [before, after] = [old?.section, now?.section]
  const base = {
    key,
    position: {...(old ? {before: old.position} : {}), ...(now ? {after: now.position} : {})},
    moved,
    heading: sides(before, after, 'heading'),
    kind: sides(before, after, 'kind'),
    sources: diffLists(sourceLabels(before, lookup), sourceLabels(after, lookup)),
    citations: diffLists(citationLabels(before?.body, lookup), citationLabels(after?.body, lookup)),
  }
  if (before && after) return {...base, ...bothSides(before, after, base)}
  return {
    ...base,
    status: before ? 'removed' : 'added',
    lines: diffBlocks(before?.body ?? [], after?.body ?? []),
    formattingChanged: false,
    otherChanged: false,
  }
}

/**
 * Sections matched by `_key`, in the new page's order with removed sections where they
 * used to be. A section counts as moved when it is not part of the longest run of
 * sections that kept their relative order (the fewest moves that explain the new order).
 */
export function diffSections(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  lookup: DiffLookup,
): SectionDiff[] {
  const index = (sections: Section[]) =>
    new Map(sections.map((section, i) => [sectionKey(section, i), {section, position: i + 1}]))
  const old = index(sectionsOf(before))
  const now = index(sectionsOf(after))
  const out: SectionDiff[] = []
  for (const change of diffArrays([...old.keys()], [...now.keys()])) {
    for (const key of change.value) {
      if (change.removed) {
        if (!now.has(key)) out.push(diffSection(key, old.get(key), undefined, false, lookup))
      } else {
        const moved = Boolean(change.added) && old.has(key)
        out.push(diffSection(key, old.get(key), now.get(key), moved, lookup))
      }
    }
  }
  return out
}

export const sectionTitle = (s: SectionDiff) =>
  s.heading.after ?? s.heading.before ?? 'Untitled section'
export const sectionPosition = (s: SectionDiff) => s.position.after ?? s.position.before ?? 0
