import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'vitest'
import {type ImportResult, importPages} from '../../pipeline/import/importFiles.ts'
import type {DatasetEntry} from '../../pipeline/import/mergeDataset.ts'
import {readBaseDataset} from '../../pipeline/import/readBaseDataset.ts'
import type {InputFile} from '../../pipeline/import/types.ts'
import {formatIssue} from '../../scripts/formatIssue.ts'

export const FIXTURES = join(import.meta.dirname, 'fixtures')
export const DATE = '2026-10-01'

/** Each folder under fixtures/ is a case: `input*` pages, an optional `base.ndjson`, goldens. */
export function caseNames(): string[] {
  return readdirSync(FIXTURES, {withFileTypes: true})
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

export function caseInputs(name: string): InputFile[] {
  return readdirSync(join(FIXTURES, name))
    .filter((file) => file.startsWith('input'))
    .sort()
    .map((file) => ({path: file, bytes: readFileSync(join(FIXTURES, name, file))}))
}

export async function caseBase(name: string): Promise<DatasetEntry[] | undefined> {
  const path = join(FIXTURES, name, 'base.ndjson')
  if (!existsSync(path)) return undefined
  const {entries, issues} = await readBaseDataset('base.ndjson', readFileSync(path))
  expect(issues).toEqual([])
  return entries
}

export async function runCase(name: string, base?: DatasetEntry[]): Promise<ImportResult> {
  const dataset = base ?? (await caseBase(name))
  return importPages(caseInputs(name), {date: DATE, ...(dataset ? {base: dataset} : {})})
}

/** What the CLI prints to stderr, minus its final summary line. */
export function report(result: ImportResult): string {
  const lines = result.issues.map(formatIssue)
  if (result.failedFiles.length > 0) lines.push(`failed: ${result.failedFiles.join(', ')}`)
  if (result.blocked) lines.push('blocked: nothing is written')
  return lines.map((line) => `${line}\n`).join('')
}

/** Compares with the golden file; `UPDATE=1` rewrites it instead. */
export function expectGolden(name: string, file: string, actual: string): void {
  const path = join(FIXTURES, name, file)
  if (process.env.UPDATE === '1') {
    writeFileSync(path, actual)
    return
  }
  if (!existsSync(path)) throw new Error(`${path} is missing; run with UPDATE=1 to create it.`)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}

export function golden(name: string, file: string): string {
  return readFileSync(join(FIXTURES, name, file), 'utf8')
}
