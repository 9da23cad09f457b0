import type {ContentIssue} from '../types.ts'
import {sha256} from '../write/manifest.ts'
import {
  type DiffLine,
  type FieldChange,
  type ListChange,
  type SectionDiff,
  type Segment,
  summarizeDiff,
} from './diffDocuments.ts'
import type {Category, Comparison, DocumentReview, ReviewReport} from './reviewQueue.ts'

/**
 * The review report as static HTML: an index of the queue and one page per document. No
 * scripts at all (a Content-Security-Policy forbids them too), every piece of content
 * escaped, inline CSS only, and no clock: the same report gives the same bytes.
 */

export interface HtmlFile {
  path: string
  content: string
  documentId?: string
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}
const e = escapeHtml

/** `<id>.html`, or a safe stand-in for ids with characters a file name should not carry. */
export function pageFile(publishedId: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(publishedId) && publishedId.length <= 200)
    return `${publishedId}.html`
  const hash = sha256(publishedId).slice(0, 12)
  return `${publishedId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${hash}.html`
}

const TYPE_TITLES: Record<string, string> = {tumour: 'Tumour page', kitProduct: 'Kit product'}

export const COLOURS = {
  insBackground: '#c8f0d0',
  insText: '#0d3b1c',
  delBackground: '#ffd4d4',
  delText: '#6b0f0f',
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1d2430; font: 17px/1.6 Georgia, 'Times New Roman', serif; }
header.top, footer { font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #4a5568; }
header.top { background: #1f3a5f; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
header.top a { color: #fff; font-weight: 600; }
header.top .date { margin-left: auto; opacity: .85; }
main { max-width: 52rem; margin: 0 auto; padding: 24px 24px 48px; }
footer { max-width: 52rem; margin: 0 auto; padding: 0 24px 32px; }
h1, h2, h3, h4, h5, .badge, .facts, table.fields th, nav, .meta, .legend, .count, .status, .num, summary { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
h1 { font-size: 30px; line-height: 1.25; margin: 8px 0 12px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid #d5dbe3; }
h3 { font-size: 15px; text-transform: uppercase; letter-spacing: .06em; color: #4a5568; margin: 28px 0 10px; }
a { color: #1d4ed8; }
ins { background: ${COLOURS.insBackground}; color: ${COLOURS.insText}; text-decoration: none; border-radius: 3px; padding: 1px 2px; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
del { background: ${COLOURS.delBackground}; color: ${COLOURS.delText}; text-decoration: line-through; text-decoration-color: rgba(107, 15, 15, .6); border-radius: 3px; padding: 1px 2px; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.badge { display: inline-block; font-size: 13px; font-weight: 600; padding: 2px 10px; border-radius: 999px; margin: 0 6px 6px 0; background: #e2e8f0; color: #1d2430; }
.badge.awaitingReview { background: #dbeafe; color: #1e3a8a; }
.badge.changesRequested { background: #fef3c7; color: #78350f; }
.badge.overdue, .badge.publishedWithoutApproval, .badge.publishedDiffers { background: #fee2e2; color: #7f1d1d; }
.badge.approvedNotPublished { background: #dcfce7; color: #14532d; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; font-size: 15px; margin: 12px 0 16px; background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 12px 16px; }
.facts dt { color: #4a5568; }
.facts dd { margin: 0; }
.comment { background: #fffbeb; border-left: 4px solid #d97706; padding: 10px 16px; margin: 16px 0; border-radius: 0 8px 8px 0; }
.comment p { margin: 0 0 4px; }
.comment .who { font: 14px/1.5 system-ui, sans-serif; color: #78350f; }
.legend { font-size: 14px; color: #4a5568; }
.comparison > .intro { color: #4a5568; font-style: italic; }
.comparison > .changes { background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 10px 16px; }
table.fields { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; }
table.fields th { width: 13rem; text-align: left; vertical-align: top; font-size: 15px; font-weight: 600; padding: 10px 14px; border-bottom: 1px solid #e5e9ef; }
table.fields td { padding: 10px 14px; border-bottom: 1px solid #e5e9ef; }
table.fields tr:last-child th, table.fields tr:last-child td { border-bottom: 0; }
ul.items { margin: 0; padding-left: 1.2em; }
.arrow { color: #4a5568; padding: 0 6px; }
.empty { color: #6b7280; font-style: italic; }
article.section { background: #fff; border: 1px solid #d5dbe3; border-left: 6px solid #d5dbe3; border-radius: 8px; padding: 4px 20px 12px; margin: 0 0 16px; }
article.section.changed { border-left-color: #d97706; }
article.section.added { border-left-color: #16a34a; }
article.section.removed { border-left-color: #dc2626; }
article.section.moved { border-left-style: double; }
article.section h4 { font-size: 19px; margin: 12px 0 6px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.num { color: #6b7280; font-weight: 400; }
.status { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; padding: 1px 8px; border-radius: 4px; background: #e2e8f0; color: #334155; }
.status.changed { background: #fef3c7; color: #78350f; }
.status.added { background: #dcfce7; color: #14532d; }
.status.removed { background: #fee2e2; color: #7f1d1d; }
.status.moved { background: #e0e7ff; color: #312e81; }
.body p, .body li, .body h5, .body blockquote { margin: 8px 0; padding-left: 10px; border-left: 3px solid transparent; }
.body h5 { font-size: 17px; margin-top: 16px; }
.body ul, .body ol { margin: 8px 0; padding-left: 1.6em; }
.body blockquote { font-style: italic; color: #374151; }
.body .level-2 { margin-left: 1.5em; } .body .level-3 { margin-left: 3em; } .body .level-4, .body .level-5, .body .level-6 { margin-left: 4.5em; }
.body .line-added { border-left-color: #16a34a; }
.body .line-removed { border-left-color: #dc2626; }
.body .line-changed { border-left-color: #d97706; }
.was { font: 13px/1.4 system-ui, sans-serif; color: #6b7280; }
.meta { font-size: 14px; margin-top: 12px; border-top: 1px dashed #d5dbe3; padding-top: 8px; }
.meta p { margin: 4px 0; }
details.unchanged { background: #fff; border: 1px solid #e5e9ef; border-radius: 8px; padding: 6px 16px; margin: 0 0 10px; }
details.unchanged summary { cursor: pointer; font-size: 15px; color: #4a5568; }
details.version { margin: 8px 0 0; }
details.version summary { cursor: pointer; font: 14px/1.5 system-ui, sans-serif; color: #1d4ed8; }
details.version .body { background: #f8fafc; border-radius: 6px; padding: 2px 12px; margin-top: 6px; }
.new .body p, .new .body li { border-left-color: transparent; }
nav.summary ul { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 10px; }
nav.summary a { display: flex; justify-content: space-between; align-items: center; gap: 8px; background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 10px 14px; text-decoration: none; color: #1d2430; font-size: 15px; }
nav.summary a.none { color: #6b7280; }
.count { flex: none; display: inline-block; line-height: 1.6; min-width: 1.8em; text-align: center; font-weight: 700; border-radius: 999px; background: #1f3a5f; color: #fff; font-size: 13px; padding: 0 8px; }
.none .count { background: #cbd5e1; color: #1d2430; }
section.category .desc { color: #4a5568; margin-top: 0; }
ul.entries { list-style: none; padding: 0; margin: 0; }
ul.entries li { background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 10px 16px; margin-bottom: 8px; }
ul.entries .name { font: 600 18px/1.4 system-ui, sans-serif; }
ul.entries .type { font: 13px/1.4 system-ui, sans-serif; color: #6b7280; margin-left: 8px; }
ul.entries .detail { color: #374151; }
ul.entries .what { font: 14px/1.5 system-ui, sans-serif; color: #4a5568; }
ul.entries blockquote { margin: 6px 0 0; padding: 6px 12px; background: #fffbeb; border-left: 4px solid #d97706; }
.problems li { font: 14px/1.5 system-ui, sans-serif; }
`.trim()

function layout(title: string, today: string, body: string, back: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<header class="top">${back ? '<a href="index.html">← Review queue</a>' : '<span>Medical review</span>'}<span class="date">Report for ${e(today)}</span></header>
<main>
${body}
</main>
<footer>Generated by <code>npm run review</code> for ${e(today)}. Compare, then decide in the Studio.</footer>
</body>
</html>
`
}

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

const sectionTitle = (s: SectionDiff) => s.heading.after ?? s.heading.before ?? 'Untitled section'
const position = (s: SectionDiff) => s.position.after ?? s.position.before ?? 0

function sectionHtml(section: SectionDiff, highlight: boolean): string {
  const title = `<span class="num">${position(section)}.</span> ${e(sectionTitle(section))}`
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

function comparisonHtml(comparison: Comparison): string {
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

function documentPage(doc: DocumentReview, report: ReviewReport): string {
  const titles = new Map(report.categories.map((c) => [c.id, c.title]))
  const badges = doc.categories
    .map((c) => `<span class="badge ${c}">${e(titles.get(c) ?? c)}</span>`)
    .join('')
  const facts = [{label: 'Kind', value: TYPE_TITLES[doc.type] ?? doc.type}, ...doc.facts]
    .map((f) => `<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`)
    .join('')
  const parts = [`<h1>${e(doc.name)}</h1>`, `<p>${badges}</p>`, `<dl class="facts">${facts}</dl>`]
  const decision = doc.latestDecision
  if (decision?.decision === 'changesRequested') {
    parts.push(
      `<aside class="comment"><p>${e(decision.comment ?? '')}</p><div class="who">Changes requested by ${e(decision.reviewer)} on ${e(decision.decidedAt.slice(0, 10))}</div></aside>`,
    )
  }
  if (doc.comparisons.length === 0) {
    parts.push(
      '<p class="intro">There are no unreviewed changes: the published page is the approved revision.</p>',
    )
  } else if (doc.comparisons.some((c) => c.diff.hasBaseline)) {
    parts.push(
      '<p class="legend">Marked in the text: <ins>added</ins> <del>removed</del>. Each paragraph that changed has a bar on its left.</p>',
    )
  }
  for (const comparison of doc.comparisons) parts.push(comparisonHtml(comparison))
  return layout(
    `${doc.name} · Medical review ${report.today}`,
    report.today,
    parts.join('\n'),
    true,
  )
}

function categoryHtml(category: Category, documents: Map<string, DocumentReview>): string {
  const entries = category.entries.map((entry) => {
    const comment = entry.comment ? `<blockquote>${e(entry.comment)}</blockquote>` : ''
    const compared = documents.get(entry.publishedId)?.comparisons.find((c) => c.diff.hasBaseline)
    const changes = compared?.diff.changed
      ? `<div class="what">Changed: ${summarizeDiff(compared.diff).map(e).join('; ')}</div>`
      : ''
    return `<li><a class="name" href="${e(encodeURI(pageFile(entry.publishedId)))}">${e(entry.name)}</a><span class="type">${e(TYPE_TITLES[entry.type] ?? entry.type)} · ${e(entry.publishedId)}</span><div class="detail">${e(entry.detail)}</div>${changes}${comment}</li>`
  })
  return `<section class="category" id="${e(category.id)}">
<h2>${e(category.title)} <span class="count">${category.entries.length}</span></h2>
<p class="desc">${e(category.description)}</p>
${entries.length > 0 ? `<ul class="entries">\n${entries.join('\n')}\n</ul>` : '<p class="empty">None.</p>'}
</section>`
}

const issueHtml = (issue: ContentIssue) =>
  `<li><strong>${e(issue.level)}</strong> ${e([issue.documentId, issue.path || undefined].filter(Boolean).join(' › '))}: ${e(issue.message)}</li>`

function indexPage(report: ReviewReport, source: string | undefined): string {
  const nav = report.categories
    .map(
      (c) =>
        `<li><a href="#${e(c.id)}"${c.entries.length === 0 ? ' class="none"' : ''}>${e(c.title)} <span class="count">${c.entries.length}</span></a></li>`,
    )
    .join('\n')
  const parts = [
    '<h1>Medical review queue</h1>',
    `<p>Pages that need a medical reviewer, as of ${e(report.today)}${source ? `, from <code>${e(source)}</code>` : ''}.</p>`,
    `<nav class="summary" aria-label="Categories"><ul>\n${nav}\n</ul></nav>`,
    ...report.categories.map((c) =>
      categoryHtml(c, new Map(report.documents.map((d) => [d.publishedId, d]))),
    ),
  ]
  if (report.issues.length > 0) {
    parts.push(
      `<section class="problems" id="problems"><h2>Problems in the dataset <span class="count">${report.issues.length}</span></h2><ul>${report.issues.map(issueHtml).join('')}</ul></section>`,
    )
  }
  return layout(`Medical review queue ${report.today}`, report.today, parts.join('\n'), false)
}

/** index.html plus one page per listed document. */
export function renderHtml(report: ReviewReport, options: {source?: string} = {}): HtmlFile[] {
  return [
    {path: 'index.html', content: indexPage(report, options.source)},
    ...report.documents.map((doc) => ({
      path: pageFile(doc.publishedId),
      content: documentPage(doc, report),
      documentId: doc.publishedId,
    })),
  ]
}
