import type {Root, RootContent} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {stringify as toYaml} from 'yaml'
import {Memo, paragraph, root} from './fastText.ts'

const processor = unified()
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
    handlers: {root, paragraph},
  })
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml'])

/** Drops undefined and empty values so frontmatter carries only what a page has. */
export function compact(value: unknown): unknown {
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

const yamlOptions = {
  lineWidth: 0,
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'PLAIN',
} as const

/** YAML of one list item under a top-level key, as it appears inside the whole document. */
const yamlItems = new Memo<string>()

/**
 * The frontmatter's YAML, made key by key and list item by list item. In block style a
 * top-level mapping is its pairs one after another, and a block sequence its items one after
 * another, so the pieces join into exactly what `stringify` makes of the whole (compact()
 * leaves no shared objects, so no anchors; test/export/markdown.test.ts compares the two).
 * List items repeat across pages (sources, kits) and are made once per export.
 */
export function frontmatterYaml(frontmatter: Record<string, unknown>): string {
  let out = ''
  for (const [key, value] of Object.entries(compact(frontmatter) as Record<string, unknown>)) {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'object' && v !== null)) {
      out += toYaml({[key]: value}, yamlOptions)
      continue
    }
    out += `${key}:\n`
    for (const item of value) {
      out += yamlItems.get(`${key}\u0000${JSON.stringify(item)}`, () =>
        toYaml({[key]: [item]}, yamlOptions).slice(key.length + 2),
      )
    }
  }
  return out
}

/** A Markdown file: YAML frontmatter (keys in the given order) and an mdast body, serialized by remark. */
export function toMarkdownFile(frontmatter: Record<string, unknown>, body: RootContent[]): string {
  const yaml = frontmatterYaml(frontmatter).trimEnd()
  const tree: Root = {type: 'root', children: [{type: 'yaml', value: yaml}, ...body]}
  return processor.stringify(tree)
}
