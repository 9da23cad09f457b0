import {CitationNumbers, type ExportBlock, normalizeBlocks} from '../transform/portableText.ts'
import {
  PARAGRAPH_BREAK,
  type Segment,
  type SegmentType,
  tidySegments,
  wordChanges,
} from './wordDiff.ts'

/** The word diff of two Portable Text bodies, line by line, each line keeping its block's formatting. */

export type LineStatus = 'same' | 'added' | 'removed' | 'changed'
/** One paragraph, list item or sub-heading of a text, with its words marked. */
export interface DiffLine {
  status: LineStatus
  style: ExportBlock['style']
  listItem?: ExportBlock['listItem']
  level?: number
  /** How the block was formatted before, when only that changed (e.g. "paragraph"). */
  formatBefore?: string
  segments: Segment[]
}

const JOIN = `\n${PARAGRAPH_BREAK}\n`

const isBlank = (text: string) => text.trim() === ''

function blockText(block: ExportBlock): string {
  return block.children
    .map((span) => span.text)
    .join('')
    .replaceAll(PARAGRAPH_BREAK, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export function describeFormat(block: {
  style: ExportBlock['style']
  listItem?: ExportBlock['listItem']
}): string {
  if (block.listItem === 'bullet') return 'bullet point'
  if (block.listItem === 'number') return 'numbered item'
  if (block.style === 'h3') return 'sub-heading'
  if (block.style === 'h4') return 'minor heading'
  if (block.style === 'blockquote') return 'quotation'
  return 'paragraph'
}

function lineStatus(segments: Segment[]): LineStatus | undefined {
  const types = new Set(segments.filter((s) => !isBlank(s.text)).map((s) => s.type))
  if (types.size === 0) return undefined
  if (types.size > 1) return 'changed'
  return types.has('added') ? 'added' : types.has('removed') ? 'removed' : 'same'
}

interface RawLine {
  segments: Segment[]
  oldIndex: number
  newIndex: number
  /** The kind of paragraph break that started this line. */
  startBreak?: SegmentType
}

/** The word changes of the joined texts, cut back into lines at the paragraph breaks. */
function rawLines(changes: Segment[]): RawLine[] {
  const raw: RawLine[] = []
  let oldIndex = 0
  let newIndex = 0
  let current: RawLine = {segments: [], oldIndex, newIndex}
  for (const {type, text} of changes) {
    text.split(PARAGRAPH_BREAK).forEach((part, index) => {
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
  return raw
}

/** A line with the formatting of its block (the new one where it has new words). */
function formatted(
  line: RawLine,
  segments: Segment[],
  status: LineStatus,
  blocks: {old: ExportBlock[]; new: ExportBlock[]},
): DiffLine {
  const hasNew = segments.some((s) => s.type !== 'removed' && !isBlank(s.text))
  const hasBoth = segments.some((s) => s.type === 'same' && !isBlank(s.text))
  const block = hasNew ? blocks.new[line.newIndex] : blocks.old[line.oldIndex]
  const out: DiffLine = {status, style: block?.style ?? 'normal', segments}
  if (block?.listItem) {
    out.listItem = block.listItem
    out.level = block.level ?? 1
  }
  const oldBlock = blocks.old[line.oldIndex]
  if (hasBoth && block && oldBlock) {
    const was = describeFormat(oldBlock)
    if (was !== describeFormat(block) || (oldBlock.level ?? 1) !== (block.level ?? 1)) {
      out.formatBefore = was
      out.status = 'changed'
    }
  }
  return out
}

/**
 * Word-level diff of two Portable Text bodies. The bodies are diffed as one text each
 * (blocks joined by a break token), then split back into lines, each keeping its block's
 * formatting, so an inserted paragraph shows as one added line and a rewritten sentence
 * as words removed and added inside its paragraph.
 */
export function diffBlocks(before: unknown, after: unknown): DiffLine[] {
  const blocks = {
    old: normalizeBlocks(before, new CitationNumbers()).filter((b) => blockText(b) !== ''),
    new: normalizeBlocks(after, new CitationNumbers()).filter((b) => blockText(b) !== ''),
  }
  if (blocks.old.length === 0 && blocks.new.length === 0) return []
  const changes = wordChanges(
    blocks.old.map(blockText).join(JOIN),
    blocks.new.map(blockText).join(JOIN),
  )
  const lines: DiffLine[] = []
  let previous: DiffLine | undefined
  for (const line of rawLines(changes)) {
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
    previous = formatted(line, segments, status, blocks)
    lines.push(previous)
  }
  return lines
}
