import type {Link, Nodes, Paragraph} from 'mdast'
import {toString as plainText} from 'mdast-util-to-string'
import type {ParsedSource} from './types.ts'

const SOURCE_LABEL = /^sources?\s*(?::|\s[–—-]\s)\s*/i

/** A paragraph such as `Source: Wikipedia` or `Source: [NCI](https://…)`, else undefined. */
export function sourceFromParagraph(paragraph: Paragraph, line: number): ParsedSource | undefined {
  const text = plainText(paragraph).replace(/\s+/g, ' ').trim()
  if (!SOURCE_LABEL.test(text)) return undefined
  const url = firstLink(paragraph)?.url
  const rest = text.replace(SOURCE_LABEL, '').trim()
  return url === undefined ? {text: rest, line} : {text: rest, url, line}
}

function firstLink(node: Nodes): Link | undefined {
  if (node.type === 'link') return node
  if (!('children' in node)) return undefined
  for (const child of node.children) {
    const link = firstLink(child)
    if (link) return link
  }
  return undefined
}
