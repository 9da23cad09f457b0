import type {DiffLine} from './blockDiff.ts'
import {summarizeDiff} from './diffDocuments.ts'
import type {FieldChange} from './fieldDiff.ts'
import {escapeHtml as e} from './htmlPage.ts'
import type {ListChange} from './listDiff.ts'
import {type SectionDiff, sectionPosition, sectionTitle} from './sectionDiff.ts'
import type {Comparison, PageComparison, ShownComparison} from './types.ts'
import type {Segment} from './wordDiff.ts'

/** Comparisons as HTML: <ins> and <del> inside the text, a bar beside each changed paragraph. */

function segmentsHtml(segments: Segment[], highlight = true): string {
  return segments
    .map((s) => {
      if (s.type === 'same' || !highlight) return e(s.text)
      // Spaces stay outside the highlight, so a highlight starts and ends at a word.
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(s.text) ?? []
      const tag = s.type === 'added' ? 'ins' : 'del'
      return `${e(lead)}<${tag}>${e(core)}</${tag}>${e(trail)}`
    })
    .join('')
}

function lineHtml(line: DiffLine, highlight: boolean): string {
  const cls = highlight && line.status !== 'same' ? ` class="line-${line.status}"` : ''
  // A wholly added or removed line is one highlight, not a highlight per word.
  const text =
    highlight && (line.status === 'added' || line.status === 'removed')
      ? segmentsHtml([{type: line.status, text: line.segments.map((s) => s.text).join('')}])
      : segmentsHtml(line.segments, highlight)
  const was = line.formatBefore ? ` <span class="was">(was a ${e(line.formatBefore)})</span>` : ''
  if (line.listItem) {
    const level = Math.min(line.level ?? 1, 6)
    const classes = [cls ? `line-${line.status}` : '', level > 1 ? `level-${level}` : '']
      .filter(Boolean)
      .join(' ')
    return `<li${classes ? ` class="${classes}"` : ''}>${text}${was}</li>`
  }
  if (line.style === 'h3' || line.style === 'h4') return `<h5${cls}>${text}${was}</h5>`
  if (line.style === 'blockquote') return `<blockquote${cls}>${text}${was}</blockquote>`
  return `<p${cls}>${text}${was}</p>`
}

/**
 * Lines as paragraphs, sub-headings and lists; consecutive items of one kind of list share
 * a list, and deeper levels are indented items of it (a valid, flat list).
 */
function linesHtml(lines: DiffLine[], highlight: boolean): string {
  const out: string[] = []
  let open: 'ul' | 'ol' | undefined
  for (const line of lines) {
    const tag = line.listItem === 'number' ? 'ol' : line.listItem === 'bullet' ? 'ul' : undefined
    if (open && tag !== open) {
      out.push(`</${open}>`)
      open = undefined
    }
    if (tag && !open) {
      out.push(`<${tag}>`)
      open = tag
    }
    out.push(lineHtml(line, highlight))
  }
  if (open) out.push(`</${open}>`)
  return `<div class="body">\n${out.join('\n')}\n</div>`
}

/** One side of a diff as plain text: the approved version or the new one. */
function side(lines: DiffLine[], drop: 'added' | 'removed'): DiffLine[] {
  return lines
    .filter((line) => line.status !== drop)
    .map((line) => ({
      ...line,
      status: 'same' as const,
      formatBefore: undefined,
      segments: line.segments
        .filter((s) => s.type !== drop)
        .map((s) => ({type: 'same' as const, text: s.text})),
    }))
}

function versionsHtml(lines: DiffLine[]): string {
  return `<details class="version"><summary>Read the new text without marks</summary>${linesHtml(side(lines, 'removed'), false)}</details>
<details class="version"><summary>Read the approved text</summary>${linesHtml(side(lines, 'added'), false)}</details>`
}

function listHtml(change: ListChange, highlight: boolean): string {
  const items = [
    ...change.removed.map((item) => `<li>${highlight ? `<del>${e(item)}</del>` : e(item)}</li>`),
    ...change.added.map((item) => `<li>${highlight ? `<ins>${e(item)}</ins>` : e(item)}</li>`),
  ]
  return `<ul class="items">${items.join('')}</ul>`
}

function fieldHtml(field: FieldChange, highlight: boolean): string {
  let value: string
  switch (field.kind) {
    case 'value': {
      const before = field.before !== undefined ? `<del>${e(field.before)}</del>` : ''
      const after = field.after !== undefined ? `<ins>${e(field.after)}</ins>` : ''
      if (!highlight) value = e(field.after ?? '')
      else if (field.after === undefined) value = `${before} <span class="empty">(removed)</span>`
      else if (field.before === undefined)
        value = `<span class="empty">(empty)</span><span class="arrow">→</span>${after}`
      else value = `${before}<span class="arrow">→</span>${after}`
      break
    }
    case 'text':
      value = highlight ? segmentsHtml(field.segments) : e(field.after ?? '')
      break
    case 'list':
      value = listHtml(field, highlight)
      break
    case 'body':
      value = linesHtml(field.lines, highlight)
  }
  return `<tr><th scope="row">${e(field.label)}</th><td>${value}</td></tr>`
}

