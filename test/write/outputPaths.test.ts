import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import {outputPaths} from '../../pipeline/write/outputPaths.ts'
import {WriteError} from '../../pipeline/write/writeExport.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {runCli, tempDir, writeDataset} from '../support/exportHarness.ts'

describe('bad output paths', () => {
  it('--out on a file: a clear error, exit 2, no stack trace, the file untouched', async () => {
    const dir = tempDir('bad-out-')
    const file = join(dir, 'notes.txt')
    writeFileSync(file, 'keep me')
    const source = writeDataset(validDataset())
    const result = await runCli('scripts/export.ts', [
      '--source',
      source,
      '--out',
      file,
      '--no-require-approval',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(
      `error: The output folder ${file} is a file, not a folder. Choose a folder (a new one or an earlier export); nothing was changed.`,
    )
    expect(readFileSync(file, 'utf8')).toBe('keep me')
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  }, 60_000)

  it('--out under a file: a clear error naming the file', async () => {
    const dir = tempDir('bad-out-')
    writeFileSync(join(dir, 'notes.txt'), 'keep me')
    const exporting = runExport({
      source: {kind: 'ndjson', path: writeDataset(validDataset())},
      outDir: join(dir, 'notes.txt', 'out'),
      perspective: 'published',
      strict: false,
    })
    await expect(exporting).rejects.toThrow(
      new WriteError(
        `Cannot make the output folder ${join(dir, 'notes.txt', 'out')}: ${join(dir, 'notes.txt')} is a file. Choose another output folder; nothing was changed.`,
      ),
    )
  })

  it('--verify of a folder that does not exist: exit 2, and no folder is made', async () => {
    const dir = tempDir('bad-verify-')
    const missing = join(dir, 'nonexistent', 'x')
    const result = await runCli('scripts/export.ts', ['--verify', missing])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(
      `error: ${missing} does not exist, so there is nothing to verify.`,
    )
    expect(existsSync(join(dir, 'nonexistent'))).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  }, 60_000)

  it('finds where a folder that does not exist yet would be, creating nothing', () => {
    const dir = tempDir('bad-out-')
    const paths = outputPaths(join(dir, 'a', 'b', 'out'))
    expect(paths.out).toBe(join(dir, 'a', 'b', 'out'))
    expect(paths.staging).toBe(join(dir, 'a', 'b', '.out.staging'))
    expect(readdirSync(dir)).toEqual([])
  })
})
