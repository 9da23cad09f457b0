import type {ContentIssue} from '../types.ts'
import {isCallToAction} from './buttonLine.ts'
import {fileIssue} from './issues.ts'
import {markdownToBlocks} from './markdownToBlocks.ts'
import {parseMarkdown} from './parseMarkdown.ts'
import {
  availableFor,
  bareText,
  fold,
  headingText,
  isHeadingShaped,
  isListItem,
  isSourceLine,
  type Line,
  labelName,
  startsLowercase,
  toLines,
} from './plainTextLines.ts'
import {knownSectionKind, sectionKind} from './sectionKind.ts'
import {sourceFromParagraph} from './sourceLine.ts'
import type {ParsedKit, ParsedSection, ParsedSource, ParseResult, PtBlock} from './types.ts'

interface Reader {
  file: string
  lines: Line[]
  issues: ContentIssue[]
}

/**
 * A page as scraped from the current website, top to bottom: the label `Tumour`, the name,
 * kits (`<Kit name>` / `is available for <Tumour>` / marketing copy / calls to action), the
 * opening paragraphs, sections under short heading lines, and `Source: <publisher>`.
 */
export function parsePlainText(file: string, text: string): ParseResult {
  const reader: Reader = {file, lines: toLines(text), issues: []}
  const head = readName(reader)
  if (!head) return {issues: reader.issues}
  const {kits, next} = readKits(reader, head.next, head.name)
  const {opening, sections, source} = readArticle(reader, next)
  const page = {file, name: head.name, opening, sections, kits}
  return {page: source ? {...page, source} : page, issues: reader.issues}
}

function warn(reader: Reader, line: Line | undefined, message: string): void {
  reader.issues.push(fileIssue('warning', reader.file, line?.n, message))
}

function readName(reader: Reader): {name: string; next: number} | undefined {
  const {lines} = reader
  // Breadcrumbs or a site banner may come before the label.
  const label = lines.slice(0, 5).findIndex((line) => labelName(line) !== undefined)
  for (const line of lines.slice(0, Math.max(label, 0))) {
    warn(reader, line, `Left out "${line.text}": it comes before the "Tumour" label.`)
  }
  const inline = label >= 0 ? labelName(lines[label] as Line) : undefined
  if (inline) return {name: inline, next: label + 1}
  const at = label + 1
  const candidate = lines[at]
  const name = candidate ? bareText(candidate.text) : ''
  if (
    !candidate ||
    name.length > 100 ||
    /[.!?]$/.test(name) ||
    isListItem(candidate.text) ||
    isSourceLine(candidate) ||
    availableFor(candidate) !== undefined ||
    availableFor(lines[at + 1]) !== undefined
  ) {
    reader.issues.push(
      fileIssue(
        'error',
        reader.file,
        candidate?.n,
        'The page has no tumour name. Start it with the label "Tumour" and put the name on the next line.',
      ),
    )
    return undefined
  }
  return {name, next: at + 1}
}

function readKits(
  reader: Reader,
  start: number,
  tumour: string,
): {kits: ParsedKit[]; next: number} {
  const {lines} = reader
  const kits: ParsedKit[] = []
  let k = start
  while (k < lines.length) {
    const line = lines[k] as Line
    if (availableFor(line) !== undefined) {
      warn(reader, line, `Left out "${line.text}": there is no kit name on the line above it.`)
      k++
      continue
    }
    const target = availableFor(lines[k + 1])
    if (target === undefined) break
    const name = bareText(line.text)
    if (target === '') {
      warn(
        reader,
        lines[k + 1],
        `The kit "${name}" names no tumour after "is available for"; it was linked to ${tumour}, the tumour of this page.`,
      )
    } else if (fold(target) !== fold(tumour)) {
      warn(
        reader,
        lines[k + 1],
        `The kit "${name}" is said to be available for "${target}", but this page is about ${tumour}; it was linked to ${tumour}.`,
      )
    }
    const copyStart = k + 2
    const {end, hasCallToAction} = findCopyEnd(lines, copyStart, tumour)
    const copyLines = lines.slice(copyStart, end)
    if (!hasCallToAction) {
      const last = copyLines.at(-1)
      warn(
        reader,
        line,
        `No call to action (such as "Request a test") follows the kit "${name}"; its description was taken to end at line ${last?.n ?? line.n + 1}.`,
      )
    }
    k = end
    while (k < lines.length && isCallToAction(lines[k] as Line)) k++
    if (kits.some((kit) => fold(kit.name) === fold(name))) {
      warn(
        reader,
        line,
        `The kit "${name}" appears twice on the page; the second one was left out.`,
      )
      continue
    }
    const copy = paragraphBlocks(reader, copyLines)
    if (copy.length === 0) warn(reader, line, `The kit "${name}" has no description.`)
    kits.push({name, line: line.n, copy, hasCallToAction})
  }
  return {kits, next: k}
}

