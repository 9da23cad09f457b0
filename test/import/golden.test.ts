import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {readBaseDataset} from '../../pipeline/import/readBaseDataset.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments} from '../../pipeline/validate/validateDocuments.ts'
import {caseNames, expectGolden, FIXTURES, report, runCase} from './cases.ts'

// Cases whose import is expected to be refused by the Studio's rules.
const blockedCases = new Set(['merge-slug-conflict'])

describe.each(caseNames())('import case %s', (name) => {
  it('matches output.ndjson and report.txt', async () => {
    const result = await runCase(name)
    expectGolden(name, 'output.ndjson', result.ndjson)
    expectGolden(name, 'report.txt', report(result))
    expect(result.blocked).toBe(blockedCases.has(name))
  })

  it('gives byte-identical output when run again', async () => {
    const [first, second] = [await runCase(name), await runCase(name)]
    expect(second.ndjson).toBe(first.ndjson)
    expect(report(second)).toBe(report(first))
  })

  it.skipIf(blockedCases.has(name))('changes nothing when merged into its own output', async () => {
    const first = await runCase(name)
    const {entries} = await readBaseDataset('output.ndjson', Buffer.from(first.ndjson))
    const again = await runCase(name, entries)
    expect(again.ndjson).toBe(first.ndjson)
    expect(again.changedIds).toEqual([])
  })

  it.skipIf(blockedCases.has(name))('passes the Studio rules with no errors', async () => {
    const {documents} = await runCase(name)
    const issues = await validateDocuments(documents, {dataset: new LocalDatasetClient(documents)})
    expect(issues.filter((issue) => issue.level === 'error')).toEqual([])
  })
})

describe('fixtures', () => {
  it('keep the Windows line endings of the CRLF case', () => {
    const text = readFileSync(join(FIXTURES, 'plain-crlf-whitespace', 'input.txt'), 'utf8')
    expect(text.split('\n').every((line) => line === '' || line.endsWith('\r'))).toBe(true)
  })
})