function sectionHtml(section: SectionDiff, highlight: boolean): string {
  const title = `<span class="num">${sectionPosition(section)}.</span> ${e(sectionTitle(section))}`
  if (section.status === 'unchanged' && !section.moved) {
    return `<details class="unchanged" id="section-${e(section.key)}"><summary>${title} <span class="status">unchanged</span></summary>${linesHtml(section.lines, false)}</details>`
  }
  const statuses: string[] = []
  if (section.status !== 'unchanged' && highlight) statuses.push(section.status)
  if (section.moved) statuses.push('moved')
  const badges = statuses.map((s) => `<span class="status ${s}">${s}</span>`).join(' ')
  const notes: string[] = []
  if (section.moved)
    notes.push(
      `<p>Moved from position ${section.position.before} to ${section.position.after}.</p>`,
    )
  if (highlight && section.heading.before !== section.heading.after && section.status === 'changed')
    notes.push(
      `<p>Heading: <del>${e(section.heading.before ?? '')}</del><span class="arrow">→</span><ins>${e(section.heading.after ?? '')}</ins></p>`,
    )
  if (highlight && section.kind.before !== section.kind.after && section.status === 'changed')
    notes.push(
      `<p>Kind of section: <del>${e(section.kind.before ?? '(none)')}</del><span class="arrow">→</span><ins>${e(section.kind.after ?? '(none)')}</ins></p>`,
    )
  const meta: string[] = []
  if (section.formattingChanged)
    meta.push('<p>Formatting or links changed; the wording is the same.</p>')
  if (section.otherChanged) meta.push('<p>Other data of this section changed.</p>')
  if (section.sources.added.length + section.sources.removed.length > 0)
    meta.push(`<p>Sources of this section:</p>${listHtml(section.sources, highlight)}`)
  if (section.citations.added.length + section.citations.removed.length > 0)
    meta.push(`<p>Cited in the text:</p>${listHtml(section.citations, highlight)}`)
  const kind = section.kind.after ?? section.kind.before
  if (!highlight && kind) meta.unshift(`<p>Kind of section: ${e(kind)}</p>`)
  return `<article class="section ${section.status}${section.moved ? ' moved' : ''}" id="section-${e(section.key)}">
<h4>${title} ${badges}</h4>
${notes.length > 0 ? `<div class="meta">${notes.join('')}</div>\n` : ''}${section.status === 'unchanged' ? '' : linesHtml(section.lines, highlight)}
${section.status === 'changed' && section.lines.some((l) => l.status !== 'same') ? versionsHtml(section.lines) : ''}
${meta.length > 0 ? `<div class="meta">${meta.join('')}</div>` : ''}
</article>`
}

function diffHtml(comparison: PageComparison): string {
  const {diff} = comparison
  const highlight = diff.hasBaseline
  const parts = [
    `<section class="comparison${highlight ? '' : ' new'}">`,
    `<h2>${e(comparison.title)}</h2>`,
  ]
  if (!highlight)
    parts.push(
      '<p class="intro">No medical reviewer has approved any version of this page, so there is nothing to compare with. Review all of it.</p>',
    )
  else if (!diff.changed) parts.push('<p class="intro">No changes.</p>')
  else
    parts.push(
      `<p class="changes"><strong>Changed:</strong> ${summarizeDiff(diff).map(e).join('; ')}.</p>`,
    )
  if (diff.fields.length > 0) {
    parts.push('<h3>Page fields</h3>', '<table class="fields">')
    for (const field of diff.fields) parts.push(fieldHtml(field, highlight))
    parts.push('</table>')
  }
  if (diff.sections.length > 0) {
    parts.push('<h3>Sections</h3>')
    for (const section of diff.sections) parts.push(sectionHtml(section, highlight))
  }
  parts.push('</section>')
  return parts.join('\n')
}

/** Each shown document that changed, with its changed fields as a table. */
function shownHtml(comparison: ShownComparison): string {
  const parts = ['<section class="comparison shown">', `<h2>${e(comparison.title)}</h2>`]
  for (const doc of comparison.documents) {
    parts.push(
      `<h4 id="shown-${e(doc.id)}">${e(doc.label)} <span class="status ${doc.status}">${e(doc.status)}</span></h4>`,
      `<p class="note">${e(doc.id)}: ${e(doc.note)}</p>`,
    )
    if (doc.status === 'removed' || doc.diff.fields.length === 0) continue
    parts.push('<table class="fields">')
    for (const field of doc.diff.fields) parts.push(fieldHtml(field, doc.diff.hasBaseline))
    parts.push('</table>')
  }
  parts.push('</section>')
  return parts.join('\n')
}

export function comparisonHtml(comparison: Comparison): string {
  return comparison.subject === 'shown' ? shownHtml(comparison) : diffHtml(comparison)
}
