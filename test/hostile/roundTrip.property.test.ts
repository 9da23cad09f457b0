import fc from 'fast-check'
import type {List, ListItem, Node, Parent, Root} from 'mdast'
import {toString as plainText} from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {blocksToMdast} from '../../pipeline/transform/blocksToMdast.ts'
import {toMarkdownFile} from '../../pipeline/transform/markdown.ts'
import {
  CitationNumbers,
  type ExportBlock,
  normalizeBlocks,
} from '../../pipeline/transform/portableText.ts'

/** Text a writer might type, including every character Markdown gives meaning to. */
const text = fc.stringMatching(
  /^[\p{L}\p{N}\p{Emoji_Presentation} *_#[\]()|`>!<&\\~+=.:;,'"{}@$%^-]{1,24}$/u,
)
const url = fc.webUrl({withQueryParameters: true, withFragments: true})

const span = fc.record({
  text,
  strong: fc.boolean(),
  em: fc.boolean(),
  link: fc.option(url, {nil: undefined}),
})

const blockShape = fc.oneof(
  fc.record({style: fc.constantFrom('normal', 'h3', 'h4', 'blockquote')}),
  fc.record({listItem: fc.constantFrom('bullet', 'number'), levelStep: fc.constantFrom(-1, 0, 1)}),
)

const portableText = fc
  .array(fc.record({shape: blockShape, spans: fc.array(span, {minLength: 1, maxLength: 4})}), {
    minLength: 1,
    maxLength: 8,
  })
  .map((blocks) => {
    let level = 0
    return blocks.map((block, i) => {
      const markDefs: object[] = []
      const children = block.spans.map((s, j) => {
        const marks = [...(s.strong ? ['strong'] : []), ...(s.em ? ['em'] : [])]
        if (s.link) {
          markDefs.push({_key: `l${i}_${j}`, _type: 'link', href: s.link})
          marks.push(`l${i}_${j}`)
        }
        return {_type: 'span', _key: `s${i}_${j}`, text: s.text, marks}
      })
      const base = {_type: 'block', _key: `b${i}`, markDefs, children}
      if ('listItem' in block.shape) {
        level = Math.max(1, Math.min(level + block.shape.levelStep, level + 1))
        return {...base, style: 'normal', listItem: block.shape.listItem, level}
      }
      level = 0
      return {...base, style: block.shape.style}
    })
  })

const parse = (markdown: string) =>
  unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root

/** Each block's text, in document order, as remark reads it back. */
function blockTexts(tree: Root): string[] {
  const out: string[] = []
  visit(tree, (node: Node) => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      out.push(plainText(node))
      return 'skip'
    }
  })
  return out
}

function listShape(tree: Root): string[] {
  const out: string[] = []
  const walk = (node: Parent, depth: number) => {
    for (const child of node.children as Node[]) {
      if (child.type === 'list') {
        for (const item of (child as List).children as ListItem[]) {
          out.push(`${(child as List).ordered ? 'number' : 'bullet'}:${depth + 1}`)
          walk(item, depth + 1)
        }
      } else if ('children' in child) walk(child as Parent, depth)
    }
  }
  walk(tree, 0)
  return out
}

function expected(blocks: ExportBlock[]) {
  return {
    texts: blocks.map((b) => b.children.map((s) => s.text).join('')),
    lists: blocks.flatMap((b) => (b.listItem ? [`${b.listItem}:${b.level}`] : [])),
  }
}

describe('Portable Text → Markdown → remark', () => {
  it('keeps the plain text, the link targets and the list structure of arbitrary content', () => {
    fc.assert(
      fc.property(portableText, (raw) => {
        const blocks = normalizeBlocks(raw, new CitationNumbers())
        const markdown = unified()
          .use(remarkStringify)
          .use(remarkGfm)
          .stringify({type: 'root', children: blocksToMdast(blocks)})
        const tree = parse(markdown)
        const want = expected(blocks)
        expect(blockTexts(tree)).toEqual(want.texts)
        const links: string[] = []
        visit(tree, 'link', (node: {url: string}) => {
          links.push(node.url)
        })
        const linkedSpans = blocks.flatMap((b) => {
          const hrefs = new Map(
            b.markDefs.flatMap((d) => (d._type === 'link' ? [[d._key, d.href] as const] : [])),
          )
          const runs: string[] = []
          let previous: string | undefined
          for (const span of b.children) {
            const key = span.marks.find((m) => hrefs.has(m))
            if (key && key !== previous) runs.push(hrefs.get(key) as string)
            previous = key
          }
          return runs
        })
        expect(links).toEqual(linkedSpans)
        expect(listShape(tree)).toEqual(want.lists)
      }),
      {numRuns: 300, seed: 20261127},
    )
  })

  it('gives identical bytes for the same input', () => {
    fc.assert(
      fc.property(portableText, (raw) => {
        const once = toMarkdownFile(
          {title: 'x'},
          blocksToMdast(normalizeBlocks(raw, new CitationNumbers())),
        )
        const twice = toMarkdownFile(
          {title: 'x'},
          blocksToMdast(normalizeBlocks(structuredClone(raw), new CitationNumbers())),
        )
        expect(twice).toBe(once)
      }),
      {numRuns: 100, seed: 7},
    )
  })
})
