import {sha256} from '../hash.ts'
import {isPageType, type PageType} from '../types.ts'

/**
 * The frame of every report page: escaping, file names, the inline stylesheet and the layout.
 * No scripts at all (a Content-Security-Policy forbids them too), every piece of content
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

const TYPE_TITLES: Record<PageType, string> = {
  tumour: 'Tumour page',
  kitProduct: 'Kit product',
}

/** What the report calls a page type (an unknown one by its name). */
export const typeTitle = (type: string) => (isPageType(type) ? TYPE_TITLES[type] : type)

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
.badge.shownChanged { background: #ffedd5; color: #7c2d12; }
.badge.signatureProblems { background: #7f1d1d; color: #fff; }
.signatures { background: #fef2f2; border-left: 4px solid #b91c1c; padding: 10px 16px; margin: 16px 0; border-radius: 0 8px 8px 0; }
.signatures h2 { font-size: 17px; margin: 0 0 6px; padding: 0; border: 0; color: #7f1d1d; }
.signatures li, ul.entries .reasons li { font: 14px/1.5 system-ui, sans-serif; }
ul.entries .reasons { margin: 6px 0 0; padding-left: 1.2em; color: #7f1d1d; }
.shown h4 { font-size: 17px; margin: 16px 0 6px; }
.shown .note { font: 14px/1.5 system-ui, sans-serif; color: #4a5568; }
.keyring { font: 14px/1.5 system-ui, sans-serif; color: #4a5568; }
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

export function layout(title: string, today: string, body: string, back: boolean): string {
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
