import type {Root, RootContent} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {stringify as toYaml} from 'yaml'
import {root} from './fastText.ts'

const processor = unified()
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
    handlers: {root},
  })
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml'])

/** Drops undefined and empty values so frontmatter carries only what a page has. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || child === null || (Array.isArray(child) && child.length === 0))
        continue
      out[key] = compact(child)
    }
    return out
  }
  return value
}

/** A Markdown file: YAML frontmatter (keys in the given order) and an mdast body, serialized by remark. */
export function toMarkdownFile(frontmatter: Record<string, unknown>, body: RootContent[]): string {
  const yaml = toYaml(compact(frontmatter), {
    lineWidth: 0,
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
  }).trimEnd()
  const tree: Root = {type: 'root', children: [{type: 'yaml', value: yaml}, ...body]}
  return processor.stringify(tree)
}
