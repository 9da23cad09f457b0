import type {Root} from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

const processor = unified().use(remarkParse).use(remarkGfm).freeze()

/** Markdown (with GitHub's extensions: autolinks, strike-through, tables) as an mdast tree. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text)
}
