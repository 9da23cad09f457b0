import {describe, expect, it} from 'vitest'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments, validateOne} from '../../pipeline/validate/validateDocuments.ts'
import {cases, type Mutation, mutatedDataset, validCases} from '../fixtures/ruleCases.ts'
import {validDataset} from '../fixtures/validDataset.ts'

/** Validates one document of the valid dataset after `mutate` broke (or kept) it. */
async function issuesFor(id: string, mutate?: Mutation) {
  const {doc, docs} = mutatedDataset(id, mutate)
  return validateOne(doc, new LocalDatasetClient(docs))
}

describe('Studio rules, run headlessly through validateDocument', () => {
  it('accept the valid dataset with no markers at all', async () => {
    const docs = validDataset()
    expect(await validateDocuments(docs, {dataset: new LocalDatasetClient(docs)})).toEqual([])
  })

  it.each(cases)('$name → $level at $path', async ({id, mutate, level, path, message}) => {
    const issues = await issuesFor(id, mutate)
    expect(issues).toContainEqual(
      expect.objectContaining({
        documentId: id,
        level,
        path,
        message: expect.stringContaining(message),
      }),
    )
  })

  it.each(validCases)('accept a %s', async (_name, id, mutate) => {
    expect(await issuesFor(id, mutate)).toEqual([])
  })
})
