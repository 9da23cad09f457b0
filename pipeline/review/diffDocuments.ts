import canonicalize from 'canonicalize'
import {diffArrays, diffWords} from 'diff'
import {CitationNumbers, type ExportBlock, normalizeBlocks} from '../transform/portableText.ts'
import {contentOf} from './contentHash.ts'

/**
 * What changed between two versions of a page, organised the way a medical reviewer reads
 * it: the page's fields, then its sections (matched by `_key`), and inside a changed section
 * the text word by word. Pure: references are named through the lookup the caller passes.
 */

export type SegmentType = 'same' | 'added' | 'removed'
export interface Segment {
  type: SegmentType
  text: string
}

export type LineStatus = 'same' | 'added' | 'removed' | 'changed'
/** One paragraph, list item or sub-heading of a text, with its words marked. */
export interface DiffLine {
  status: LineStatus
  style: ExportBlock['style']
  listItem?: 'bullet' | 'number'
  level?: number
  /** How the block was formatted before, when only that changed (e.g. "paragraph"). */
  formatBefore?: string
  segments: Segment[]
}

export interface ListChange {
  added: string[]
  removed: string[]
}

interface FieldBase {
  field: string
  label: string
}
export type FieldChange =
  | (FieldBase & {kind: 'text'; before?: string; after?: string; segments: Segment[]})
  | (FieldBase & {kind: 'value'; before?: string; after?: string})
  | (FieldBase & {kind: 'list'} & ListChange)
  | (FieldBase & {kind: 'body'; lines: DiffLine[]})

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
  /** Names of the kits offered on the page (kits whose `availableFor` names it). */
  kits?: string[]
}

export interface DiffLookup {
  /** A readable name for a referenced document: a source's title, a person's name … */
  label(id: string): string
  /** The field's title as the Studio shows it. */
  fieldTitle(type: string, field: string): string
  /** The fields of a type in the Studio's order; other fields follow alphabetically. */
  fieldOrder(type: string): readonly string[]
}

export const KITS_FIELD = 'kits'
const KITS_LABEL = 'Kits offered on this page'

// A private-use character marks block boundaries, so diffWords sees a paragraph break as a
// token of its own (plain whitespace would be ignored) and paragraphs stay recognisable.
const BREAK = '\uE000'
const JOIN = `\n${BREAK}\n`

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isBlank = (text: string) => text.trim() === ''

/** Word edits beyond which a text is treated as rewritten (about a thousand words changed). */
const MAX_EDITS = 2000

/** Canonical JSON with `_key`s removed: keys identify array items but are not content. */
function withoutKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKeys)
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) if (key !== '_key') out[key] = withoutKeys(item)
  return out
}
const sameContent = (a: unknown, b: unknown) =>
  canonicalize(withoutKeys(a)) === canonicalize(withoutKeys(b))

