import type {ContentIssue} from '../types.ts'
import {
  type DiffLine,
  type FieldChange,
  type ListChange,
  type SectionDiff,
  type Segment,
  summarizeDiff,
} from './diffDocuments.ts'
import type {Comparison, DocumentReview, ReviewReport} from './reviewQueue.ts'

/**
 * The review report as terminal text. With colour (a TTY), removed words are red and struck
 * through and added words green; without it, as in CI logs, words are marked wdiff-style,
 * `[-removed-]{+added+}`. Lines start with + (added), - (removed), ~ (changed) or a space.
 */

export interface TextOptions {
  colour: boolean
  /** Wrap width in columns. */
  width?: number
  /** Where the dataset came from, for the heading. */
  source?: string
}

type Style = 'added' | 'removed' | 'bold' | 'dim' | 'heading' | 'plain'
const ANSI: Record<Style, [string, string]> = {
  added: ['\u001b[32m', '\u001b[39m'],
  removed: ['\u001b[31;9m', '\u001b[29;39m'],
  bold: ['\u001b[1m', '\u001b[22m'],
  heading: ['\u001b[1;4m', '\u001b[24;22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  plain: ['', ''],
}
const MARK: Partial<Record<Style, [string, string]>> = {
  added: ['{+', '+}'],
  removed: ['[-', '-]'],
}

const MARKER = {same: ' ', added: '+', removed: '-', changed: '~'} as const

// Control characters in content must not reach the terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of it
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
const clean = (text: string) => text.replace(CONTROL, '').replace(/\s+/g, ' ')

class Writer {
  readonly lines: string[] = []
  readonly colour: boolean
  readonly width: number
  constructor(colour: boolean, width: number) {
    this.colour = colour
    this.width = width
  }

  style(text: string, style: Style): string {
    if (style === 'plain' || text === '' || !this.colour) return text
    return `${ANSI[style][0]}${text}${ANSI[style][1]}`
  }

  line(text = ''): void {
    this.lines.push(text)
  }

  /**
   * Words wrapped to the width after `first` (the marker column), continuing under `indent`.
   * A changed run keeps its markers (or colour) across a line break.
   */
  wrap(first: string, indent: string, parts: {text: string; style: Style}[]): void {
    // Words, with null for a space; words with no space between (`[-by-]{+at+}`) stay glued.
    const atoms: (string | null)[] = []
    for (const {text, style} of parts) {
      const tokens = clean(text)
        .split(/( )/)
        .filter((t) => t !== '')
      const words = tokens.filter((t) => t !== ' ')
      const mark = this.colour ? undefined : MARK[style]
      let index = 0
      for (const token of tokens) {
        if (token === ' ') {
          if (atoms.length > 0 && atoms.at(-1) !== null) atoms.push(null)
          continue
        }
        let word = token
        if (mark && index === 0) word = mark[0] + word
        if (mark && index === words.length - 1) word += mark[1]
        atoms.push(this.style(word, style))
        index++
      }
    }
    const glued: string[] = []
    let space = true
    for (const atom of atoms) {
      if (atom === null) space = true
      else if (space || glued.length === 0) {
        glued.push(atom)
        space = false
      } else glued[glued.length - 1] += atom
    }
    let line = first
    let width = visible(first)
    let empty = true
    for (const word of glued) {
      const length = visible(word)
      if (!empty && width + 1 + length > this.width) {
        this.lines.push(line)
        line = indent + word
        width = visible(indent) + length
        continue
      }
      line += (empty ? '' : ' ') + word
      width += (empty ? 0 : 1) + length
      empty = false
    }
    this.lines.push(line.trimEnd())
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colour codes we wrote
const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length

const segmentParts = (segments: Segment[]) =>
  segments.map((s) => ({text: s.text, style: (s.type === 'same' ? 'plain' : s.type) as Style}))

function formatPrefix(line: DiffLine, number: number): string {
  const indent = '  '.repeat(Math.max(0, (line.level ?? 1) - 1))
  if (line.listItem === 'bullet') return `${indent}• `
  if (line.listItem === 'number') return `${indent}${number}. `
  if (line.style === 'h3') return '## '
  if (line.style === 'h4') return '### '
  if (line.style === 'blockquote') return '> '
  return ''
}

function writeLines(out: Writer, lines: DiffLine[], indent: string): void {
  let number = 0
  for (const line of lines) {
    number = line.listItem === 'number' ? number + (line.status === 'removed' ? 0 : 1) : 0
    const prefix = formatPrefix(line, Math.max(number, 1))
    const first = `${indent}${MARKER[line.status]} ${prefix}`
    const whole = line.status === 'added' || line.status === 'removed'
    const parts = segmentParts(line.segments)
    if (line.style === 'h3' || line.style === 'h4') {
      for (const part of parts) if (part.style === 'plain') part.style = 'bold'
    }
    // A wholly added or removed line says so with its marker; no need for word markers too.
    if (whole && !out.colour) for (const part of parts) part.style = 'plain'
    out.wrap(first, `${indent}  ${' '.repeat(prefix.length)}`, parts)
    if (line.formatBefore)
      out.line(`${indent}    ${out.style(`(was a ${line.formatBefore})`, 'dim')}`)
  }
}

function writeList(out: Writer, change: ListChange, indent: string): void {
  // The + or - in front says it all in plain text; colour repeats it for the eye.
  const style = (type: 'added' | 'removed'): Style => (out.colour ? type : 'plain')
  for (const item of change.removed)
    out.wrap(`${indent}- `, `${indent}  `, [{text: item, style: style('removed')}])
  for (const item of change.added)
    out.wrap(`${indent}+ `, `${indent}  `, [{text: item, style: style('added')}])
}

function writeField(out: Writer, field: FieldChange, baseline: boolean): void {
  const status = !baseline ? '+' : '~'
  const label = out.style(field.label, 'bold')
  switch (field.kind) {
    case 'value': {
      const parts: {text: string; style: Style}[] = []
      if (field.before !== undefined) parts.push({text: field.before, style: 'removed'})
      if (field.before !== undefined && field.after !== undefined)
        parts.push({text: ' → ', style: 'plain'})
      if (field.after !== undefined) parts.push({text: field.after, style: 'added'})
      if (!baseline) for (const part of parts) part.style = 'plain'
      out.wrap(`  ${field.after === undefined ? '-' : status} ${label}: `, '      ', parts)
      return
    }
    case 'text':
      out.line(`  ${field.after === undefined ? '-' : status} ${label}`)
      out.wrap(
        '      ',
        '      ',
        baseline ? segmentParts(field.segments) : [{text: field.after ?? '', style: 'plain'}],
      )
      return
    case 'list':
      out.line(`  ${status} ${label}`)
      writeList(out, field, '      ')
      return
    case 'body':
      out.line(`  ${status} ${label}`)
      writeLines(out, field.lines, '    ')
  }
}

const sectionTitle = (s: SectionDiff) => s.heading.after ?? s.heading.before ?? 'Untitled section'
const position = (s: SectionDiff) => s.position.after ?? s.position.before ?? 0

function writeSection(out: Writer, section: SectionDiff): void {
  const marker = {added: '+', removed: '-', changed: '~', unchanged: '↕'}[section.status]
  const notes: string[] = [section.status === 'unchanged' ? 'moved' : section.status]
  if (section.moved && section.status !== 'unchanged') notes.push('moved')
  if (section.moved)
    notes.push(`from position ${section.position.before} to ${section.position.after}`)
  out.line()
  out.line(
    `  ${marker} ${out.style(`${position(section)}. ${clean(sectionTitle(section))}`, 'heading')}  ${out.style(`(${notes.join(', ')})`, 'dim')}`,
  )
  if (section.status !== 'added' && section.status !== 'removed') {
    if (section.heading.before !== section.heading.after) {
      out.wrap('      Heading: ', '        ', [
        {text: section.heading.before ?? '(none)', style: 'removed'},
        {text: ' → ', style: 'plain'},
        {text: section.heading.after ?? '(none)', style: 'added'},
      ])
    }
    if (section.kind.before !== section.kind.after) {
      out.wrap('      Kind of section: ', '        ', [
        {text: section.kind.before ?? '(none)', style: 'removed'},
        {text: ' → ', style: 'plain'},
        {text: section.kind.after ?? '(none)', style: 'added'},
      ])
    }
  } else if (section.kind.after ?? section.kind.before) {
    out.line(
      `      ${out.style(`Kind of section: ${section.kind.after ?? section.kind.before}`, 'dim')}`,
    )
  }
  if (section.status !== 'unchanged') writeLines(out, section.lines, '    ')
  if (section.formattingChanged)
    out.line(`      ${out.style('Formatting or links changed; the wording is the same.', 'dim')}`)
  if (section.otherChanged)
    out.line(`      ${out.style('Other data of this section changed.', 'dim')}`)
  if (section.sources.added.length + section.sources.removed.length > 0) {
    out.line('      Sources of this section:')
    writeList(out, section.sources, '        ')
  }
  if (section.citations.added.length + section.citations.removed.length > 0) {
    out.line('      Cited in the text:')
    writeList(out, section.citations, '        ')
  }
}

function writeComparison(out: Writer, comparison: Comparison): void {
  const {diff} = comparison
  out.line()
  out.line(out.style(comparison.title, 'bold'))
  if (!diff.changed) {
    out.line('  No changes.')
    return
  }
  if (diff.hasBaseline)
    out.wrap('  Changed: ', '    ', [{text: `${summarizeDiff(diff).join('; ')}.`, style: 'plain'}])
  if (diff.fields.length > 0) {
    out.line()
    out.line('  Fields')
    for (const field of diff.fields) writeField(out, field, diff.hasBaseline)
  }
  const shown = diff.sections.filter((s) => s.status !== 'unchanged' || s.moved)
  const unchanged = diff.sections.filter((s) => s.status === 'unchanged' && !s.moved)
  if (shown.length > 0) {
    out.line()
    out.line('  Sections')
    for (const section of shown) writeSection(out, section)
  }
  if (unchanged.length > 0) {
    out.line()
    out.wrap(`  ${out.style('Unchanged sections:', 'dim')} `, '    ', [
      {text: unchanged.map((s) => `${position(s)}. ${sectionTitle(s)}`).join(', '), style: 'dim'},
    ])
  }
}

function writeDocument(out: Writer, doc: DocumentReview, titles: Map<string, string>): void {
  out.line()
  out.line(out.style(`━━ ${clean(doc.name)} [${doc.publishedId}] ━━`, 'bold'))
  out.line(doc.categories.map((c) => titles.get(c) ?? c).join(' · '))
  for (const fact of doc.facts.slice(1)) out.line(`  ${fact.label}: ${clean(fact.value)}`)
  if (doc.latestDecision?.decision === 'changesRequested') {
    const d = doc.latestDecision
    out.wrap('  Reviewer’s comment: ', '    ', [
      {text: `“${d.comment ?? ''}” (${d.reviewer}, ${d.decidedAt.slice(0, 10)})`, style: 'plain'},
    ])
  }
  for (const comparison of doc.comparisons) writeComparison(out, comparison)
}

const issueLine = (issue: ContentIssue) =>
  `${issue.level === 'error' ? '✗' : '!'} ${issue.level} ${[issue.documentId, issue.path || undefined].filter(Boolean).join(' › ')}: ${issue.message}`

export function renderText(report: ReviewReport, options: TextOptions): string {
  const out = new Writer(options.colour, options.width ?? 100)
  const titles = new Map(report.categories.map((c) => [c.id, c.title]))
  out.line(
    out.style(
      `Medical review queue for ${report.today}${options.source ? ` (${options.source})` : ''}`,
      'bold',
    ),
  )
  for (const category of report.categories) {
    out.line()
    out.line(out.style(`${category.title} (${category.entries.length})`, 'heading'))
    if (category.entries.length === 0) out.line(`  ${out.style('none', 'dim')}`)
    for (const entry of category.entries) {
      out.wrap('  • ', '    ', [
        {text: clean(entry.name), style: 'bold'},
        {text: ` [${entry.publishedId}]: ${entry.detail}`, style: 'plain'},
      ])
      if (entry.comment)
        out.wrap('      “', '       ', [{text: `${entry.comment}”`, style: 'plain'}])
    }
  }
  // Pages in queue order: what waits for a reviewer first, drafts in progress last.
  const byId = new Map(report.documents.map((doc) => [doc.publishedId, doc]))
  const order = new Set(report.categories.flatMap((c) => c.entries.map((e) => e.publishedId)))
  for (const id of order) {
    const doc = byId.get(id)
    if (doc && doc.comparisons.length > 0) writeDocument(out, doc, titles)
  }
  if (report.issues.length > 0) {
    out.line()
    out.line(out.style(`Problems (${report.issues.length})`, 'heading'))
    for (const issue of report.issues)
      out.wrap('  ', '    ', [{text: issueLine(issue), style: 'plain'}])
  }
  return `${out.lines.join('\n')}\n`
}
