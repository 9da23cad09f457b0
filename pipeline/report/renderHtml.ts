import type {ContentIssue} from '../types.ts'
import {summarizeDiff} from './diffDocuments.ts'
import {escapeHtml as e, type HtmlFile, layout, pageFile, typeTitle} from './htmlPage.ts'
import {comparisonHtml} from './renderHtmlDiff.ts'
import {keyringLine} from './renderText.ts'
import type {Category, DocumentReview, ReviewReport} from './types.ts'

/** The review report as static HTML: an index of the queue and one page per listed document. */

function decisionHtml(doc: DocumentReview): string {
  const decision = doc.latestDecision
  if (decision?.decision !== 'changesRequested') return ''
  return `<aside class="comment"><p>${e(decision.comment ?? '')}</p><div class="who">Changes requested by ${e(decision.reviewer)} on ${e(decision.decidedAt.slice(0, 10))}: “${e(decision.meaning)}”</div></aside>`
}

function signaturesHtml(doc: DocumentReview): string {
  if (doc.signatureProblems.length === 0) return ''
  const items = doc.signatureProblems.map((message) => `<li>${e(message)}</li>`).join('')
  return `<aside class="signatures"><h2>Signatures not valid</h2><ul>${items}</ul></aside>`
}

function introHtml(doc: DocumentReview): string {
  if (doc.comparisons.length === 0)
    return '<p class="intro">There are no unreviewed changes: the published page is the approved revision.</p>'
  const marked = doc.comparisons.some((c) =>
    c.subject === 'shown' ? c.documents.some((d) => d.diff.hasBaseline) : c.diff.hasBaseline,
  )
  return marked
    ? '<p class="legend">Marked in the text: <ins>added</ins> <del>removed</del>. Each paragraph that changed has a bar on its left.</p>'
    : ''
}

function documentPage(doc: DocumentReview, report: ReviewReport): string {
  const titles = new Map(report.categories.map((c) => [c.id, c.title]))
  const badges = doc.categories
    .map((c) => `<span class="badge ${c}">${e(titles.get(c) ?? c)}</span>`)
    .join('')
  const facts = [{label: 'Kind', value: typeTitle(doc.type)}, ...doc.facts]
    .map((f) => `<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`)
    .join('')
  const parts = [
    `<h1>${e(doc.name)}</h1>`,
    `<p>${badges}</p>`,
    `<dl class="facts">${facts}</dl>`,
    signaturesHtml(doc),
    decisionHtml(doc),
    introHtml(doc),
    ...doc.comparisons.map(comparisonHtml),
  ]
  return layout(
    `${doc.name} · Medical review ${report.today}`,
    report.today,
    parts.filter((part) => part !== '').join('\n'),
    true,
  )
}

/** The first summary of changes against an approved revision, for the queue's line. */
function changesHtml(doc: DocumentReview | undefined): string {
  const compared = doc?.comparisons.find((c) => c.subject !== 'shown' && c.diff.hasBaseline)
  if (!compared || compared.subject === 'shown' || !compared.diff.changed) return ''
  return `<div class="what">Changed: ${summarizeDiff(compared.diff).map(e).join('; ')}</div>`
}

function categoryHtml(category: Category, documents: Map<string, DocumentReview>): string {
  const entries = category.entries.map((entry) => {
    const comment = entry.comment ? `<blockquote>${e(entry.comment)}</blockquote>` : ''
    const reasons = entry.reasons?.length
      ? `<ul class="reasons">${entry.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ul>`
      : ''
    return `<li><a class="name" href="${e(encodeURI(pageFile(entry.publishedId)))}">${e(entry.name)}</a><span class="type">${e(typeTitle(entry.type))} · ${e(entry.publishedId)}</span><div class="detail">${e(entry.detail)}</div>${changesHtml(documents.get(entry.publishedId))}${comment}${reasons}</li>`
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
  const documents = new Map(report.documents.map((d) => [d.publishedId, d]))
  const parts = [
    '<h1>Medical review queue</h1>',
    `<p>Pages that need a medical reviewer, as of ${e(report.today)}${source ? `, from <code>${e(source)}</code>` : ''}.</p>`,
    `<p class="keyring">${e(keyringLine(report.keyring))}.</p>`,
    `<nav class="summary" aria-label="Categories"><ul>\n${nav}\n</ul></nav>`,
    ...report.categories.map((c) => categoryHtml(c, documents)),
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