function blockText(block: ExportBlock): string {
  return block.children
    .map((span) => span.text)
    .join('')
    .replaceAll(BREAK, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export function describeFormat(block: {
  style: ExportBlock['style']
  listItem?: 'bullet' | 'number'
}): string {
  if (block.listItem === 'bullet') return 'bullet point'
  if (block.listItem === 'number') return 'numbered item'
  if (block.style === 'h3') return 'sub-heading'
  if (block.style === 'h4') return 'minor heading'
  if (block.style === 'blockquote') return 'quotation'
  return 'paragraph'
}

/** A piece of a word diff; unchanged pieces keep the old text too, whose spacing may differ. */
interface Piece extends Segment {
  old?: string
}

const size = (pieces: Piece[], type: SegmentType) =>
  pieces.reduce((sum, p) => sum + (p.type === type ? p.text.length : 0), 0)

/**
 * Merges each run of changes between two unchanged stretches into one removal and one
 * addition. The removal goes first, unless only the addition starts new paragraphs: then
 * the removed words belong to the last of them, next to the text that follows.
 */
function mergeRuns(pieces: Piece[]): Piece[] {
  const out: Piece[] = []
  let run: Piece[] = []
  const flush = () => {
    if (run.length === 0) return
    const removed = run
      .filter((p) => p.type === 'removed')
      .map((p) => p.text)
      .join('')
    const added = run
      .filter((p) => p.type === 'added')
      .map((p) => p.text)
      .join('')
    const parts: Piece[] = [
      {type: 'removed', text: removed},
      {type: 'added', text: added},
    ]
    if (added.includes(BREAK) && !removed.includes(BREAK)) parts.reverse()
    out.push(...parts.filter((p) => p.text !== ''))
    run = []
  }
  for (const piece of pieces) {
    if (piece.type !== 'same') {
      run.push(piece)
      continue
    }
    flush()
    const last = out.at(-1)
    if (last?.type === 'same') {
      last.text += piece.text
      last.old = (last.old ?? '') + (piece.old ?? piece.text)
    } else out.push({...piece})
  }
  flush()
  return out
}

const nonSpace = (text: string) => text.replace(/\s+/g, '').length

/** The next `count` non-space characters of `text` from `from`, with the spaces before them. */
function take(text: string, from: number, count: number): [string, number] {
  let end = from
  let seen = 0
  while (end < text.length && seen < count) {
    if (!/\s/.test(text[end] ?? '')) seen++
    end++
  }
  return [text.slice(from, end), end]
}

/**
 * diffWords compares words and ignores spacing, and its unchanged pieces carry the new
 * text's spacing. Each piece is cut again from the texts themselves, so that the old side
 * reads exactly as it was ("pigment cells", not "pigmentcells").
 */
function realign(before: string, after: string): Piece[] {
  let oldAt = 0
  let newAt = 0
  const pieces: Piece[] = []
  // A bound on the work: past it, the texts are shown as replaced wholesale (deterministic,
  // unlike a timeout, so the report stays byte-identical).
  const changes = diffWords(before, after, {maxEditLength: MAX_EDITS}) ?? [
    {value: before, added: false, removed: true, count: 0},
    {value: after, added: true, removed: false, count: 0},
  ]
  for (const change of changes) {
    const count = nonSpace(change.value)
    if (change.added) {
      const [text, next] = take(after, newAt, count)
      newAt = next
      pieces.push({type: 'added', text})
    } else if (change.removed) {
      const [text, next] = take(before, oldAt, count)
      oldAt = next
      pieces.push({type: 'removed', text})
    } else {
      const [old, nextOld] = take(before, oldAt, count)
      const [text, nextNew] = take(after, newAt, count)
      oldAt = nextOld
      newAt = nextNew
      pieces.push({type: 'same', text, old})
    }
  }
  return pieces
}

/**
 * diffWords, then a semantic clean-up after diff-match-patch's: an unchanged stretch at most
 * half as long as the changes on both sides of it (" a ", " and ") is folded into them, so a rewritten
 * sentence reads as old words out, new words in, rather than confetti. Unchanged stretches
 * holding a paragraph break are kept, so paragraphs stay aligned.
 */
export function wordChanges(before: string, after: string): Segment[] {
  let pieces = mergeRuns(realign(before, after))
  for (let folded = true; folded; ) {
    folded = false
    for (const [index, piece] of pieces.entries()) {
      if (piece.type !== 'same' || piece.text.includes(BREAK)) continue
      const previous = pieces.slice(0, index)
      const start = previous.findLastIndex((p) => p.type === 'same') + 1
      const following = pieces.slice(index + 1)
      const end = following.findIndex((p) => p.type === 'same')
      const ahead = previous.slice(start)
      const behind = end === -1 ? following : following.slice(0, end)
      if (ahead.length === 0 || behind.length === 0) continue
      // Twice as long: stricter than diff-match-patch, so "the main" survives between
      // "[-is-] {+and radiotherapy are+}" and "[-treatment-]{+treatments+}".
      const length = 2 * piece.text.trim().length
      if (
        length <= Math.max(size(ahead, 'added'), size(ahead, 'removed')) &&
        length <= Math.max(size(behind, 'added'), size(behind, 'removed'))
      ) {
        pieces = mergeRuns([
          ...previous,
          {type: 'removed', text: piece.old ?? piece.text},
          {type: 'added', text: piece.text},
          ...following,
        ])
        folded = true
        break
      }
    }
  }
  return pieces.map(({type, text}) => ({type, text}))
}

interface RawLine {
  segments: Segment[]
  oldIndex: number
  newIndex: number
  /** The kind of paragraph break that started this line. */
  startBreak?: SegmentType
}

function tidySegments(segments: Segment[]): Segment[] {
  const out: Segment[] = []
  const push = (type: SegmentType, text: string) => {
    if (text === '') return
    const last = out.at(-1)
    if (last && last.type === type) last.text += text
    else out.push({type, text})
  }
  for (const segment of segments) {
    // Spaces that came or went are not a change a reader sees, so a change starts and ends
    // at a word: "[-by-] {+at+}".
    const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(segment.text) ?? []
    push('same', lead)
    push(segment.type, core)
    push('same', trail)
  }
  const first = out[0]
  if (first) first.text = first.text.trimStart()
  const last = out.at(-1)
  if (last) last.text = last.text.trimEnd()
  return out.filter((segment) => segment.text !== '')
}

function lineStatus(segments: Segment[]): LineStatus | undefined {
  const types = new Set(segments.filter((s) => !isBlank(s.text)).map((s) => s.type))
  if (types.size === 0) return undefined
  if (types.size > 1) return 'changed'
  return types.has('added') ? 'added' : types.has('removed') ? 'removed' : 'same'
}

/**
 * Word-level diff of two Portable Text bodies. The bodies are diffed as one text each
 * (blocks joined by a break token), then split back into lines, each keeping its block's
 * formatting, so an inserted paragraph shows as one added line and a rewritten sentence
 * as words removed and added inside its paragraph.
 */
export function diffBlocks(before: unknown, after: unknown): DiffLine[] {
  const oldBlocks = normalizeBlocks(before, new CitationNumbers()).filter(
    (b) => blockText(b) !== '',
  )
  const newBlocks = normalizeBlocks(after, new CitationNumbers()).filter((b) => blockText(b) !== '')
  if (oldBlocks.length === 0 && newBlocks.length === 0) return []
  const changes = wordChanges(
    oldBlocks.map(blockText).join(JOIN),
    newBlocks.map(blockText).join(JOIN),
  )

  const raw: RawLine[] = []
  let oldIndex = 0
  let newIndex = 0
  let current: RawLine = {segments: [], oldIndex, newIndex}
  for (const {type, text} of changes) {
    text.split(BREAK).forEach((part, index) => {
      if (index > 0) {
        if (type !== 'added') oldIndex++
        if (type !== 'removed') newIndex++
        raw.push(current)
        current = {segments: [], oldIndex, newIndex, startBreak: type}
      }
      if (part !== '') current.segments.push({type, text: part})
    })
  }
  raw.push(current)

  const lines: DiffLine[] = []
  let previous: DiffLine | undefined
  for (const line of raw) {
    const segments = tidySegments(line.segments)
    const status = lineStatus(segments)
    if (!status) continue
    // Two paragraphs joined into one: keep one line and show the removed break.
    if (
      previous &&
      line.startBreak === 'removed' &&
      status !== 'removed' &&
      previous.status !== 'removed'
    ) {
      previous.segments = tidySegments([
        ...previous.segments,
        {type: 'removed', text: ' ¶ '},
        ...segments,
      ])
      previous.status = 'changed'
      continue
    }
    // One paragraph split in two: mark where the new break is.
    if (
      previous &&
      line.startBreak === 'added' &&
      status !== 'added' &&
      previous.status !== 'added'
    ) {
      previous.segments.push({type: 'same', text: ' '}, {type: 'added', text: '¶'})
      previous.status = 'changed'
    }
    const hasNew = segments.some((s) => s.type !== 'removed' && !isBlank(s.text))
    const hasBoth = segments.some((s) => s.type === 'same' && !isBlank(s.text))
    const block = hasNew ? newBlocks[line.newIndex] : oldBlocks[line.oldIndex]
    const out: DiffLine = {status, style: block?.style ?? 'normal', segments}
    if (block?.listItem) {
      out.listItem = block.listItem
      out.level = block.level ?? 1
    }
    const oldBlock = oldBlocks[line.oldIndex]
    if (hasBoth && block && oldBlock) {
      const was = describeFormat(oldBlock)
      if (was !== describeFormat(block) || (oldBlock.level ?? 1) !== (block.level ?? 1)) {
        out.formatBefore = was
        out.status = 'changed'
      }
    }
    lines.push(out)
    previous = out
  }
  return lines
}

/** Word-level diff of two plain strings. */
export function diffText(before: string, after: string): Segment[] {
  return tidySegments(wordChanges(before, after))
}

export function diffLists(before: readonly string[], after: readonly string[]): ListChange {
  const old = new Set(before)
  const now = new Set(after)
  return {
    added: [...now].filter((item) => !old.has(item)),
    removed: [...old].filter((item) => !now.has(item)),
  }
}

const listChanged = (change: ListChange) => change.added.length > 0 || change.removed.length > 0

function refId(value: unknown): string | undefined {
  return isRecord(value) && typeof value._ref === 'string' ? value._ref : undefined
}

/** How a single array item or object reads in the report. */
function itemLabel(value: unknown, lookup: DiffLookup): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const ref = refId(value)
  if (ref) return lookup.label(ref)
  if (isRecord(value)) {
    if (value._type === 'medicalCode') return `${value.system ?? '?'} ${value.code ?? '?'}`.trim()
    if (value._type === 'slug' && typeof value.current === 'string') return value.current
    if (value._type === 'callToAction')
      return `${value.label ?? ''} → ${value.url ?? ''}`.replace(/^ → | → $/g, '')
    const {_type: _ignoredType, ...rest} = withoutKeys(value) as Record<string, unknown>
    return canonicalize(rest) ?? ''
  }
  return canonicalize(value) ?? ''
}

const isBlocks = (value: unknown): value is unknown[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((item) => isRecord(item) && item._type === 'block')

/** Prose gets a word diff; short values (names, dates, codes) read better as before → after. */
const isProse = (text: string | undefined) => (text?.trim().split(/\s+/).length ?? 0) >= 4

function fieldChange(
  field: string,
  label: string,
  before: unknown,
  after: unknown,
  lookup: DiffLookup,
): FieldChange | undefined {
  if (sameContent(before, after)) return undefined
  if (isBlocks(before) || isBlocks(after)) {
    return {field, label, kind: 'body', lines: diffBlocks(before ?? [], after ?? [])}
  }
  if (Array.isArray(before) || Array.isArray(after)) {
    const labels = (value: unknown) =>
      Array.isArray(value) ? value.map((item) => itemLabel(item, lookup)) : []
    const change = diffLists(labels(before), labels(after))
    // Same items in another order: worth saying, since order is what readers see.
    if (!listChanged(change)) {
      return {
        field,
        label,
        kind: 'value',
        before: labels(before).join(', '),
        after: labels(after).join(', '),
      }
    }
    return {field, label, kind: 'list', ...change}
  }
  const text = (value: unknown) => (value === undefined ? undefined : itemLabel(value, lookup))
  const [old, now] = [text(before), text(after)]
  if (typeof before !== 'object' && typeof after !== 'object' && (isProse(old) || isProse(now))) {
    return {
      field,
      label,
      kind: 'text',
      ...(old !== undefined ? {before: old} : {}),
      ...(now !== undefined ? {after: now} : {}),
      segments: diffText(old ?? '', now ?? ''),
    }
  }
  return {
    field,
    label,
    kind: 'value',
    ...(old !== undefined ? {before: old} : {}),
    ...(now !== undefined ? {after: now} : {}),
  }
}

function sectionsOf(content: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const sections = content?.sections
  return Array.isArray(sections) ? sections.filter(isRecord) : []
}

const sectionKey = (section: Record<string, unknown>, index: number) =>
  typeof section._key === 'string' && section._key !== '' ? section._key : `#${index + 1}`

const str = (value: unknown) => (typeof value === 'string' ? value : undefined)

function sourceLabels(section: Record<string, unknown> | undefined, lookup: DiffLookup): string[] {
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
      return {
        style: block.style,
        listItem: block.listItem,
        level: block.level,
        children: block.children.map((span) => ({
          text: span.text,
          marks: span.marks
            .map((mark) => {
              const def = defs.get(mark)
              if (!def) return mark
              return def._type === 'link' ? `link:${def.href}` : `cite:${def.sourceId}`
            })
            .sort(),
        })),
      }
    }),
  )
}

