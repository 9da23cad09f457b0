import {describe, expect, it} from 'vitest'
import {tooDeepAt} from '../../pipeline/load/nestingDepth.ts'
import {nestingDepth, referencesOf} from '../../pipeline/references.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {checkIntegrity} from '../../pipeline/validate/integrity.ts'

/** A tumour whose `legacy` field nests `depth` levels of `{"b": …}` around a reference. */
const deepDocument = (depth: number): SanityDoc =>
  JSON.parse(
    `{"_id":"tumour-deep","_type":"tumour","legacy":${'{"b":'.repeat(depth)}{"_type":"reference","_ref":"nowhere"}${'}'.repeat(depth)}}`,
  )

// The walks the export makes over whole documents use explicit stacks; the loader keeps
// anything deeper than 100 levels from the libraries that recurse (see nestingDepth.ts).
describe.each([5000, 100_000])('a document nested %i levels deep', (depth) => {
  const doc = deepDocument(depth)

  it('has its references and depth found without recursion', () => {
    expect([...referencesOf(doc).strong]).toEqual(['nowhere'])
    expect(nestingDepth(doc)).toBe(depth + 2)
    expect(tooDeepAt(doc, 4)).toBe('legacy.b.b.b')
  })

  it('is checked for integrity without recursion, with the path of the deep reference', () => {
    const issues = checkIntegrity([doc], new Map([[doc._id, doc]]))
    expect(issues).toContainEqual(
      expect.objectContaining({
        documentId: 'tumour-deep',
        code: 'missing-reference',
        path: `legacy${'.b'.repeat(depth)}`,
      }),
    )
  })
})
