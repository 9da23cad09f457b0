import {
  BLOCK_STYLES,
  type BlockStyle,
  DECORATORS,
  LIST_ITEMS,
  type ListItem,
} from '../../schemas/objects/blockContent.ts'
import {checkHref} from '../../schemas/rules/urlPolicy.ts'
import {isRecord} from '../types.ts'

/** Portable Text as the export writes it: every key present, links safe, citations numbered. */
export interface ExportSpan {
  _key: string
  _type: 'span'
  text: string
  marks: string[]
}
export type ExportMarkDef =
  | {_key: string; _type: 'link'; href: string}
  | {_key: string; _type: 'citation'; sourceId: string; number: number; locator?: string}
export interface ExportBlock {
  _key: string
  _type: 'block'
  style: BlockStyle
  listItem?: ListItem
  level?: number
  markDefs: ExportMarkDef[]
  children: ExportSpan[]
}

const isIn = <T extends string>(values: readonly T[], value: unknown): value is T =>
  (values as readonly unknown[]).includes(value)

export interface Footnote {
  number: number
  sourceId: string
  locator?: string
}

/**
 * Numbers a page's citations in order of first appearance, one footnote per source and
 * locator, so "p. 12" and "Treatment" in the same source stay distinguishable.
 */
export class CitationNumbers {
  readonly #footnotes = new Map<string, Footnote>()
  numberFor(sourceId: string, locator?: string): number {
    const key = `${sourceId}\u0000${locator ?? ''}`
    let footnote = this.#footnotes.get(key)
    if (!footnote) {
      footnote = {number: this.#footnotes.size + 1, sourceId, ...(locator ? {locator} : {})}
      this.#footnotes.set(key, footnote)
    }
    return footnote.number
  }
  get footnotes(): Footnote[] {
    return [...this.#footnotes.values()]
  }
}

const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {})
const keyOf = (value: Record<string, unknown>, fallback: string) =>
  typeof value._key === 'string' && value._key !== '' ? value._key : fallback

/**
 * Normalizes stored Portable Text for the sites. Keys are kept (so diffs stay small) and
 * filled where missing; unknown block types, styles and marks are dropped; links that fail
 * the link policy lose their annotation but keep their text (the validation stage reports
 * them); citations name their source id and footnote number.
 */
export function normalizeBlocks(blocks: unknown, citations: CitationNumbers): ExportBlock[] {
  if (!Array.isArray(blocks)) return []
  const out: ExportBlock[] = []
  for (const [index, raw] of blocks.entries()) {
    const block = asRecord(raw)
    if (block._type !== 'block') continue
    const blockKey = keyOf(block, `b${index}`)
    const markDefs: ExportMarkDef[] = []
    for (const [defIndex, rawDef] of (Array.isArray(block.markDefs)
      ? block.markDefs
      : []
    ).entries()) {
      const def = asRecord(rawDef)
      const key = keyOf(def, `${blockKey}m${defIndex}`)
      if (def._type === 'link') {
        const verdict = checkHref(def.href)
        if (verdict.ok) markDefs.push({_key: key, _type: 'link', href: verdict.href})
      } else if (def._type === 'citation') {
        const sourceId = asRecord(def.source)._ref
        if (typeof sourceId !== 'string') continue
        const locator =
          typeof def.locator === 'string' && def.locator.trim() !== ''
            ? def.locator.trim()
            : undefined
        const number = citations.numberFor(sourceId, locator)
        markDefs.push({
          _key: key,
          _type: 'citation',
          sourceId,
          number,
          ...(locator ? {locator} : {}),
        })
      }
    }
    const defKeys = new Set(markDefs.map((def) => def._key))
    const children: ExportSpan[] = []
    for (const [spanIndex, rawSpan] of (Array.isArray(block.children)
      ? block.children
      : []
    ).entries()) {
      const span = asRecord(rawSpan)
      if (span._type !== 'span' || typeof span.text !== 'string') continue
      const marks = (Array.isArray(span.marks) ? span.marks : []).filter(
        (mark): mark is string =>
          typeof mark === 'string' && (isIn(DECORATORS, mark) || defKeys.has(mark)),
      )
      children.push({
        _key: keyOf(span, `${blockKey}s${spanIndex}`),
        _type: 'span',
        text: span.text,
        marks,
      })
    }
    const normalized: ExportBlock = {
      _key: blockKey,
      _type: 'block',
      style: isIn(BLOCK_STYLES, block.style) ? block.style : 'normal',
      markDefs,
      children,
    }
    if (isIn(LIST_ITEMS, block.listItem)) {
      normalized.listItem = block.listItem
      normalized.level =
        typeof block.level === 'number' && block.level >= 1 ? Math.floor(block.level) : 1
    }
    out.push(normalized)
  }
  return out
}
