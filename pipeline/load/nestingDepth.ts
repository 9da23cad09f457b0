import type {PathSegment} from '@sanity/types'
import {type PathNode, pathOf, pathText} from '../validate/pathText.ts'

/**
 * How deep a document may nest objects and arrays. The Content Lake stores at most 20 levels
 * (sanity.io/docs/content-lake/technical-limits), and this schema's deepest field
 * (`sections[].body[].markDefs[].source._ref`) sits at 8. Libraries the export runs on every
 * document walk it recursively (groq-js `references()`, canonical JSON, structured clones for
 * worker threads, the Studio's `unique()`), and they overflow the stack at a few thousand
 * levels; 100 keeps five times the Content Lake's room and stays far below that.
 */
export const MAX_NESTING_DEPTH = 100

const keyed = (item: unknown, index: number): PathSegment => {
  const key = (item as {_key?: unknown} | null)?._key
  return typeof key === 'string' ? {_key: key} : index
}

/**
 * The path of the first object or array nested deeper than `limit` levels (the document
 * itself is level 1), or undefined. Only for the report: `nestingDepth` (references.ts) finds
 * the depth in the walk every document gets anyway. An explicit stack, so it cannot overflow.
 */
export function tooDeepAt(doc: object, limit = MAX_NESTING_DEPTH): string | undefined {
  const stack: [object, number, PathNode | undefined][] = [[doc, 1, undefined]]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth, node] = next
    if (depth > limit) return pathText(pathOf(node))
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === 'object' && item !== null)
          stack.push([item, depth + 1, {parent: node, segment: keyed(item, index)}])
      })
      continue
    }
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key]
      if (typeof child === 'object' && child !== null)
        stack.push([child, depth + 1, {parent: node, segment: key}])
    }
  }
  return undefined
}
