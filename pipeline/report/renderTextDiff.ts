import type {DiffLine} from './blockDiff.ts'
import {type DocumentDiff, summarizeDiff} from './diffDocuments.ts'
import type {FieldChange} from './fieldDiff.ts'
import type {ListChange} from './listDiff.ts'
import {type SectionDiff, sectionPosition, sectionTitle} from './sectionDiff.ts'
import {clean, type Style, type Writer} from './textWriter.ts'
import type {Comparison, ShownComparison} from './types.ts'
import type {Segment} from './wordDiff.ts'

/**
 * Comparisons as terminal text. Lines start with + (added), - (removed), ~ (changed) or a
 * space; words inside a changed line are marked by the writer (colour or wdiff marks).
 */

const MARKER = {same: ' ', added: '+', removed: '-', changed: '~'} as const

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

export function writeField(
  out: Writer,
  field: FieldChange,
  baseline: boolean,
  indent = '  ',
): void {
  const status = !baseline ? '+' : '~'
  const label = out.style(field.label, 'bold')
  const [deeper, body] = [`${indent}    `, `${indent}  `]
  switch (field.kind) {
    case 'value': {
      const parts: {text: string; style: Style}[] = []
      if (field.before !== undefined) parts.push({text: field.before, style: 'removed'})
      if (field.before !== undefined && field.after !== undefined)
        parts.push({text: ' → ', style: 'plain'})
      if (field.after !== undefined) parts.push({text: field.after, style: 'added'})
      if (!baseline) for (const part of parts) part.style = 'plain'
      out.wrap(`${indent}${field.after === undefined ? '-' : status} ${label}: `, deeper, parts)
      return
    }
    case 'text':
      out.line(`${indent}${field.after === undefined ? '-' : status} ${label}`)
      out.wrap(
        deeper,
        deeper,
        baseline ? segmentParts(field.segments) : [{text: field.after ?? '', style: 'plain'}],
      )
      return
    case 'list':
      out.line(`${indent}${status} ${label}`)
      writeList(out, field, deeper)
      return
    case 'body':
      out.line(`${indent}${status} ${label}`)
      writeLines(out, field.lines, body)
  }
}

function writeSection(out: Writer, section: SectionDiff): void {
  const marker = {added: '+', removed: '-', changed: '~', unchanged: '↕'}[section.status]
  const notes: string[] = [section.status === 'unchanged' ? 'moved' : section.status]
  if (section.moved && section.status !== 'unchanged') notes.push('moved')
  if (section.moved)
    notes.push(`from position ${section.position.before} to ${section.position.after}`)
  out.line()
  out.line(
    `  ${marker} ${out.style(`${sectionPosition(section)}. ${clean(sectionTitle(section))}`, 'heading')}  ${out.style(`(${notes.join(', ')})`, 'dim')}`,
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

function writeDiff(out: Writer, diff: DocumentDiff): void {
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
      {
        text: unchanged.map((s) => `${sectionPosition(s)}. ${sectionTitle(s)}`).join(', '),
        style: 'dim',
      },
    ])
  }
}

/** Each shown document that changed: its name and what happened, then its changed fields. */
function writeShown(out: Writer, comparison: ShownComparison): void {
  const marker = {changed: '~', added: '+', removed: '-'} as const
  for (const doc of comparison.documents) {
    out.line()
    out.wrap(`  ${marker[doc.status]} `, '    ', [
      {text: clean(doc.label), style: 'bold'},
      {text: ` [${doc.id}]: ${doc.note}`, style: 'plain'},
    ])
    if (doc.status === 'removed') continue
    for (const field of doc.diff.fields) writeField(out, field, doc.diff.hasBaseline, '      ')
  }
}

export function writeComparison(out: Writer, comparison: Comparison): void {
  out.line()
  out.line(out.style(comparison.title, 'bold'))
  if (comparison.subject === 'shown') writeShown(out, comparison)
  else writeDiff(out, comparison.diff)
}
