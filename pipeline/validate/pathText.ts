import type {Path} from '@sanity/types'
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
