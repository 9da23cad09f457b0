import type {Html, List, ListItem, PhrasingContent, RootContent} from 'mdast'
import type {ExportBlock, ExportSpan} from './portableText.ts'

/**
 * Portable Text → mdast, one small handler per construct. Text always becomes `text` nodes,
 * which remark escapes, so characters from content can never turn into Markdown syntax or
 * HTML. The only HTML emitted is the fixed `<sub>`/`<sup>` tags this module writes.
 */
export function blocksToMdast(blocks: ExportBlock[]): RootContent[] {
  const out: RootContent[] = []
  let i = 0
  while (i < blocks.length) {
    const block = blocks[i] as ExportBlock
    if (block.listItem) {
      let end = i
      while (end < blocks.length && blocks[end]?.listItem) end++
      out.push(...listsFrom(blocks.slice(i, end)))
      i = end
    } else {
      out.push(blockToNode(block))
      i++
    }
  }
  return out
}

function blockToNode(block: ExportBlock): RootContent {
  const children = inline(block)
  switch (block.style) {
    case 'h3':
      return {type: 'heading', depth: 3, children}
    case 'h4':
      return {type: 'heading', depth: 4, children}
    case 'blockquote':
      return {type: 'blockquote', children: [{type: 'paragraph', children}]}
    default:
      return {type: 'paragraph', children}
  }
}

/** Consecutive list blocks → nested mdast lists; a deeper level nests in the previous item. */
function listsFrom(items: ExportBlock[]): List[] {
  const roots: List[] = []
  const stack: {list: List; level: number}[] = []
  for (const block of items) {
    const level = block.level ?? 1
    const ordered = block.listItem === 'number'
    while (stack.length > 0 && (stack.at(-1) as {level: number}).level > level) stack.pop()
    let top = stack.at(-1)
    if (top && top.level === level && top.list.ordered !== ordered) {
      stack.pop()
      top = stack.at(-1)
    }
    if (!top || top.level < level) {
      const list: List = {type: 'list', ordered, spread: false, children: []}
      const parentItem = top?.list.children.at(-1)
      if (parentItem) parentItem.children.push(list)
      else roots.push(list)
      stack.push({list, level})
      top = stack.at(-1)
    }
    const item: ListItem = {
      type: 'listItem',
      spread: false,
      children: [{type: 'paragraph', children: inline(block)}],
    }
    ;(top as {list: List}).list.children.push(item)
  }
  return roots
}

const tag = (value: string): Html => ({type: 'html', value})

function decorate(span: ExportSpan): PhrasingContent[] {
  let nodes: PhrasingContent[] = [{type: 'text', value: span.text}]
  if (span.marks.includes('sub')) nodes = [tag('<sub>'), ...nodes, tag('</sub>')]
  if (span.marks.includes('sup')) nodes = [tag('<sup>'), ...nodes, tag('</sup>')]
  if (span.marks.includes('em')) nodes = [{type: 'emphasis', children: nodes}]
  if (span.marks.includes('strong')) nodes = [{type: 'strong', children: nodes}]
  return nodes
}

/** Spans → phrasing content: runs sharing a link become one link; citations become footnote references. */
function inline(block: ExportBlock): PhrasingContent[] {
  const links = new Map(
    block.markDefs.flatMap((def) => (def._type === 'link' ? [[def._key, def.href] as const] : [])),
  )
  const citations = new Map(
    block.markDefs.flatMap((def) =>
      def._type === 'citation' ? [[def._key, def.number] as const] : [],
    ),
  )
  const out: PhrasingContent[] = []
  const spans = block.children.filter((span) => span.text !== '')
  let i = 0
  while (i < spans.length) {
    const linkKey = (spans[i] as ExportSpan).marks.find((mark) => links.has(mark))
    let end = i + 1
    while (
      end < spans.length &&
      linkKey !== undefined &&
      (spans[end] as ExportSpan).marks.includes(linkKey)
    )
      end++
    const run = spans.slice(i, end)
    const content = run.flatMap(decorate)
    if (linkKey)
      out.push({type: 'link', url: links.get(linkKey) as string, children: content as never})
    else out.push(...content)
    // A citation closes where its annotated range ends.
    for (const [index, span] of run.entries()) {
      const next = run[index + 1] ?? spans[end]
      for (const mark of span.marks) {
        if (citations.has(mark) && !next?.marks.includes(mark)) {
          out.push({
            type: 'footnoteReference',
            identifier: String(citations.get(mark)),
            label: String(citations.get(mark)),
          })
        }
      }
    }
    i = end
  }
  return out
}
