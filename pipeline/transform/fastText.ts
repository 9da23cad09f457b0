import type {Text} from 'mdast'
import {defaultHandlers, type Handle, type State, type Unsafe} from 'mdast-util-to-markdown'

/** How the characters of one list of escape patterns map to bits of a mask. */
interface Narrowing {
  /** Bit of each ASCII character that some pattern escapes; -1 for the others. */
  bitOf: Int8Array
  /** Patterns by mask of the characters that occur. */
  subsets: Map<number, Unsafe[]>
  /** The bit of each pattern; -1 for a pattern that is always kept. */
  patternBits: number[]
}

const narrowings = new WeakMap<Unsafe[], Narrowing>()
/** Control characters only matter inside autolinks; they share one bit. */
const isControl = (code: number) =>
  (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127

function narrowingOf(all: Unsafe[]): Narrowing {
  const bitOf = new Int8Array(128).fill(-1)
  let next = 0
  const controlBit = 30
  const patternBits = all.map((pattern) => {
    const code = pattern.character.length === 1 ? pattern.character.charCodeAt(0) : 128
    if (code >= 128) return -1 // not ASCII: kept for every text
    if (bitOf[code] === -1) bitOf[code] = isControl(code) ? controlBit : Math.min(next++, 29)
    return bitOf[code] as number
  })
  return {bitOf, subsets: new Map(), patternBits}
}

/** Marks, in `mask`, the bits of the pattern characters that occur in `text`. */
function scan(text: string, bitOf: Int8Array, mask: number): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 128) {
      const bit = bitOf[code] as number
      if (bit >= 0) mask |= 1 << bit
    }
  }
  return mask
}

/** The patterns of `all` whose character occurs in one of `texts`, in their original order. */
function patternsFor(all: Unsafe[], texts: string[]): Unsafe[] {
  let narrowing = narrowings.get(all)
  if (!narrowing) {
    narrowing = narrowingOf(all)
    narrowings.set(all, narrowing)
  }
  let mask = 0
  for (const text of texts) mask = scan(text, narrowing.bitOf, mask)
  let subset = narrowing.subsets.get(mask)
  if (!subset) {
    const bits = (narrowing as Narrowing).patternBits
    subset = all.filter(
      (_, i) => (bits[i] as number) < 0 || (mask & (1 << (bits[i] as number))) !== 0,
    )
    narrowing.subsets.set(mask, subset)
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
  state.unsafe = patternsFor(all, [info.before, node.value, info.after])
  try {
    return defaultHandlers.text(node, parent, state, info)
  } finally {
    state.unsafe = all
  }
}
