import type {Text} from 'mdast'
import {defaultHandlers, type Handle, type State, type Unsafe} from 'mdast-util-to-markdown'

interface Narrowing {
  characters: string[]
  /** The patterns that can match, by which of `characters` occur ('1' = occurs). */
  subsets: Map<string, Unsafe[]>
}

const narrowings = new WeakMap<Unsafe[], Narrowing>()

/** The patterns of `all` whose character occurs in `subject`, in their original order. */
function patternsFor(all: Unsafe[], subject: string): Unsafe[] {
  let narrowing = narrowings.get(all)
  if (!narrowing) {
    narrowing = {characters: [...new Set(all.map((p) => p.character))], subsets: new Map()}
    narrowings.set(all, narrowing)
  }
  let key = ''
  for (const character of narrowing.characters) key += subject.includes(character) ? '1' : '0'
  let subset = narrowing.subsets.get(key)
  if (!subset) {
    const present = new Set(narrowing.characters.filter((_, i) => key[i] === '1'))
    subset = all.filter((pattern) => present.has(pattern.character))
    narrowing.subsets.set(key, subset)
  }
  return subset
}

/**
 * The text handler of mdast-util-to-markdown, unchanged, run with only the escape patterns
 * whose character occurs in the text or the characters around it.
 *
 * `state.safe` tries every pattern (about 60 with GFM) as a regular expression over every
 * text node, and that was the largest cost of an export. A pattern's expression always
 * matches its own `character`, so a pattern whose character is absent cannot match, and
 * leaving it out cannot change the output (test/export/fastText.test.ts compares both).
 */
export const text: Handle = (node: Text, parent, state: State, info) => {
  const all = state.unsafe
  state.unsafe = patternsFor(all, `${info.before}${node.value}${info.after}`)
  try {
    return defaultHandlers.text(node, parent, state, info)
  } finally {
    state.unsafe = all
  }
}
