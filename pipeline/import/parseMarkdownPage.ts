import type {RootContent} from 'mdast'
import {toString as plainText} from 'mdast-util-to-string'
import type {ContentIssue} from '../types.ts'
import {fileIssue} from './issues.ts'
import {collectDefinitions, markdownToBlocks} from './markdownToBlocks.ts'
import {parseMarkdown} from './parseMarkdown.ts'
import {sectionKind} from './sectionKind.ts'
import {sourceFromParagraph} from './sourceLine.ts'
import type {ParsedSection, ParsedSource, ParseResult} from './types.ts'

/** A Markdown page: `# Name`, the opening, `## Section`s, and an optional `Source: …` paragraph. */
export function parseMarkdownPage(file: string, text: string): ParseResult {
  const root = parseMarkdown(text)
  const definitions = collectDefinitions(root)
  const issues: ContentIssue[] = []
  const warn = (node: RootContent, message: string) =>
    issues.push(fileIssue('warning', file, node.position?.start.line, message))

  let name: string | undefined
  let source: ParsedSource | undefined
  const opening: RootContent[] = []
  const drafts: {heading: string; line: number; nodes: RootContent[]}[] = []
  for (const node of root.children) {
    const line = node.position?.start.line ?? 0
    if (node.type === 'heading' && node.depth <= 2) {
      const heading = plainText(node).replace(/\s+/g, ' ').trim()
      if (node.depth === 1 && name === undefined) {
        name = heading
        continue
      }
      if (node.depth === 1)
        warn(node, `A second "# " heading, "${heading}", was read as a section.`)
      if (name !== undefined) {
        drafts.push({heading, line, nodes: []})
        continue
      }
    }
    if (name === undefined) {
      if (node.type !== 'definition' && node.type !== 'html') {
        warn(node, 'Left out text before the "# Name" heading.')
      }
      continue
    }
    const found = node.type === 'paragraph' ? sourceFromParagraph(node, line) : undefined
    if (found && source) warn(node, 'Left out a second "Source:" paragraph.')
    else if (found) source = found
    else (drafts.at(-1)?.nodes ?? opening).push(node)
  }
  if (!name) {
    // Without a name nothing was imported, so warnings about left-out text would be noise.
    return {
      issues: [
        fileIssue('error', file, undefined, 'The page has no tumour name. Start it with "# Name".'),
      ],
    }
  }

  const toBlocks = (nodes: RootContent[]) => {
    const result = markdownToBlocks(nodes, {file, definitions})
    issues.push(...result.issues)
    return result.blocks
  }
  const sections: ParsedSection[] = []
  for (const draft of drafts) {
    const body = toBlocks(draft.nodes)
    if (body.length === 0) {
      issues.push(
        fileIssue(
          'warning',
          file,
          draft.line,
          `Left out the heading "${draft.heading}": no text follows it.`,
        ),
      )
      continue
    }
    sections.push({
      heading: draft.heading,
      kind: sectionKind(draft.heading),
      body,
      line: draft.line,
    })
  }
  const page = {file, name, opening: toBlocks(opening), sections, kits: []}
  return {page: source ? {...page, source} : page, issues}
}
