/**
 * The Studio's validation rules, run the way `validateDocument` from `sanity` runs them, but as
 * one plain recursive walk per document: `validateDocument` yields to a `setTimeout(0)` shim
 * before every node, which keeps a browser tab responsive and makes it slow in Node. The walk
 * visits the same nodes, gets the same rules and context from `normalizeValidationRules`, and
 * calls the same `Rule#validate`, so messages, levels and codes are the Studio's
 * (test/validate/ruleWalker.test.ts holds it to `validateDocument`). A rule that certainly
 * passes is answered without running it (see `ruleToRun`).
 */
import type {
  ArraySchemaType,
  ObjectSchemaType,
  Path,
  PathSegment,
  Rule,
  Schema,
  SchemaType,
  ValidationContext,
  ValidationMarker,
} from '@sanity/types'
import {isReference} from '@sanity/types'
import type {DocumentValidationMarker} from '@sanity/validation'
import {dequal} from 'dequal'
import {isRecord} from '../types.ts'
import {
  getFallbackLocaleSource,
  normalizeValidationRules,
  resolveTypeForArrayItem,
  typeString,
  validationMarkerCodes,
} from './studioPackages.ts'

export interface StudioRulesContext {
  schema: Schema
  getClient: ValidationContext['getClient']
  getDocumentExists: ValidationContext['getDocumentExists']
  /**
   * The same answer as `getDocumentExists`, synchronously. With it, a reference rule on a
   * reference to a document that exists is answered without running (see `flagCheck`).
   */
  documentExists?: (id: string) => boolean
}

/** What `Rule` holds at run time beyond its public interface. */
interface RuleInternals {
  _type?: string
  _required?: 'required' | 'optional'
  _fieldRules?: Record<string, unknown>
  _rules: {flag: string; constraint?: unknown}[]
}

const internals = (rule: Rule) => rule as unknown as RuleInternals

/** Where a value sits: its schema type, and the walk's synchronous existence check. */
export interface NodeInfo {
  type?: SchemaType
  documentExists?: (id: string) => boolean
}

/** A test that one flag of a rule certainly passes for a value, without running it. */
type FlagCheck = (value: unknown, node: NodeInfo) => boolean

/** Keys the Studio's object `presence` check does not count (its `metaKeys`). */
const META_KEYS = new Set(['_key', '_type', '_weak'])

const isPrimitiveList = (constraint: unknown): constraint is (string | number)[] =>
  Array.isArray(constraint) &&
  constraint.every((item) => typeof item === 'string' || typeof item === 'number')

/**
 * When one flag certainly passes, mirroring the Studio's validators for the flags that are
 * pure functions of the value (`type`, `presence`, `valid` over strings and numbers, `min` and
 * `max` lengths) and for `reference` when the target exists or the reference type is weak.
 * Any other flag, constraint or rule type gets `undefined`: the rule runs.
 */
function flagCheck(ruleType: string | undefined, spec: RuleInternals['_rules'][number]) {
  const {flag, constraint} = spec
  const length = (value: unknown) =>
    (ruleType === 'String' && typeof value === 'string') ||
    (ruleType === 'Array' && Array.isArray(value))
      ? (value as string | unknown[]).length
      : undefined
  switch (flag) {
    case 'type':
      if (typeof constraint !== 'string' || ruleType === 'Date') return undefined
      return (value: unknown) => value === undefined || typeString(value) === constraint
    case 'presence':
      if (constraint !== 'required') return () => true
      if (ruleType === 'Object')
        return (value: unknown) =>
          isRecord(value) && Object.keys(value).some((k) => !META_KEYS.has(k))
      if (ruleType === 'Boolean') return (value: unknown) => typeof value === 'boolean'
      return (value: unknown) => Boolean(value)
    case 'valid':
      if (!isPrimitiveList(constraint)) return undefined
      if (ruleType === 'Array')
        return (value: unknown) =>
          Array.isArray(value) && value.every((item) => constraint.some((ok) => ok === item))
      return (value: unknown) => value === undefined || constraint.some((ok) => ok === value)
    case 'min':
    case 'max':
      if (typeof constraint !== 'number' || (ruleType !== 'String' && ruleType !== 'Array'))
        return undefined
      return (value: unknown) => {
        const actual = length(value)
        if (actual === undefined) return false
        return flag === 'min' ? actual >= constraint : actual <= constraint
      }
    case 'reference':
      if (ruleType !== 'Object') return undefined // only object rules have it; others throw
      return (value: unknown, node: NodeInfo) =>
        isReference(value) && // the Studio's own test
        node.type !== undefined &&
        ((node.type as {weak?: boolean}).weak === true ||
          node.documentExists?.(value._ref) === true)
    default:
      return undefined
  }
}

