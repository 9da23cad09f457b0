/**
 * The Studio's validation rules, run the way `validateDocument` from `sanity` runs them, but as
 * one plain recursive walk per document.
 *
 * `validateDocument` walks a document with an rxjs pipeline per field and array item and yields
 * to a `setTimeout(0)` "idle" shim before every node, which keeps a browser tab responsive but
 * costs about 25 ms of CPU for one long tumour page in Node. This walk visits the same nodes,
 * asks `normalizeValidationRules` (the Studio's own rule compiler) for the same rules with the
 * same context, and calls the same `Rule#validate`, so messages, levels and codes are the
 * Studio's. test/validate/studioRules.test.ts holds it to `validateDocument` on every fixture.
 *
 * One shortcut: a rule that only checks the JSON type of an optional value is answered inline
 * when the value certainly has that type; any other case goes through `Rule#validate`.
 */
import type {
  ArraySchemaType,
  ObjectSchemaType,
  Path,
  Rule,
  Schema,
  SchemaType,
  ValidationContext,
  ValidationMarker,
} from '@sanity/types'
import {type DocumentValidationMarker, validationMarkerCodes} from '@sanity/validation'
import {
  getFallbackLocaleSource,
  normalizeValidationRules,
  resolveTypeForArrayItem,
  typeString,
} from '@sanity/validation/_internal'
import {dequal} from 'dequal'

export interface StudioRulesContext {
  schema: Schema
  getClient: ValidationContext['getClient']
  getDocumentExists: ValidationContext['getDocumentExists']
}

/** What `Rule` holds at run time beyond its public interface. */
interface RuleInternals {
  _type?: string
  _required?: 'required' | 'optional'
  _fieldRules?: Record<string, unknown>
  _rules: {flag: string; constraint?: unknown}[]
}

const internals = (rule: Rule) => rule as unknown as RuleInternals

const TYPE_ONLY = new WeakMap<Rule, string | false>()

/** The JSON type a rule checks when that is all it checks, for optional values. */
function typeOnly(rule: Rule): string | false {
  let known = TYPE_ONLY.get(rule)
  if (known !== undefined) return known
  const r = internals(rule)
  const only = r._rules.length === 1 ? r._rules[0] : undefined
  known =
    only?.flag === 'type' &&
    typeof only.constraint === 'string' &&
    r._type !== 'Date' &&
    r._required !== 'required' &&
    r._fieldRules === undefined
      ? only.constraint
      : false
  TYPE_ONLY.set(rule, known)
  return known
}

