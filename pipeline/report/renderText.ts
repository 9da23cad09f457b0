import type {ContentIssue} from '../types.ts'
import {writeComparison} from './renderTextDiff.ts'
import {clean, Writer} from './textWriter.ts'
import type {Category, DocumentReview, ReviewReport} from './types.ts'

/**
 * The review report as terminal text: the queue by category, then each listed page with its
 * facts and comparisons, then the dataset's problems. With colour (a TTY), removed words are red
 * and struck through and added words green; without it, as in CI logs, `[-removed-]{+added+}`.
 */

export interface TextOptions {
  colour: boolean
  /** Wrap width in columns. */
  width?: number
  /** Where the dataset came from, for the heading. */
  source?: string
}

/** Which keyring vouched for the signatures: "… review/demo-keyring.json: a demo keyring (4 people), for demo data only". */
export function keyringLine(keyring: ReviewReport['keyring']): string {
  const people = `${keyring.people} ${keyring.people === 1 ? 'person' : 'people'}`
  const kind =
    keyring.purpose === 'demo'
      ? `a demo keyring (${people}), for demo data only`
      : `the production keyring (${people})`
  return `Signatures checked against ${keyring.path}: ${kind}`
}

function writeCategory(out: Writer, category: Category): void {
  out.line()
  out.line(out.style(`${category.title} (${category.entries.length})`, 'heading'))
  if (category.entries.length === 0) out.line(`  ${out.style('none', 'dim')}`)
  for (const entry of category.entries) {
    out.wrap('  • ', '    ', [
      {text: clean(entry.name), style: 'bold'},
      {text: ` [${entry.publishedId}]: ${entry.detail}`, style: 'plain'},
    ])
    if (entry.comment) out.wrap('      “', '       ', [{text: `${entry.comment}”`, style: 'plain'}])
    for (const reason of entry.reasons ?? [])
      out.wrap('      ✗ ', '        ', [{text: reason, style: 'plain'}])
  }
}

function writeDocument(out: Writer, doc: DocumentReview, titles: Map<string, string>): void {
  out.line()
  out.line(out.style(`━━ ${clean(doc.name)} [${doc.publishedId}] ━━`, 'bold'))
  out.line(doc.categories.map((c) => titles.get(c) ?? c).join(' · '))
  for (const fact of doc.facts.slice(1))
    out.wrap(`  ${fact.label}: `, '    ', [{text: fact.value, style: 'plain'}])
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
  out.line(keyringLine(report.keyring))
  for (const category of report.categories) writeCategory(out, category)
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