const FLAG_CHECKS = new WeakMap<Rule, FlagCheck[] | false>()

function flagChecks(rule: Rule): FlagCheck[] | false {
  let known = FLAG_CHECKS.get(rule)
  if (known !== undefined) return known
  const r = internals(rule)
  const checks = r._rules.map((spec) => flagCheck(r._type, spec))
  known =
    r._fieldRules === undefined && checks.every((check) => check !== undefined)
      ? (checks as FlagCheck[])
      : false
  FLAG_CHECKS.set(rule, known)
  return known
}

/**
 * Whether `Rule#validate` would certainly return no markers for this value: an empty value
 * of a rule that is not required runs only custom rules (none when optional), and otherwise
 * every flag must be one `flagCheck` answers and pass. Anything else runs the Studio's code.
 */
function certainlyPasses(rule: Rule, value: unknown, node: NodeInfo): boolean {
  const r = internals(rule)
  if (value == null && r._required !== 'required') {
    return r._required === 'optional' || !r._rules.some((spec) => spec.flag === 'custom')
  }
  const checks = flagChecks(rule)
  return checks !== false && checks.every((check) => check(value, node))
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

/** What every node of one document's walk shares. */
interface Walk {
  /** The validation context without the node's own parts. */
  base: Base
  documentExists?: (id: string) => boolean
}
type Pending = Promise<ValidationMarker[]>[]

/** One node of the walk: its value and type, where it sits, and whether an ancestor is hidden. */
interface WalkNode {
  value: unknown
  type: SchemaType | undefined
  at: LazyPath
  parent: unknown
  ancestorHidden: boolean
}

/** What `visit` needs: the document's walk, where to queue the checks, and the node. */
interface VisitOptions extends WalkNode {
  walk: Walk
  out: Pending
}

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
    const walk = {base, documentExists: context.documentExists}
    visit({
      walk,
      out: pending,
      value: document,
      type,
      at: new LazyPath(),
      parent: undefined,
      ancestorHidden: false,
    })
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

/** A node's path, made only when something needs it (most nodes never do). */
class LazyPath {
  #value: Path | undefined
  readonly parent: LazyPath | undefined
  readonly segment: PathSegment | undefined

  constructor(parent?: LazyPath, segment?: PathSegment) {
    this.parent = parent
    this.segment = segment
  }

  get value(): Path {
    this.#value ??= this.parent ? [...this.parent.value, this.segment as PathSegment] : []
    return this.#value
  }
}

/** `hidden` as the Studio resolves it for validation (its `resolveConditionalProperty`). */
function hiddenOf(base: Base, node: WalkNode): boolean {
  const {type, value, parent, at, ancestorHidden} = node
  const property = type?.hidden
  if (ancestorHidden || typeof property !== 'function') return ancestorHidden || property === true
  const context = {document: base.document, parent, value, path: at.value, currentUser: null}
  return property(context as Parameters<typeof property>[0]) === true
}

const RULES = new WeakMap<SchemaType, Rule[]>()
const CONTEXTUAL = new WeakSet<SchemaType>()

/**
 * A type's rules from `normalizeValidationRules`. When it hands out the same compiled array
 * on every call, which is what it does for rules compiled with the schema, the array is kept,
 * so the context is only made for rules that read it.
 */
function rulesOf(type: SchemaType | undefined, contextOf: () => ValidationContext): Rule[] {
  if (!type) return []
  const known = RULES.get(type)
  if (known) return known
  const rules = normalizeValidationRules(type, contextOf())
  if (!CONTEXTUAL.has(type)) {
    if (normalizeValidationRules(type, contextOf()) === rules) RULES.set(type, rules)
    else CONTEXTUAL.add(type)
  }
  return rules
}

const FIELD_RULES = new WeakMap<Rule[], Record<string, unknown>[]>()

function fieldRulesOf(rules: Rule[]): Record<string, unknown>[] {
  let found = FIELD_RULES.get(rules)
  if (!found) {
    found = rules.flatMap(fieldRules)
    FIELD_RULES.set(rules, found)
  }
  return found
}

/**
 * A string that two values share whenever the Studio's `unique()` rule finds them equal (its
 * `deepEqualsIgnoreKey`: key order and `_key` at any depth do not count). Different values may
 * share it too; then the Studio's own check decides.
 */
function sameness(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sameness).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined'
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .filter((key) => key !== '_key')
    .sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${sameness(record[key])}`).join(',')}}`
}

/** Whether an array certainly has no two items that `unique()` would call duplicates. */
function certainlyUnique(items: unknown[]): boolean {
  const seen = new Set<string>()
  for (const item of items) {
    const key = sameness(item)
    if (seen.has(key)) return false
    seen.add(key)
  }
  return true
}

