import fc from 'fast-check'
import type {PhrasingContent, Root, RootContent} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkStringify, {type Options} from 'remark-stringify'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {paragraph, root} from '../../pipeline/transform/fastText.ts'

const options: Options = {bullet: '-', emphasis: '_', strong: '*', rule: '-', fences: true}
const serializer = (extra: Options) =>
  unified()
    .use(remarkStringify, {...options, ...extra})
    .use(remarkGfm)
    .use(remarkFrontmatter, ['yaml'])
const reference = serializer({})
const fast = serializer({handlers: {root}})
const memoized = serializer({handlers: {root, paragraph}})

// Text made mostly of the characters Markdown escapes, with words and line breaks between them.
const markdownish = fc.stringMatching(
  /^(?:[-*_`~#>+=.!:;<>()[\]{}|&\\"'\n\t \r0-9]|foo|www\.|http:\/\/|@x\.org|1\.|a_b)*$/,
  {maxLength: 40},
)
const phrasing: fc.Arbitrary<PhrasingContent> = fc.letrec<{node: PhrasingContent}>((tie) => ({
  node: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    markdownish.map((value) => ({type: 'text', value})),
    fc.array(tie('node'), {maxLength: 3}).map((children) => ({type: 'emphasis', children})),
    fc.array(tie('node'), {maxLength: 3}).map((children) => ({type: 'strong', children})),
    fc.array(tie('node'), {maxLength: 3}).map((children) => ({type: 'delete', children})),
    fc
      .tuple(fc.array(tie('node'), {maxLength: 3}), markdownish)
      .map(([children, url]) => ({type: 'link', url: `https://e.org/${url}`, children})),
    markdownish.map((value) => ({type: 'inlineCode', value})),
    markdownish.map((label) => ({type: 'footnoteReference', identifier: label, label})),
    fc.constantFrom('<sub>', '</sub>', '<sup>').map((value) => ({type: 'html', value})),
    fc.constant({type: 'break'}),
  ) as fc.Arbitrary<PhrasingContent>,
})).node
const block: fc.Arbitrary<RootContent> = fc.oneof(
  fc.array(phrasing, {maxLength: 5}).map((children) => ({type: 'paragraph', children})),
  fc
    .tuple(fc.integer({min: 1, max: 6}), fc.array(phrasing, {maxLength: 4}))
    .map(([depth, children]) => ({type: 'heading', depth, children}) as RootContent),
  fc.array(fc.array(phrasing, {maxLength: 3}), {minLength: 1, maxLength: 3}).map((items) => ({
    type: 'list',
    ordered: false,
    children: items.map((children) => ({
      type: 'listItem',
      children: [{type: 'paragraph', children}],
    })),
  })),
  fc.array(phrasing, {maxLength: 3}).map((children) => ({
    type: 'blockquote',
    children: [{type: 'paragraph', children}],
  })),
  fc.tuple(markdownish, fc.array(phrasing, {maxLength: 3})).map(([label, children]) => ({
    type: 'footnoteDefinition',
    identifier: label,
    label,
    children: [{type: 'paragraph', children}],
  })),
) as fc.Arbitrary<RootContent>

/**
 * Blocks whose paragraphs come from a small pool and are marked recurring, so the same
 * paragraph lands in a list item, a quote, a footnote and the root, next to different
 * neighbours: the memo must tell those contexts apart.
 */
const recurringBlocks = fc
  .array(fc.array(phrasing, {maxLength: 3}), {minLength: 1, maxLength: 3})
  .chain((pool) => {
    const para = fc
      .constantFrom(...pool)
      .map((children) => ({type: 'paragraph', children, data: {recurring: true}}) as const)
    return fc.array(
      fc.oneof(
        para,
        block,
        para.map((p) => ({type: 'blockquote', children: [p]})),
        fc.array(para, {minLength: 1, maxLength: 3}).map((ps) => ({
          type: 'list',
          ordered: false,
          spread: false,
          children: ps.map((p) => ({type: 'listItem', spread: false, children: [p]})),
        })),
        para.map((p) => ({type: 'footnoteDefinition', identifier: '1', label: '1', children: [p]})),
      ) as fc.Arbitrary<RootContent>,
      {maxLength: 6},
    )
  })

describe('recurring paragraphs, serialized once per context', () => {
  it('are not shared between serializers with different options', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          data: {recurring: true},
          children: [{type: 'emphasis', children: [{type: 'text', value: 'Wikipedia'}]}],
        },
      ],
    }
    const star = serializer({emphasis: '*', handlers: {root, paragraph}})
    expect(memoized.stringify(tree)).toBe('_Wikipedia_\n')
    expect(star.stringify(tree)).toBe('*Wikipedia*\n')
  })

  it('serialize exactly as mdast-util-to-markdown does without the memo', () => {
    fc.assert(
      fc.property(recurringBlocks, (children) => {
        const tree: Root = {type: 'root', children}
        expect(memoized.stringify(tree)).toBe(reference.stringify(tree))
      }),
      {numRuns: 1500},
    )
  })
})

describe('narrowed escaping (state.safe with only the patterns that can match)', () => {
  it('serializes exactly as mdast-util-to-markdown does with all escape patterns', () => {
    fc.assert(
      fc.property(fc.array(block, {maxLength: 6}), (children) => {
        const tree: Root = {type: 'root', children}
        expect(fast.stringify(tree)).toBe(reference.stringify(tree))
      }),
      {numRuns: 1500},
    )
  })

  it('still escapes what would otherwise become Markdown', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {type: 'paragraph', children: [{type: 'text', value: '*not emphasis* [x](y) # 1. a_b_'}]},
      ],
    }
    const out = fast.stringify(tree)
    expect(out).toBe(reference.stringify(tree))
    expect(out).toContain('\\*not emphasis\\*')
    expect(out).toContain('\\[x]')
  })

  it('escapes a backslash before punctuation that no pattern covers', () => {
    for (const value of ['a\\;b', 'path\\/to', 'x\\']) {
      const tree: Root = {
        type: 'root',
        children: [{type: 'paragraph', children: [{type: 'text', value}]}],
      }
      expect(fast.stringify(tree), value).toBe(reference.stringify(tree))
    }
    const tree: Root = {
      type: 'root',
      children: [{type: 'paragraph', children: [{type: 'text', value: 'a\\;b'}]}],
    }
    expect(fast.stringify(tree)).toBe('a\\\\;b\n')
  })
})
