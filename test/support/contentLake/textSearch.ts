import type {ExprNode} from 'groq-js'
import type {SanityDoc} from '../../../pipeline/types.ts'
import {NotModelled} from './http.ts'

/**
 * groq-js has no search engine: its `text::query()` throws. The Studio's search (sanity 6.16.0,
 * "findability-mvi:5") filters with `[@, _id] match text::query($__query)`. This stand-in
 * answers it with GROQ's `match` over every string in the document instead: each term must
 * occur as a word (the last one as a prefix, as the Studio writes `term*`). Not modelled:
 * quoted phrases, `-term` exclusions, stemming and the real engine's relevance scores.
 */

/** Where each searched document keeps its text; not enumerable, so `...` never copies it. */
const SEARCH_TEXT = '\u0000searchText'

function collectText(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const item of value) collectText(item, into)
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      if (!key.startsWith('_')) collectText(item, into)
  }
}

export function withSearchText(doc: SanityDoc): SanityDoc {
  const text: string[] = []
  collectText(doc, text)
  const copy = {...doc}
  Object.defineProperty(copy, SEARCH_TEXT, {value: text.join(' '), enumerable: false})
  return copy
}

/** A node of groq-js's syntax tree, walked generically. */
type Node = {type: string; [field: string]: unknown}

const isTextQuery = (node: unknown): node is Node & {args: Node[]} =>
  !!node &&
  typeof node === 'object' &&
  (node as Node).type === 'FuncCall' &&
  (node as Node).namespace === 'text' &&
  (node as Node).name === 'query'

/** `@` inside the searched list stands for the document's text. */
function searchedValue(left: Node): Node {
  const text: Node = {type: 'AccessAttribute', name: SEARCH_TEXT}
  if (left.type === 'This') return text
  if (left.type !== 'Array') return left
  const elements = (left.elements as Node[]).map((element) =>
    (element.value as Node).type === 'This' ? {...element, value: text} : element,
  )
  return {...left, elements}
}

function rewrite(node: unknown, found: {count: number}): unknown {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, found))
  if (!node || typeof node !== 'object') return node
  const current = node as Node
  if (current.type === 'OpCall' && current.op === 'match' && isTextQuery(current.right)) {
    found.count++
    return {...current, left: searchedValue(current.left as Node), right: current.right.args[0]}
  }
  if (isTextQuery(current)) {
    throw new NotModelled('The stand-in answers text::query() only on the right of `match`.')
  }
  return Object.fromEntries(Object.entries(current).map(([k, v]) => [k, rewrite(v, found)]))
}

/** The query with each `… match text::query(q)` turned into `… match q` over the text. */
export function textSearchTree(tree: ExprNode): {tree: ExprNode; usesTextSearch: boolean} {
  const found = {count: 0}
  const rewritten = rewrite(tree, found) as unknown as ExprNode
  return found.count === 0 ? {tree, usesTextSearch: false} : {tree: rewritten, usesTextSearch: true}
}
