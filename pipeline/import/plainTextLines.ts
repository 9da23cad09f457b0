import {knownSectionKind} from './sectionKind.ts'

/** A non-blank line of a plain-text page. */
export interface Line {
  /** 1-based line number in the file. */
  n: number
  /** The line with tabs expanded and trailing space removed; indentation matters for lists. */
  raw: string
  /** Trimmed, with runs of whitespace collapsed: what the classifiers look at. */
  text: string
  /** Whether a blank line (or the start of the file) comes before it. */
  first: boolean
}

export function toLines(text: string): Line[] {
  const lines: Line[] = []
  let afterBlank = true
  for (const [index, source] of text.split(/\r\n|\r|\n/).entries()) {
    const raw = source
      .replace(/\t/g, '    ')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
      .trimEnd()
    const flat = raw.trim().replace(/\s+/g, ' ')
    if (flat === '') {
      afterBlank = true
      continue
    }
    lines.push({n: index + 1, raw, text: flat, first: afterBlank})
    afterBlank = false
  }
  return lines
}

// Regexes here run on lines of any length. A pattern that can start anywhere must not rescan
// a long run from each of its characters: brackets and parentheses are left out of the
// link's parts, and `(?<!x)x+` lets only the first character of a run start a match.

/** The words of a line without Markdown leftovers: `## `, `**…**`, `[text](url)`. */
export function bareText(text: string): string {
  return text
    .replace(/^#{1,6}\s+/, '')
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/^__(.*)__$/, '$1')
    .replace(/^\*(?!\s)(.*)\*$/, '$1')
    .trim()
}

/** Lower case without accents or punctuation, for comparing names. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** `Tumour` → '', `Tumour: Leiomyosarcoma` → the name, anything else → undefined. */
export function labelName(line: Line): string | undefined {
  const match = /^tumou?r(?:\s+(?:type|page))?\s*(?::\s*(.*))?$/i.exec(bareText(line.text))
  return match ? (match[1] ?? '').trim() : undefined
}

/** `is available for Leiomyosarcoma` → the tumour name ('' when none); otherwise undefined. */
export function availableFor(line: Line | undefined): string | undefined {
  if (!line) return undefined
  const match = /^(?:(?:is|are)\s+)?(?:now\s+)?available\s+for\b:?\s*(.*)$/i.exec(
    bareText(line.text),
  )
  return match ? (match[1] ?? '').replace(/(?<![\s.!])[\s.!]+$/, '') : undefined
}

export function isSourceLine(line: Line): boolean {
  return /^sources?\s*(?::|\s[–—-]\s)/i.test(bareText(line.text))
}

export function isListItem(text: string): boolean {
  return /^(?:[-*+•·▪◦‣]|\d{1,3}[.)])\s+/.test(text)
}

export function headingText(line: Line): string {
  return bareText(line.text).replace(/(?<!\s)\s*:$/, '')
}

// A short line ending like this is the start of a sentence ("Common signs include"), not a title.
const OPEN_ENDING =
  /\s(?:include|includes|including|are|is|was|were|the|a|an|of|and|or|to|with|for|in|as|by|from|on)$/i

/**
 * Short, no closing punctuation, not a list item or a link: it could be a section heading,
 * if text follows. Known headings ("signs and symptoms") may be lower-case.
 */
export function isHeadingShaped(line: Line): boolean {
  const text = headingText(line)
  if (text === '' || isListItem(line.text) || /\]\(/.test(line.text)) return false
  if (text.length > 60 || text.split(' ').length > 8 || /[.!?;,…]$/.test(text)) return false
  if (knownSectionKind(text)) return true
  return /^[\p{Lu}\p{N}]/u.test(text) && !OPEN_ENDING.test(text)
}

export function startsLowercase(line: Line): boolean {
  return /^\p{Ll}/u.test(line.text)
}
