import {diffWords} from 'diff'

/**
 * A word diff for prose, as a reader compares two versions: spacing kept as each version
 * wrote it, a rewritten sentence shown as old words out and new words in, and paragraph
 * breaks (PARAGRAPH_BREAK) kept aligned. Knows nothing about documents.
 */

export type SegmentType = 'same' | 'added' | 'removed'
export interface Segment {
  type: SegmentType
  text: string
}

/**
 * A private-use character that marks a paragraph break, so diffWords sees the break as a token
 * of its own (plain whitespace would be ignored) and paragraphs stay recognisable.
 */
export const PARAGRAPH_BREAK = '\uE000'

/** Word edits beyond which a text is treated as rewritten (about a thousand words changed). */
const MAX_EDITS = 2000

/** A piece of a word diff; unchanged pieces keep the old text too, whose spacing may differ. */
interface Piece extends Segment {
  old?: string
}

const size = (pieces: Piece[], type: SegmentType) =>
  pieces.reduce((sum, p) => sum + (p.type === type ? p.text.length : 0), 0)

const joined = (pieces: Piece[], type: SegmentType) =>
  pieces
    .filter((p) => p.type === type)
    .map((p) => p.text)
    .join('')

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
    const [removed, added] = [joined(run, 'removed'), joined(run, 'added')]
    const parts: Piece[] = [
      {type: 'removed', text: removed},
      {type: 'added', text: added},
    ]
    if (added.includes(PARAGRAPH_BREAK) && !removed.includes(PARAGRAPH_BREAK)) parts.reverse()
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

/** The index of an unchanged stretch worth folding into the changes around it, if any. */
function foldable(pieces: Piece[]): number {
  for (const [index, piece] of pieces.entries()) {
    if (piece.type !== 'same' || piece.text.includes(PARAGRAPH_BREAK)) continue
    const previous = pieces.slice(0, index)
    const ahead = previous.slice(previous.findLastIndex((p) => p.type === 'same') + 1)
    const following = pieces.slice(index + 1)
    const end = following.findIndex((p) => p.type === 'same')
    const behind = end === -1 ? following : following.slice(0, end)
    if (ahead.length === 0 || behind.length === 0) continue
    // Twice as long: stricter than diff-match-patch, so "the main" survives between
    // "[-is-] {+and radiotherapy are+}" and "[-treatment-]{+treatments+}".
    const length = 2 * piece.text.trim().length
    if (
      length <= Math.max(size(ahead, 'added'), size(ahead, 'removed')) &&
      length <= Math.max(size(behind, 'added'), size(behind, 'removed'))
    )
      return index
  }
  return -1
}

/**
 * diffWords, then a semantic clean-up after diff-match-patch's: an unchanged stretch at most
 * half as long as the changes on both sides of it (" a ", " and ") is folded into them, so a
 * rewritten sentence reads as old words out, new words in, rather than confetti. Unchanged
 * stretches holding a paragraph break are kept, so paragraphs stay aligned.
 */
export function wordChanges(before: string, after: string): Segment[] {
  let pieces = mergeRuns(realign(before, after))
  for (let index = foldable(pieces); index !== -1; index = foldable(pieces)) {
    const piece = pieces[index] as Piece
    pieces = mergeRuns([
      ...pieces.slice(0, index),
      {type: 'removed', text: piece.old ?? piece.text},
      {type: 'added', text: piece.text},
      ...pieces.slice(index + 1),
    ])
  }
  return pieces.map(({type, text}) => ({type, text}))
}

/**
 * Segments whose changes start and end at a word: spaces that came or went are not a change a
 * reader sees ("[-by-] {+at+}"), and the text is trimmed at both ends.
 */
export function tidySegments(segments: Segment[]): Segment[] {
  const out: Segment[] = []
  const push = (type: SegmentType, text: string) => {
    if (text === '') return
    const last = out.at(-1)
    if (last && last.type === type) last.text += text
    else out.push({type, text})
  }
  for (const segment of segments) {
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

/** Word-level diff of two plain strings. */
export function diffText(before: string, after: string): Segment[] {
  return tidySegments(wordChanges(before, after))
}