/** Where a kit's marketing copy ends: at its call to action, or failing that, a best guess. */
function findCopyEnd(lines: Line[], start: number, tumour: string) {
  const startsWithName = new RegExp(`^(?:(?:a|an|the)\\s+)?${fold(tumour)}\\b`)
  for (let k = start; k < lines.length; k++) {
    const line = lines[k] as Line
    if (isCallToAction(line)) return {end: k, hasCallToAction: true}
    const endsCopy =
      isSourceLine(line) ||
      availableFor(line) !== undefined ||
      availableFor(lines[k + 1]) !== undefined ||
      (line.first && isHeadingShaped(line) && knownSectionKind(headingText(line)) !== undefined) ||
      (k > start && line.first && startsWithName.test(fold(line.text)))
    if (endsCopy) return {end: k, hasCallToAction: false}
  }
  // Nothing marks the end: take the first paragraph only and leave the rest to the article.
  const next = lines.findIndex((line, k) => k > start && line.first)
  return {end: next === -1 ? lines.length : next, hasCallToAction: false}
}

function readArticle(reader: Reader, start: number) {
  const {lines} = reader
  const opening: Line[][] = []
  const drafts: {heading: string; line: Line; chunks: Line[][]}[] = []
  let source: ParsedSource | undefined
  for (let k = start; k < lines.length; ) {
    const line = lines[k] as Line
    if (isSourceLine(line)) {
      const paragraph = parseMarkdown(line.text.replace(/^#{1,6}\s+/, ''), line.n - 1).children[0]
      const parsed =
        paragraph?.type === 'paragraph' ? sourceFromParagraph(paragraph, line.n) : undefined
      if (!parsed) warn(reader, line, `Left out "${line.text}": it is not a readable source line.`)
      else if (source) warn(reader, line, `Left out a second source line: "${line.text}".`)
      else source = parsed
      k++
      continue
    }
    if (availableFor(line) !== undefined) {
      warn(reader, line, `Left out "${line.text}": kits are only read at the top of the page.`)
      k++
      continue
    }
    if (line.first && isHeadingShaped(line) && !opensWrappedSentence(lines[k + 1])) {
      if (headsText(line, lines[k + 1])) {
        drafts.push({heading: headingText(line), line, chunks: []})
      } else {
        const problem = 'it is neither a heading (no text follows it) nor a paragraph'
        warn(reader, line, `Left out "${line.text}": ${problem}.`)
      }
      k++
      continue
    }
    let end = k + 1
    while (end < lines.length && !(lines[end] as Line).first && !isSourceLine(lines[end] as Line)) {
      end++
    }
    ;(drafts.at(-1)?.chunks ?? opening).push(lines.slice(k, end))
    k = end
  }
  const sections: ParsedSection[] = []
  for (const draft of drafts) {
    const body = draft.chunks.flatMap((chunk) => paragraphBlocks(reader, chunk))
    if (body.length === 0) {
      warn(reader, draft.line, `Left out the heading "${draft.heading}": no text follows it.`)
      continue
    }
    sections.push({
      heading: draft.heading,
      kind: sectionKind(draft.heading),
      body,
      line: draft.line.n,
    })
  }
  return {opening: opening.flatMap((chunk) => paragraphBlocks(reader, chunk)), sections, source}
}

/** A short line whose paragraph goes on in lower case is the start of a wrapped sentence. */
function opensWrappedSentence(next: Line | undefined): boolean {
  return next !== undefined && !next.first && startsLowercase(next)
}

/** A heading needs text under it; a known heading may be followed by a sub-heading. */
function headsText(line: Line, next: Line | undefined): boolean {
  if (!next || isSourceLine(next) || availableFor(next) !== undefined) return false
  if (!next.first || isListItem(next.text) || !isHeadingShaped(next)) return true
  return (
    knownSectionKind(headingText(line)) !== undefined &&
    knownSectionKind(headingText(next)) === undefined
  )
}

/**
 * Paragraph lines are read as Markdown, so leftovers such as `**bold**`, `* item` and
 * `[text](url)` keep their meaning. Only list items keep their indentation (it sets the level).
 */
function paragraphBlocks(reader: Reader, lines: Line[]): PtBlock[] {
  if (lines.length === 0) return []
  const groups: Line[][] = []
  for (const line of lines) {
    if (line.first || groups.length === 0) groups.push([line])
    else groups.at(-1)?.push(line)
  }
  return groups.flatMap((group) => {
    const indent = Math.min(...group.map((line) => line.raw.length - line.raw.trimStart().length))
    const markdown = group
      .map((line) => {
        const raw = line.raw.slice(indent).replace(/^(\s*)[•·▪◦‣](?=\s)/, '$1-')
        return isListItem(raw.trimStart()) ? raw : raw.trimStart()
      })
      .join('\n')
    const lineOffset = (group[0] as Line).n - 1
    const {blocks, issues} = markdownToBlocks(parseMarkdown(markdown, lineOffset).children, {
      file: reader.file,
      lineOffset,
    })
    reader.issues.push(...issues)
    return blocks
  })
}
