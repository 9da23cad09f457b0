import {toString as pathToString} from '@sanity/util/paths'
import {createSchema, defineField, defineType, type SanityDocument, validateDocument} from 'sanity'
import {describe, expect, it} from 'vitest'
import {validateWithStudioRules} from '../../pipeline/validate/ruleWalker.ts'

/**
 * The walker's branches that the project's schema never reaches: `hidden` callbacks (the
 * context's `hidden`, also inherited from a hidden parent) and `Rule.fields()` rules (also
 * inside `Rule.all()` / `Rule.either()`), held to `validateDocument` from `sanity` on a schema
 * made for them.
 */

/** A custom rule that reports what the Studio tells it about the node. */
const reportsHidden = (label: string) => (value: unknown, context: {hidden?: boolean}) =>
  context.hidden ? `${label} is hidden` : value === undefined ? `${label} is shown and empty` : true

const schema = createSchema({
  name: 'branches',
  types: [
    defineType({
      name: 'address',
      type: 'object',
      fields: [
        defineField({name: 'street', type: 'string'}),
        defineField({name: 'city', type: 'string'}),
      ],
    }),
    defineType({
      name: 'page',
      type: 'document',
      fields: [
        defineField({name: 'mode', type: 'string'}),
        defineField({
          name: 'secret',
          type: 'string',
          hidden: ({document}) => document?.mode === 'public',
          validation: (rule) => rule.custom(reportsHidden('secret') as never),
        }),
        defineField({
          name: 'box',
          type: 'object',
          hidden: ({parent}) => (parent as {mode?: string})?.mode === 'public',
          fields: [
            defineField({
              name: 'inner',
              type: 'string',
              validation: (rule) => rule.custom(reportsHidden('box.inner') as never),
            }),
          ],
        }),
        defineField({
          name: 'home',
          type: 'address',
          validation: (rule) =>
            rule.fields({
              street: (r) => r.required().error('A street, please.'),
              city: (r) => r.min(3),
            }),
        }),
        defineField({
          name: 'work',
          type: 'address',
          validation: (rule) =>
            rule.all([
              rule.fields({city: (r) => r.required()}),
              rule.fields({city: (r) => r.required()}), // the same rule twice: de-duplicated
            ]),
        }),
        defineField({
          name: 'places',
          type: 'array',
          of: [{type: 'address'}],
          validation: (rule) => rule.max(2),
        }),
      ],
    }),
  ],
})

const client = {fetch: async () => null, withConfig: () => client} as never
const exists = async () => true

const fingerprint = (
  markers: {path: Parameters<typeof pathToString>[0]; level: string; message: string}[],
) => markers.map((m) => `${pathToString(m.path)} ${m.level} ${m.message}`).sort()

async function both(document: Record<string, unknown>) {
  const doc = {_id: 'p1', _type: 'page', ...document}
  const oracle = await validateDocument({
    document: doc as SanityDocument,
    workspace: {schema, getClient: () => client} as never,
    environment: 'studio',
    getDocumentExists: exists,
  })
  const walker = await validateWithStudioRules(doc, {
    schema,
    getClient: () => client,
    getDocumentExists: exists,
  })
  return {oracle: fingerprint(oracle as never), walker: fingerprint(walker as never)}
}

const documents: [string, Record<string, unknown>][] = [
  ['shown and empty', {mode: 'draft'}],
  ['hidden by the document', {mode: 'public', secret: 'x'}],
  ['an object hidden by its parent, and what is inside it', {mode: 'public', box: {inner: 'x'}}],
  ['an object shown, and what is inside it', {mode: 'draft', box: {}}],
  ['Rule.fields() broken', {home: {street: '', city: 'Os'}, work: {street: 'Main'}}],
  ['Rule.fields() kept', {home: {street: 'Main', city: 'Oslo'}, work: {city: 'Oslo'}}],
  ['Rule.fields() on a missing object', {mode: 'draft'}],
  [
    'Rule.fields() inside a list of too many',
    {places: [{_key: 'a', city: 'X'}, {_key: 'b'}, {_key: 'c', street: 'S'}]},
  ],
]

describe('the rule walker on hidden fields and Rule.fields(), as validateDocument', () => {
  it.each(documents)('%s', async (_, document) => {
    const {oracle, walker} = await both(document)
    expect(walker).toEqual(oracle)
  })

  it('is not vacuous: the cases raise markers of every kind they were made for', async () => {
    const all = (await Promise.all(documents.map(([, d]) => both(d)))).flatMap((r) => r.oracle)
    expect(all.join('\n')).toContain('secret is hidden')
    expect(all.join('\n')).toContain('box.inner is hidden')
    expect(all.join('\n')).toContain('secret is shown and empty')
    expect(all.join('\n')).toContain('A street, please.')
    expect(all.some((m) => m.startsWith('work.city'))).toBe(true)
  })
})
