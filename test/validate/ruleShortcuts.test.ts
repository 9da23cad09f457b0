import type {Rule as RuleType} from '@sanity/types'
import {getFallbackLocaleSource, Rule} from '@sanity/validation/_internal'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {type NodeInfo, ruleToRun} from '../../pipeline/validate/ruleWalker.ts'

/**
 * The rule walker skips `Rule#validate` when a rule certainly passes, and drops `unique()`
 * when the items are certainly distinct (see `ruleToRun`). Here the Studio's own `Rule` is the
 * oracle: for random rules built with its API and random values, a skipped rule must give no
 * markers, and a rule without `unique()` the same markers as the whole rule.
 */

const i18n = getFallbackLocaleSource()
await i18n.loadNamespaces(['validation'])

/** Documents that exist; 'doc' is the one being validated, 'gone' does not exist. */
const EXISTING = new Set(['a', 'b'])
const documentExists = (id: string) => EXISTING.has(id)

/** Where the value sits: no schema type, a reference type, or a weak reference type. */
const nodes: NodeInfo[] = [
  {documentExists},
  {type: {name: 'reference', jsonType: 'object'} as never, documentExists},
  {type: {name: 'reference', jsonType: 'object', weak: true} as never, documentExists},
  {type: {name: 'reference', jsonType: 'object'} as never},
]

/** The edges below sit in a (strong) reference field. */
const typed = nodes[1] as NodeInfo

const contextOf = (node: NodeInfo) =>
  ({
    i18n,
    environment: 'studio',
    path: ['field'],
    type: node.type,
    document: {_id: 'drafts.doc', _type: 'test'},
    getDocumentExists: async ({id}: {id: string}) => documentExists(id),
    __internal: {customValidation: true},
  }) as never

const internals = (rule: RuleType) => rule as unknown as {_rules: {flag: string}[]}

/** The markers as text, or the error when the rule cannot run (`max` on an object). */
const markersOf = (rule: RuleType, value: unknown, node: NodeInfo = typed) =>
  rule
    .validate(value, contextOf(node))
    .then(JSON.stringify, (error: Error) => `throws ${error.message}`)

type Step = (rule: RuleType) => RuleType
const allowed = ['normal', 'h3', 'bullet', 1, 2]

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant((r: RuleType) => r.required()),
  fc.constant((r: RuleType) => r.optional()),
  fc.constant((r: RuleType) => r.unique()),
  fc.constant((r: RuleType) => r.reference()),
  fc.nat({max: 4}).map((n) => (r: RuleType) => r.min(n)),
  fc.nat({max: 4}).map((n) => (r: RuleType) => r.max(n)),
  fc.subarray(allowed, {minLength: 1}).map((list) => (r: RuleType) => r.valid(list)),
  fc.constant((r: RuleType) => r.warning('A message of its own')),
  fc.constant((r: RuleType) =>
    r.custom((v) => (v == null ? 'Say something' : v === 'h3' ? 'No h3 here' : true)),
  ),
)

// Arrays most often: they are where unique() is dropped.
const base = fc.oneof(
  {arbitrary: fc.constant(() => Rule.array() as never), weight: 4},
  fc.constantFrom<() => RuleType>(
    () => Rule.string() as never,
    () => Rule.object() as never,
    () => Rule.number() as never,
    () => Rule.boolean() as never,
    () => Rule.dateTime() as never,
    () => new Rule() as never,
  ),
)

const primitive = fc.oneof(
  fc.constantFrom('', ' ', 'normal', 'h3', 'bullet', 'other', 0, 1, 2, 5, true, false, null),
  fc.string({maxLength: 6}),
)
const object = fc.oneof(
  fc.constantFrom({_type: 'x'}, {_key: 'k', _type: 'x', _weak: true}, {}),
  fc.record({
    _type: fc.constant('reference'),
    _ref: fc.constantFrom<unknown>('a', 'gone', 'doc', 5, ''),
  }),
  fc.record({_key: fc.string({maxLength: 2}), _type: fc.constant('x'), v: primitive}),
)
const value = fc.oneof(primitive, fc.constant(undefined), object, {
  arbitrary: fc.array(fc.oneof(primitive, object), {maxLength: 6}),
  weight: 3,
})

