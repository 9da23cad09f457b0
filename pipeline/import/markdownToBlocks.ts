import type {List, Nodes, PhrasingContent, RootContent} from 'mdast'
import type {BlockStyle, ListItem} from '../../schemas/objects/blockContent.ts'
import {checkHref} from '../../schemas/rules/urlPolicy.ts'
import type {ContentIssue} from '../types.ts'
import {fileIssue} from './issues.ts'
import {shortHash} from './keys.ts'
import type {PtBlock, PtLink, PtSpan} from './types.ts'

export interface BlockOptions {
  file: string
  /** Added to mdast line numbers when the Markdown is a slice of a larger file. */
  lineOffset?: number
  /** The page's link definitions, so that `[text][id]` resolves: identifier → url. */
  definitions?: ReadonlyMap<string, string>
}

export interface BlocksResult {
  blocks: PtBlock[]
  issues: ContentIssue[]
}

interface State {
  options: BlockOptions
  blocks: PtBlock[]
  issues: ContentIssue[]
}

interface Context {
  style: BlockStyle
  listItem?: ListItem
  level?: number
}

interface Inline {
  spans: PtSpan[]
  markDefs: PtLink[]
}

/** mdast flow content → Portable Text blocks of the `blockContent` type. */
export function markdownToBlocks(
  nodes: readonly RootContent[],
  options: BlockOptions,
): BlocksResult {
  const state: State = {options, blocks: [], issues: []}
  for (const node of nodes) flow(node, {style: 'normal'}, state)
  return {blocks: state.blocks, issues: state.issues}
}

/** Link definitions anywhere in the tree, keyed by their normalised identifier. */
export function collectDefinitions(tree: Nodes): Map<string, string> {
  const definitions = new Map<string, string>()
  const visit = (node: Nodes) => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) {
      definitions.set(node.identifier, node.url)
    }
    if ('children' in node) for (const child of node.children) visit(child)
  }
  visit(tree)
  return definitions
}

function flow(node: RootContent, context: Context, state: State): void {
  switch (node.type) {
    case 'paragraph':
      pushBlock(node.children, context, state)
      break
    case 'heading':
      pushBlock(node.children, {style: node.depth >= 4 ? 'h4' : 'h3'}, state)
      break
    case 'blockquote':
      for (const child of node.children) flow(child, {...context, style: 'blockquote'}, state)
      break
    case 'list':
      list(node, context, state)
      break
    case 'code':
      warn(state, node, 'A code block was kept as plain text.')
      pushBlock([{type: 'text', value: node.value}], context, state)
      break
    case 'definition': // resolved where links refer to it
    case 'thematicBreak':
      break
    case 'html':
      if (!/^<!--[\s\S]*-->$/.test(node.value.trim())) {
        warn(state, node, `HTML was left out: ${abbreviate(node.value)}`)
      }
      break
    default:
      leftOut(state, node)
  }
}

function list(node: List, context: Context, state: State): void {
  const listItem = node.ordered ? 'number' : 'bullet'
  const level = (context.listItem ? (context.level ?? 1) : 0) + 1
  for (const item of node.children) {
    for (const child of item.children) flow(child, {style: context.style, listItem, level}, state)
  }
}

function pushBlock(children: PhrasingContent[], context: Context, state: State): void {
  const inline: Inline = {spans: [], markDefs: []}
  phrasing(children, [], inline, state)
  const spans = tidy(inline.spans)
  if (spans.length === 0) return
  const used = new Set(spans.flatMap((span) => span.marks))
  state.blocks.push({
    _type: 'block',
    style: context.style,
    ...(context.listItem ? {listItem: context.listItem, level: context.level ?? 1} : {}),
    markDefs: inline.markDefs.filter((def) => used.has(def._key)),
    children: spans,
  })
}

