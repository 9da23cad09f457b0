import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'
import {compact, frontmatterYaml} from '../../pipeline/transform/markdown.ts'

const options = {lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN'} as const

// Strings YAML must quote or escape: indicators, line breaks, quotes, control and non-BMP characters.
const awkward = fc.oneof(
  fc.string({unit: 'binary', maxLength: 12}),
  fc.stringMatching(/^[-?:,[\]{}#&*!|>'"%@` \n\t\\a-z0-9]{0,12}$/),
  fc.constantFrom('', 'null', 'true', '1.5', '- x', 'a: b', '#c', '"q"', 'é€😀', '\u2028'),
)
const leaf = fc.oneof(awkward, fc.integer(), fc.boolean(), fc.constant(null))
const item = fc.dictionary(fc.constantFrom('title', 'url', 'name', 'slug', 'code'), leaf, {
  maxKeys: 4,
})
const value = fc.oneof(
  leaf,
  fc.array(awkward, {maxLength: 3}),
  fc.array(item, {maxLength: 4}),
  fc.array(fc.oneof(item, awkward), {maxLength: 3}),
  item,
)

/** What frontmatterYaml must equal: one `stringify` of the compacted whole. */
function whole(frontmatter: Record<string, unknown>): string {
  const compacted = compact(frontmatter) as Record<string, unknown>
  return Object.keys(compacted).length === 0 ? '' : stringify(compacted, options)
}

describe('frontmatter YAML made key by key and item by item', () => {
  it('equals stringify of the whole frontmatter', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('title', 'synonyms', 'sources', 'kits', 'review'), value),
        (frontmatter) => {
          // Twice: the second run is served from the item memo.
          expect(frontmatterYaml(frontmatter)).toBe(whole(frontmatter))
          expect(frontmatterYaml(frontmatter)).toBe(whole(frontmatter))
        },
      ),
      {numRuns: 2000},
    )
  })

  it('repeats a shared item in full, with no YAML anchor or alias', () => {
    const source = {title: 'Breast cancer', url: 'https://en.wikipedia.org/wiki/Breast_cancer'}
    const yaml = frontmatterYaml({sources: [source, source]})
    expect(yaml).toBe(stringify({sources: [{...source}, {...source}]}, options))
    expect(yaml).not.toMatch(/[&*]a1/)
  })
})
