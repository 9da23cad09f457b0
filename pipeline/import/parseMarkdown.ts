import type {Nodes, Root} from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

const processor = unified().use(remarkParse).use(remarkGfm).freeze()

/**
 * How deeply quotes, lists, emphasis and links may nest in a page. The conversion to
 * Portable Text walks the tree recursively (thousands of nested quotes overflow the stack);
 * a page of the current site nests a few levels.
 */
export const MAX_MARKDOWN_DEPTH = 100

/** A page the importer refuses as a whole, with the reason to report on its file. */
export class PageError extends Error {
  override name = 'PageError'
  readonly line: number | undefined

  constructor(message: string, line?: number) {
    super(message)
    this.line = line
  }
}

/**
 * Markdown (with GitHub's extensions: autolinks, strike-through, tables) as an mdast tree.
 * `lineOffset` is added to the line a PageError names, when the text is part of a file.
 */
export function parseMarkdown(text: string, lineOffset = 0): Root {
  const root = processor.parse(text)
  const tooDeep = deeperThan(root, MAX_MARKDOWN_DEPTH)
  if (tooDeep) {
    throw new PageError(
      `Quotes, lists or emphasis are nested more than ${MAX_MARKDOWN_DEPTH} levels deep here; flatten them.`,
      (tooDeep.position?.start.line ?? 1) + lineOffset,
    )
  }
  return root
}

/** The first node deeper than `limit`, found with an explicit stack (no recursion). */
function deeperThan(root: Root, limit: number): Nodes | undefined {
  const stack: [Nodes, number][] = [[root, 0]]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next
    if (depth > limit) return node
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1])
  }
  return undefined
}