function phrasing(nodes: PhrasingContent[], outer: string[], inline: Inline, state: State): void {
  // <sub>…</sub> and <sup>…</sup> arrive as separate HTML siblings around the text they mark.
  let marks = outer
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        push(inline, cleanText(node.value), marks)
        break
      case 'emphasis':
        phrasing(node.children, withMark(marks, 'em'), inline, state)
        break
      case 'strong':
        phrasing(node.children, withMark(marks, 'strong'), inline, state)
        break
      case 'delete': // the schema has no strike-through; the words stay
        phrasing(node.children, marks, inline, state)
        break
      case 'inlineCode':
        push(inline, node.value, marks)
        break
      case 'break':
        push(inline, '\n', marks)
        break
      case 'link':
        link(node.url, node, marks, inline, state)
        break
      case 'linkReference': {
        const url = state.options.definitions?.get(node.identifier)
        if (url === undefined) phrasing(node.children, marks, inline, state)
        else link(url, node, marks, inline, state)
        break
      }
      case 'html': {
        const tag = /^<(\/?)(sub|sup)>$/i.exec(node.value)
        const decorator = tag?.[2]?.toLowerCase()
        if (decorator) {
          marks = tag?.[1] ? marks.filter((mark) => mark !== decorator) : withMark(marks, decorator)
        } else if (/^<br\s*\/?>$/i.test(node.value)) push(inline, '\n', marks)
        else warn(state, node, `HTML was left out: ${abbreviate(node.value)}`)
        break
      }
      default:
        leftOut(state, node)
    }
  }
}

function link(
  url: string,
  node: Extract<PhrasingContent, {type: 'link' | 'linkReference'}>,
  marks: string[],
  inline: Inline,
  state: State,
): void {
  const verdict = checkHref(url)
  if (!verdict.ok) {
    warn(state, node, `Unsafe link left out, its text kept. ${verdict.reason}`)
    phrasing(node.children, marks, inline, state)
    return
  }
  const key = shortHash('link', verdict.href)
  if (!inline.markDefs.some((def) => def._key === key)) {
    inline.markDefs.push({_key: key, _type: 'link', href: verdict.href})
  }
  phrasing(node.children, withMark(marks, key), inline, state)
}

// Wikipedia reference markers point into a reference list that is not imported.
// Only the first of a run of spaces may start a match, or each would rescan the run.
const CITATION_MARKER = /(?<!\s)\s*\[(?:\d{1,3}|citation needed|clarification needed)\]/gi

function cleanText(value: string): string {
  return value.replace(CITATION_MARKER, '').replace(/\s+/g, ' ')
}

function withMark(marks: string[], mark: string): string[] {
  return marks.includes(mark) ? marks : [...marks, mark]
}

function push(inline: Inline, text: string, marks: string[]): void {
  if (text === '') return
  inline.spans.push({_type: 'span', text, marks})
}

const sameMarks = (a: string[], b: string[]) =>
  a.length === b.length && a.every((mark, i) => mark === b[i])

/** Joins neighbours with the same marks and trims the whitespace that soft breaks leave. */
function tidy(spans: PtSpan[]): PtSpan[] {
  const out: PtSpan[] = []
  for (const span of spans) {
    const previous = out.at(-1)
    let text = span.text
    if (previous && /[ \n]$/.test(previous.text)) text = text.replace(/^ +/, '')
    if (previous && text.startsWith('\n')) previous.text = previous.text.replace(/(?<! ) +$/, '')
    if (previous && sameMarks(previous.marks, span.marks)) previous.text += text
    else if (text !== '') out.push({...span, text})
  }
  while (out[0] && out[0].text.trim() === '') out.shift()
  while (out.at(-1)?.text.trim() === '') out.pop()
  const first = out[0]
  if (first) first.text = first.text.trimStart()
  const last = out.at(-1)
  if (last) last.text = last.text.trimEnd()
  return out
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'An' : 'A'} ${noun}`
}

function abbreviate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat
}

/** A Markdown construct a tumour page has no place for. */
function leftOut(state: State, node: Nodes): void {
  warn(state, node, `${withArticle(node.type)} cannot be shown on a tumour page and was left out.`)
}

function warn(state: State, node: Nodes, message: string): void {
  const line = node.position?.start.line
  state.issues.push(
    fileIssue(
      'warning',
      state.options.file,
      line === undefined ? undefined : line + (state.options.lineOffset ?? 0),
      message,
    ),
  )
}
