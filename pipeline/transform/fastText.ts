import type {Paragraph, Root} from 'mdast'
import {
  defaultHandlers,
  type Handle,
  type SafeConfig,
  type State,
  type Unsafe,
} from 'mdast-util-to-markdown'

/** How the characters of one list of escape patterns map to bits of a mask. */
interface Narrowing {
  /** Bit of each ASCII character that some pattern escapes, or of a line ending; 0 for the others. */
  bitOf: Int32Array
  /** Patterns by mask of the characters that occur. */
  subsets: Map<number, Unsafe[]>
  /** The bits each pattern needs, all of them, to be able to match; 0 for one that is always kept. */
  required: number[]
}

const narrowings = new WeakMap<Unsafe[], Narrowing>()
/** Control characters only matter inside autolinks; they share one bit. */
const isControl = (code: number) =>
  (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127
const CONTROL_BIT = 1 << 28
/** `\r` and `\n` share one bit: patterns that need a line ending need either. */
const LINE_ENDING_BIT = 1 << 29
const LINE_ENDING = '[\\r\\n]'

/**
 * Whether a pattern's expression can only match with a line ending in the subject, as
 * mdast-util-to-markdown compiles it: `atBreak` prefixes `[\r\n][\t ]*`, and `before` or
 * `after` of exactly `[\r\n]` put one next to the character (unless `beforeNode` or
 * `afterNode` replace them with `^` or `$`).
 */
const needsLineEnding = (pattern: Unsafe) =>
  (!pattern.beforeNode && (Boolean(pattern.atBreak) || pattern.before === LINE_ENDING)) ||
  (!pattern.afterNode && pattern.after === LINE_ENDING)

function narrowingOf(all: Unsafe[]): Narrowing {
  const bitOf = new Int32Array(128)
  bitOf[10] = LINE_ENDING_BIT
  bitOf[13] = LINE_ENDING_BIT
  let next = 0
  const required = all.map((pattern) => {
    const code = pattern.character.length === 1 ? pattern.character.charCodeAt(0) : 128
    if (code >= 128) return 0 // not ASCII: kept for every text
    if (bitOf[code] === 0) bitOf[code] = isControl(code) ? CONTROL_BIT : 1 << Math.min(next++, 27)
    return (bitOf[code] as number) | (needsLineEnding(pattern) ? LINE_ENDING_BIT : 0)
  })
  return {bitOf, subsets: new Map(), required}
}

/** Marks, in `mask`, the bits of the pattern characters that occur in `text`. */
function scan(text: string, bitOf: Int32Array, mask: number): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 128) mask |= bitOf[code] as number
  }
  return mask
}

/** The patterns of `all` that can match in `texts`, in their original order. */
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
    const {required} = narrowing
    subset = all.filter((_, i) => ((required[i] as number) & mask) === required[i])
    narrowing.subsets.set(mask, subset)
  }
  return subset
}

/**
 * `state.safe` of mdast-util-to-markdown, unchanged, run with only the escape patterns that
 * can match the value and the characters around it.
 *
 * `safe` tries every pattern (about 60 with GFM) as a regular expression over every text,
 * link destination and footnote label, which is slow. A pattern's expression always matches
 * its own `character`, so a pattern whose character is absent cannot match; one that needs a
 * line ending (see needsLineEnding) cannot match where there is none. Leaving those out cannot
 * change the output (test/export/fastText.test.ts compares both on random trees).
 */
function narrowedSafe(
  state: State,
  safe: State['safe'],
  value: string | null | undefined,
  config: SafeConfig,
): string {
  const all = state.unsafe
  state.unsafe = patternsFor(all, [config.before ?? '', value ?? '', config.after ?? ''])
  try {
    return safe.call(state, value, config) // mdast-util-to-markdown binds it through `this`
  } finally {
    state.unsafe = all
  }
}

/** The root handler, unchanged, with every `state.safe` below it narrowed (see narrowedSafe). */
export const root: Handle = (node: Root, parent, state: State, info) => {
  const safe = state.safe
  state.safe = (value, config) => narrowedSafe(state, safe, value, config)
  try {
    return defaultHandlers.root(node, parent, state, info)
  } finally {
    state.safe = safe
  }
}

/** A bounded cache of serialized pieces that repeat across the pages of one export. */
export class Memo<T> {
  readonly #entries = new Map<string, T>()
  readonly #limit: number

  constructor(limit = 20_000) {
    this.#limit = limit
  }

  get(key: string, make: () => T): T {
    let value = this.#entries.get(key)
    if (value === undefined) {
      if (this.#entries.size >= this.#limit) this.#entries.clear()
      value = make()
      this.#entries.set(key, value)
    }
    return value
  }
}

declare module 'mdast' {
  interface ParagraphData {
    /** The same paragraph recurs on many pages (a source's line); serialize it once. */
    recurring?: boolean
  }
}

/** One memo per set of serializer options (an emphasis marker changes a paragraph's text). */
const paragraphMemos = new Map<string, Memo<string>>()
const memoOfState = new WeakMap<State, Memo<string>>()

function paragraphMemo(state: State): Memo<string> {
  let memo = memoOfState.get(state)
  if (!memo) {
    const options = JSON.stringify(state.options)
    memo = paragraphMemos.get(options) ?? new Memo<string>()
    paragraphMemos.set(options, memo)
    memoOfState.set(state, memo)
  }
  return memo
}

/**
 * The paragraph handler, unchanged, run once per distinct recurring paragraph and context.
 * What a paragraph serializes to depends only on the serializer's options, its children, the
 * constructs it is in (`state.stack`, which decides the escape patterns in scope) and the
 * characters around it (`info.before`, `info.after`); positions (line, column) are only
 * tracked, never written.
 */
export const paragraph: Handle = (node: Paragraph, parent, state: State, info) => {
  if (!node.data?.recurring) return defaultHandlers.paragraph(node, parent, state, info)
  const key = `${state.stack.join(',')}\u0000${info.before}\u0000${info.after}\u0000${JSON.stringify(node.children)}`
  return paragraphMemo(state).get(key, () => defaultHandlers.paragraph(node, parent, state, info))
}
