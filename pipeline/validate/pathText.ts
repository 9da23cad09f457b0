import type {Path, PathSegment} from '@sanity/types'
import {toString as pathToString} from '@sanity/util/paths'

/**
 * A Sanity path as text (`sections[_key=="s1"].body[0]`), as the Studio writes it. The Studio's
 * formatter refuses some segments that bad content can produce, such as an empty `_key`; those
 * are written out here so that the problem can still be reported.
 */
export function pathText(path: Path): string {
  try {
    return pathToString(path)
  } catch {
    return path.reduce<string>((text, segment, index) => {
      if (typeof segment === 'string') return index === 0 ? segment : `${text}.${segment}`
      if (typeof segment === 'number') return `${text}[${segment}]`
      if (Array.isArray(segment)) return `${text}[${segment.join(':')}]`
      return `${text}[_key==${JSON.stringify(segment._key)}]`
    }, '')
  }
}

/** A path built as a walk descends, turned into a Sanity path only when one is needed. */
export interface PathNode {
  parent: PathNode | undefined
  segment: PathSegment
}

export function pathOf(node: PathNode | undefined): Path {
  const path: Path = []
  for (let at = node; at; at = at.parent) path.push(at.segment)
  return path.reverse()
}
