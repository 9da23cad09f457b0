import canonicalize from 'canonicalize'
import {isRecord} from '../types.ts'
import {type DiffLine, diffBlocks} from './blockDiff.ts'
import type {DiffLookup} from './diffLookup.ts'
import {diffLists, type ListChange, listChanged} from './listDiff.ts'
import {diffText, type Segment} from './wordDiff.ts'

/** How one field of a page changed, in the form that reads best for its kind of value. */

interface FieldBase {
  field: string
  label: string
}
export type FieldChange =
  | (FieldBase & {kind: 'text'; before?: string; after?: string; segments: Segment[]})
  | (FieldBase & {kind: 'value'; before?: string; after?: string})
  | (FieldBase & {kind: 'list'} & ListChange)
  | (FieldBase & {kind: 'body'; lines: DiffLine[]})

/** `_key`s removed: keys identify array items but are not content. */
function withoutKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutKeys)
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) if (key !== '_key') out[key] = withoutKeys(item)
  return out
}

/** Equal as a reader sees it: canonical JSON, array keys ignored. */
export const sameContent = (a: unknown, b: unknown) =>
  canonicalize(withoutKeys(a)) === canonicalize(withoutKeys(b))

export function refId(value: unknown): string | undefined {
  return isRecord(value) && typeof value._ref === 'string' ? value._ref : undefined
}

/** How a single array item or object reads in the report. */
function itemLabel(value: unknown, lookup: DiffLookup): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const ref = refId(value)
  if (ref) return lookup.label(ref)
  if (isRecord(value)) {
    if (value._type === 'medicalCode') return `${value.system ?? '?'} ${value.code ?? '?'}`.trim()
    if (value._type === 'slug' && typeof value.current === 'string') return value.current
    if (value._type === 'callToAction')
      return `${value.label ?? ''} → ${value.url ?? ''}`.replace(/^ → | → $/g, '')
    const {_type: _ignoredType, ...rest} = withoutKeys(value) as Record<string, unknown>
    return canonicalize(rest) ?? ''
  }
  return canonicalize(value) ?? ''
}

const isBlocks = (value: unknown): value is unknown[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((item) => isRecord(item) && item._type === 'block')

/** Prose gets a word diff; short values (names, dates, codes) read better as before → after. */
const isProse = (text: string | undefined) => (text?.trim().split(/\s+/).length ?? 0) >= 4

/** A list field: items added and removed, or the same items in another order. */
function listFieldChange(
  base: FieldBase,
  before: unknown,
  after: unknown,
  lookup: DiffLookup,
): FieldChange {
  const labels = (value: unknown) =>
    Array.isArray(value) ? value.map((item) => itemLabel(item, lookup)) : []
  const change = diffLists(labels(before), labels(after))
  // Same items in another order: worth saying, since order is what readers see.
  if (!listChanged(change))
    return {
      ...base,
      kind: 'value',
      before: labels(before).join(', '),
      after: labels(after).join(', '),
    }
  return {...base, kind: 'list', ...change}
}

export function fieldChange(
  field: string,
  label: string,
  before: unknown,
  after: unknown,
  lookup: DiffLookup,
): FieldChange | undefined {
  if (sameContent(before, after)) return undefined
  if (isBlocks(before) || isBlocks(after))
    return {field, label, kind: 'body', lines: diffBlocks(before ?? [], after ?? [])}
  if (Array.isArray(before) || Array.isArray(after))
    return listFieldChange({field, label}, before, after, lookup)
  const text = (value: unknown) => (value === undefined ? undefined : itemLabel(value, lookup))
  const [old, now] = [text(before), text(after)]
  const sides = {
    ...(old !== undefined ? {before: old} : {}),
    ...(now !== undefined ? {after: now} : {}),
  }
  if (typeof before !== 'object' && typeof after !== 'object' && (isProse(old) || isProse(now)))
    return {field, label, kind: 'text', ...sides, segments: diffText(old ?? '', now ?? '')}
  return {field, label, kind: 'value', ...sides}
}