const WITHOUT_UNIQUE = new WeakMap<Rule, Rule | undefined>()

/**
 * The rule without its `unique()` part, for an array whose items are certainly unique: the
 * Studio's `unique()` compares every pair of items (quadratic in a kit's list of tumours), and
 * it passes anyway. `undefined` when nothing else is left to check.
 */
function withoutUnique(rule: Rule): Rule | undefined {
  if (WITHOUT_UNIQUE.has(rule)) return WITHOUT_UNIQUE.get(rule)
  const rest = internals(rule)._rules.filter((spec) => spec.flag !== 'unique')
  let stripped: Rule | undefined
  if (rest.length > 0) {
    stripped = rule.clone()
    internals(stripped)._rules = rest
  }
  WITHOUT_UNIQUE.set(rule, stripped)
  return stripped
}

/** An array rule with `unique()` (on any other type the Studio's `unique` throws, so it runs). */
const hasUnique = (rule: Rule) =>
  internals(rule)._type === 'Array' && internals(rule)._rules.some((spec) => spec.flag === 'unique')

/**
 * The rule to run for a value: none when it certainly passes, the rule without `unique()`
 * when the items are certainly distinct, else the rule itself.
 */
export function ruleToRun(rule: Rule, value: unknown, node: NodeInfo = {}): Rule | undefined {
  let run: Rule | undefined = rule
  if (Array.isArray(value) && hasUnique(rule) && certainlyUnique(value)) run = withoutUnique(rule)
  return run && !certainlyPasses(run, value, node) ? run : undefined
}

/** Queues a rule unless it certainly passes (see `ruleToRun`). */
function check(
  out: Pending,
  rule: Rule,
  value: unknown,
  node: NodeInfo,
  contextOf: () => ValidationContext,
) {
  const run = ruleToRun(rule, value, node)
  if (run) out.push(run.validate(value, contextOf() as never))
}

/**
 * Queues the rule checks of one node and of everything below it, as the Studio's
 * `validateItemObservable` does: the node's rules, its `Rule.fields()` rules, its fields, its
 * array items. A node with `Rule.fields()` rules de-duplicates the markers of its subtree.
 */
function visit(options: VisitOptions): void {
  const {walk, out, value, type, at, parent} = options
  const {base, documentExists} = walk
  const hidden = hiddenOf(base, options)
  let context: ValidationContext | undefined
  const contextOf = () => {
    context ??= {...base, hidden, parent, path: at.value, type} as ValidationContext
    return context
  }
  const rules = rulesOf(type, contextOf)
  const nestedRules = fieldRulesOf(rules)
  const mine: Pending = nestedRules.length > 0 ? [] : out
  const node = {type, documentExists}
  for (const rule of rules) check(mine, rule, value, node, contextOf)

  if (
    type?.jsonType === 'object' &&
    (value || (value == null && rules.some((r) => r.isRequired())))
  ) {
    const fields = (type as ObjectSchemaType).fields
    for (const [name, validation] of nestedRules.flatMap((f) => Object.entries(f))) {
      const fieldType = fields.find((field) => field.name === name)?.type
      const nested = isRecord(value) ? value[name] : undefined
      const fieldAt = new LazyPath(at, name)
      const fieldContext = {
        ...base,
        parent: value,
        path: fieldAt.value,
        type: fieldType,
        hidden: hiddenOf(base, {
          type: fieldType,
          value: nested,
          parent: value,
          at: fieldAt,
          ancestorHidden: hidden,
        }),
      } as ValidationContext
      const typeWithRules = {...fieldType, validation} as SchemaType
      for (const rule of normalizeValidationRules(typeWithRules, fieldContext)) {
        check(mine, rule, nested, {type: fieldType, documentExists}, () => fieldContext)
      }
    }
    const record = isRecord(value) ? value : undefined
    for (const field of fields) {
      visit({
        walk,
        out: mine,
        value: record?.[field.name],
        type: field.type,
        at: new LazyPath(at, field.name),
        parent: value,
        ancestorHidden: hidden,
      })
    }
  }
  if (type?.jsonType === 'array' && Array.isArray(value)) {
    const candidates = (type as ArraySchemaType).of as never
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const itemType = resolveTypeForArrayItem(item, candidates) as SchemaType | undefined
      visit({
        walk,
        out: mine,
        value: item,
        type: itemType,
        at: new LazyPath(at, isKeyed(item) ? {_key: item._key} : index),
        parent: value,
        ancestorHidden: hidden,
      })
    }
  }
  if (mine !== out) out.push(Promise.all(mine).then((all) => deduplicate(all.flat())))
}
