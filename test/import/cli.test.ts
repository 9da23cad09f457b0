import {execFile} from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join, resolve} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {caseInputs, DATE, FIXTURES, golden} from './cases.ts'

const root = resolve(import.meta.dirname, '../..')
const env = {
  ...process.env,
  PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
}
const scratch = mkdtempSync(join(tmpdir(), 'import-cli-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

function cli(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((done) => {
    execFile('node', ['scripts/import.ts', ...args], {cwd: root, env}, (error, stdout, stderr) => {
      done({code: error ? Number(error.code) : 0, stdout, stderr})
    })
  })
}

const inputs = (name: string) => caseInputs(name).map((input) => join(FIXTURES, name, input.path))

describe('scripts/import.ts', () => {
  it('prints help and exits 0', async () => {
    const {code, stdout} = await cli('--help')
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: import [options] <files...>')
    expect(stdout).toContain('--merge <file>')
  })

  it.each([
    ['no files', []],
    ['an unknown flag', ['--frobnicate', 'x.txt']],
    ['a date that does not exist', ['--date', '2026-02-30', 'x.txt']],
  ])('exits 2 for %s', async (_name, args) => {
    const {code, stderr} = await cli(...args)
    expect(code).toBe(2)
    expect(stderr).toMatch(/error/)
  })

  it('writes the NDJSON to stdout and exits 0', async () => {
    const {code, stdout} = await cli('--date', DATE, ...inputs('plain-basic'))
    expect(code).toBe(0)
    expect(stdout).toBe(golden('plain-basic', 'output.ndjson'))
  })

  it('imports the good files, reports the bad ones and exits 1', async () => {
    const out = join(scratch, 'errors.ndjson')
    const {code, stdout, stderr} = await cli('--date', DATE, '--out', out, ...inputs('errors'))
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(readFileSync(out, 'utf8')).toBe(golden('errors', 'output.ndjson'))
    expect(stderr).toContain(
      `✗ error   ${join(FIXTURES, 'errors', 'input-1-empty.txt')}: The file is empty.`,
    )
    expect(stderr).toContain('input-4-binary.txt: The file contains NUL bytes')
    expect(stderr).toContain('Imported 1 of 7 file(s)')
  })

  it('merges into a dataset and writes the whole dataset with --out', async () => {
    const out = join(scratch, 'merged.ndjson')
    const base = join(FIXTURES, 'merge', 'base.ndjson')
    const {code} = await cli('--date', DATE, '--merge', base, '--out', out, ...inputs('merge'))
    expect(code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(golden('merge', 'output.ndjson'))
    const again = await cli('--date', DATE, '--merge', out, '--out', out, ...inputs('merge'))
    expect(again.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(golden('merge', 'output.ndjson'))
  })

  it('writes --out through a symbolic link, keeping the link and the file mode', async () => {
    const target = join(scratch, 'dataset.ndjson')
    writeFileSync(target, '')
    chmodSync(target, 0o640)
    const link = join(scratch, 'current.ndjson')
    symlinkSync(target, link)
    const {code} = await cli('--date', DATE, '--out', link, ...inputs('plain-basic'))
    expect(code).toBe(0)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe(golden('plain-basic', 'output.ndjson'))
    expect(statSync(target).mode & 0o7777).toBe(0o640)
  })

  it('leaves the --out file alone when validation fails', async () => {
    const out = join(scratch, 'kept.ndjson')
    writeFileSync(out, 'previous export\n')
    const base = join(FIXTURES, 'merge-slug-conflict', 'base.ndjson')
    const {code, stderr} = await cli(
      '--date',
      DATE,
      '--merge',
      base,
      '--out',
      out,
      ...inputs('merge-slug-conflict'),
    )
    expect(code).toBe(1)
    expect(stderr).toContain(
      '✗ error   kit-oncoprofile-sarcoma-panel › slug: Slug is already in use',
    )
    expect(readFileSync(out, 'utf8')).toBe('previous export\n')
  })

  it('writes nothing when no file could be imported', async () => {
    const out = join(scratch, 'none.ndjson')
    const {code} = await cli(
      '--out',
      out,
      join(FIXTURES, 'errors', 'input-1-empty.txt'),
      join(scratch, 'missing.txt'),
    )
    expect(code).toBe(1)
    expect(existsSync(out)).toBe(false)
  })
})