const SECTION_FIELDS = new Set(['_key', '_type', 'heading', 'kind', 'body', 'sources'])
const otherSectionData = (section: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(section ?? {}).filter(([key]) => !SECTION_FIELDS.has(key)))

function diffSection(
  key: string,
  old: {section: Record<string, unknown>; position: number} | undefined,
  now: {section: Record<string, unknown>; position: number} | undefined,
  moved: boolean,
  lookup: DiffLookup,
): SectionDiff {
  const before = old?.section
  const after = now?.section
  const heading = {
    ...(str(before?.heading) !== undefined ? {before: str(before?.heading)} : {}),
    ...(str(after?.heading) !== undefined ? {after: str(after?.heading)} : {}),
  }
  const kind = {
    ...(str(before?.kind) !== undefined ? {before: str(before?.kind)} : {}),
    ...(str(after?.kind) !== undefined ? {after: str(after?.kind)} : {}),
  }
  const position = {
    ...(old ? {before: old.position} : {}),
    ...(now ? {after: now.position} : {}),
  }
  const sources = diffLists(sourceLabels(before, lookup), sourceLabels(after, lookup))
  const citations = diffLists(
    citationLabels(before?.body, lookup),
    citationLabels(after?.body, lookup),
  )
  const base = {key, position, moved, heading, kind, sources, citations}
  if (!before || !after) {
    return {
      ...base,
      status: before ? 'removed' : 'added',
      lines: diffBlocks(before?.body ?? [], after?.body ?? []),
      formattingChanged: false,
      otherChanged: false,
    }
  }
  const unchangedText = sameContent(before.body, after.body)
  const lines = diffBlocks(before.body, after.body)
  const wordsChanged = lines.some((line) => line.status !== 'same')
  const formattingChanged =
    !unchangedText &&
    !wordsChanged &&
    !listChanged(citations) &&
    bodyShape(before.body) !== bodyShape(after.body)
  const otherChanged = !sameContent(otherSectionData(before), otherSectionData(after))
  const changed =
    heading.before !== heading.after ||
    kind.before !== kind.after ||
    wordsChanged ||
    formattingChanged ||
    otherChanged ||
    listChanged(sources) ||
    listChanged(citations)
  return {
    ...base,
    status: changed ? 'changed' : 'unchanged',
    lines,
    formattingChanged,
    otherChanged,
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
  const index = (sections: Record<string, unknown>[]) =>
    new Map(sections.map((section, i) => [sectionKey(section, i), {section, position: i + 1}]))
  const old = index(sectionsOf(before))
  const now = index(sectionsOf(after))
  const oldKeys = [...old.keys()]
  const newKeys = [...now.keys()]
  const out: SectionDiff[] = []
  for (const change of diffArrays(oldKeys, newKeys)) {
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

/**
 * Compares a page with the version it is checked against (for example the last approved
 * snapshot). With no `before`, everything in `after` is new.
 */
export function diffDocuments(
  before: DocumentView | undefined,
  after: DocumentView,
  lookup: DiffLookup,
): DocumentDiff {
  const type = str(after.content._type) ?? str(before?.content._type) ?? ''
  const oldContent = before ? contentOf(before.content) : {}
  const newContent = contentOf(after.content)
  const known = lookup.fieldOrder(type)
  const present = new Set([...Object.keys(oldContent), ...Object.keys(newContent)])
  present.delete('_type')
  present.delete('sections')
  const order = [
    ...known.filter((field) => present.has(field)),
    ...[...present].filter((field) => !known.includes(field)).sort(),
  ]
  const fields: FieldChange[] = []
  for (const field of order) {
    const change = fieldChange(
      field,
      lookup.fieldTitle(type, field),
      oldContent[field],
      newContent[field],
      lookup,
    )
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