describe('the rule walker skips a rule only where the Studio would find nothing', () => {
  it('on random rules and values', async () => {
    let skipped = 0
    let stripped = 0
    let failing = 0
    let references = 0
    await fc.assert(
      fc.asyncProperty(
        base,
        fc.array(step, {maxLength: 4}),
        value,
        fc.constantFrom(...nodes),
        async (make, steps, v, node) => {
          const rule = steps.reduce((r, s) => s(r), make())
          const expected = await markersOf(rule, v, node)
          if (expected !== '[]') failing++
          const run = ruleToRun(rule, v, node)
          if (run === undefined) {
            skipped++
            if (internals(rule)._rules.some((r) => r.flag === 'reference')) references++
            expect(expected).toBe('[]')
          } else {
            if (run !== rule) stripped++
            expect(await markersOf(run, v, node)).toBe(expected)
          }
        },
      ),
      {numRuns: 10_000},
    )
    // Not vacuous: all three outcomes come up often.
    expect(skipped).toBeGreaterThan(300)
    expect(stripped).toBeGreaterThan(50)
    expect(failing).toBeGreaterThan(300)
    expect(references).toBeGreaterThan(20)
  })

  // The edges of each check, one by one (random search finds them only now and then).
  const custom = (r: RuleType) => r.custom((v) => (v == null ? 'Say something' : true))
  const edges: [string, () => RuleType, unknown, NodeInfo?][] = [
    ['a required object with only _type', () => Rule.object().required() as never, {_type: 'x'}],
    [
      'a required object with only meta keys',
      () => Rule.object().required() as never,
      {_key: 'k', _type: 'x', _weak: true},
    ],
    ['a required empty string', () => Rule.string().required() as never, ''],
    ['a required empty list', () => Rule.array().required() as never, []],
    ['a required false', () => Rule.boolean().required() as never, false],
    ['a required 0', () => Rule.number().required() as never, 0],
    ['a date that is not one', () => Rule.dateTime() as never, 'not a date'],
    ['an empty value with a custom rule', () => custom(Rule.string() as never), null],
    ['a missing value with a custom rule', () => custom(Rule.string() as never), undefined],
    ['a string too short', () => Rule.string().min(3) as never, 'ab'],
    ['a list too long', () => Rule.array().max(1) as never, [1, 2]],
    ['a value not allowed', () => Rule.string().valid(['a']) as never, 'b'],
    ['a number among strings', () => Rule.string().valid(['1']) as never, 1],
    ['a reference to a missing document', () => Rule.object().reference() as never, {_ref: 'gone'}],
    ['a reference that is not one', () => Rule.object().reference() as never, {_ref: 5}],
    [
      'a reference rule on a rule without a type',
      () => new Rule().reference() as never,
      {_ref: 'a'},
    ],
    [
      'a reference where the schema type is unknown',
      () => Rule.object().reference() as never,
      {_ref: 'a'},
      nodes[0],
    ],
    [
      'duplicates under unique()',
      () => Rule.array().unique() as never,
      [
        {_key: 'a', v: 1},
        {v: 1, _key: 'b'},
      ],
    ],
  ]
  it.each(edges)('on %s', async (_, make, v, node = typed) => {
    const rule = make()
    const expected = await markersOf(rule, v, node)
    const run = ruleToRun(rule, v, node)
    if (run === undefined) expect(expected).toBe('[]')
    else expect(await markersOf(run, v, node)).toBe(expected)
  })

  it('and the edges that fail in the Studio are run, not skipped', async () => {
    const failing = []
    for (const [name, make, v, node = typed] of edges) {
      if ((await markersOf(make(), v, node)) === '[]') continue
      failing.push(name)
      expect(ruleToRun(make(), v, node), name).toBeDefined()
    }
    expect(failing).toHaveLength(edges.length - 3) // a required [], false and 0 pass
  })
})