/** `Rule.fields()` rules, also inside `Rule.all()` / `Rule.either()`, as the Studio finds them. */
function fieldRules(rule: Rule): Record<string, unknown>[] {
  const r = internals(rule)
  const found = r._fieldRules ? [r._fieldRules] : []
  for (const spec of r._rules) {
    if ((spec.flag === 'all' || spec.flag === 'either') && Array.isArray(spec.constraint)) {
      for (const child of spec.constraint as Rule[]) found.push(...fieldRules(child))
    }
  }
  return found
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isKeyed = (item: unknown): item is {_key: string} =>
  isRecord(item) && typeof item._key === 'string'

/** Drops exact duplicates, as the Studio does for nodes with `Rule.fields()` rules. */
function deduplicate(markers: ValidationMarker[]): ValidationMarker[] {
  const buckets = new Map<string, ValidationMarker[]>()
  return markers.filter((marker) => {
    const key = JSON.stringify([marker.level, marker.code, marker.message, marker.path])
    const bucket = buckets.get(key)
    if (!bucket) {
      buckets.set(key, [marker])
      return true
    }
    if (bucket.some((existing) => dequal(existing, marker))) return false
    bucket.push(marker)
    return true
  })
}

type Base = Omit<ValidationContext, 'parent' | 'path' | 'type' | 'hidden'>
type Pending = Promise<ValidationMarker[]>[]

/** Validates one document with the Studio's rules ('studio' environment, built-in English). */
export async function validateWithStudioRules(
  document: {_id: string; _type: string},
  context: StudioRulesContext,
): Promise<DocumentValidationMarker[]> {
  const type = context.schema.get(document._type)
  // In its own environment the Studio skips documents of unknown types (with a console warning).
  if (!type) return []
  const i18n = getFallbackLocaleSource()
  await i18n.loadNamespaces(['validation'])
  const base = {
    getClient: context.getClient,
    getDocumentExists: context.getDocumentExists,
    schema: context.schema,
    document,
    i18n,
    environment: 'studio',
    __internal: {customValidation: true},
  } as unknown as Base
  let markers: ValidationMarker[]
  try {
    const pending: Pending = []
    visit(base, pending, document, type, [], undefined, false)
    markers = (await Promise.all(pending)).flat()
  } catch (error) {
    const message = (error as Error)?.message || 'Unknown error'
    const code = validationMarkerCodes.validationException
    markers = [{level: 'error', message, item: {message}, path: [], code} as ValidationMarker]
  }
  return markers.map((m) =>
    typeof m.code === 'string'
      ? (m as DocumentValidationMarker)
      : {...m, code: validationMarkerCodes.validationFailed},
  )
}

/** `hidden` as the Studio resolves it for validation (its `resolveConditionalProperty`). */
function hiddenOf(
  base: Base,
  type: SchemaType | undefined,
  value: unknown,
  parent: unknown,
  path: Path,
  ancestorHidden: boolean,
): boolean {
  const property = type?.hidden
  if (ancestorHidden || typeof property !== 'function') return ancestorHidden || property === true
  const context = {document: base.document, parent, value, path, currentUser: null}
  return property(context as Parameters<typeof property>[0]) === true
}

/** Runs a rule unless it certainly passes without running (see `typeOnly`). */
function check(out: Pending, rule: Rule, value: unknown, context: ValidationContext) {
  const expected = typeOnly(rule)
  if (expected !== false && (value == null || typeString(value) === expected)) return
  out.push(rule.validate(value, context as never))
}

/**
 * Queues the rule checks of one node and of everything below it, as the Studio's
 * `validateItemObservable` does: the node's rules, its `Rule.fields()` rules, its fields, its
 * array items. A node with `Rule.fields()` rules de-duplicates the markers of its subtree.
 */
function visit(
  base: Base,
  out: Pending,
  value: unknown,
  type: SchemaType | undefined,
  path: Path,
  parent: unknown,
  ancestorHidden: boolean,
): void {
  const hidden = hiddenOf(base, type, value, parent, path, ancestorHidden)
  const context = {...base, hidden, parent, path, type} as ValidationContext
  const rules = normalizeValidationRules(type, context)
  const nestedRules = rules.flatMap(fieldRules)
  const mine: Pending = nestedRules.length > 0 ? [] : out
  for (const rule of rules) check(mine, rule, value, context)

  if (
    type?.jsonType === 'object' &&
    (value || (value == null && rules.some((r) => r.isRequired())))
  ) {
    const fields = (type as ObjectSchemaType).fields
    const fieldTypes = new Map(fields.map((field) => [field.name, field.type]))
    for (const [name, validation] of nestedRules.flatMap((f) => Object.entries(f))) {
      const fieldType = fieldTypes.get(name)
      const nested = isRecord(value) ? value[name] : undefined
      const at = [...path, name]
      const fieldContext = {
        ...base,
        parent: value,
        path: at,
        type: fieldType,
        hidden: hiddenOf(base, fieldType, nested, value, at, hidden),
      } as ValidationContext
      const typeWithRules = {...fieldType, validation} as SchemaType
      for (const rule of normalizeValidationRules(typeWithRules, fieldContext)) {
        check(mine, rule, nested, fieldContext)
      }
    }
    for (const field of fields) {
      const nested = isRecord(value) ? value[field.name] : undefined
      visit(base, mine, nested, field.type, [...path, field.name], value, hidden)
    }
  }
  if (type?.jsonType === 'array' && Array.isArray(value)) {
    const candidates = (type as ArraySchemaType).of as never
    value.forEach((item: unknown, index) => {
      const itemType = resolveTypeForArrayItem(item, candidates) as SchemaType | undefined
      const at = [...path, isKeyed(item) ? {_key: item._key} : index]
      visit(base, mine, item, itemType, at, value, hidden)
    })
  }
  if (mine !== out) out.push(Promise.all(mine).then((all) => deduplicate(all.flat())))
}
