import {
  chmodSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {writeFileAtomic} from '../../pipeline/import/writeFileAtomic.ts'
import {tempDir} from '../support/exportHarness.ts'

describe('writeFileAtomic', () => {
  it('keeps the permission bits of the file it replaces', async () => {
    const dir = tempDir('atomic-')
    for (const mode of [0o600, 0o640, 0o755]) {
      const path = join(dir, `data-${mode.toString(8)}.ndjson`)
      writeFileSync(path, 'old\n')
      chmodSync(path, mode)
      await writeFileAtomic(path, 'new\n')
      expect(readFileSync(path, 'utf8')).toBe('new\n')
      expect(statSync(path).mode & 0o7777).toBe(mode)
    }
  })

  it('keeps a symbolic link and replaces its target, through a chain of links', async () => {
    const dir = tempDir('atomic-')
    const target = join(dir, 'real.ndjson')
    writeFileSync(target, 'old\n')
    chmodSync(target, 0o640)
    symlinkSync(target, join(dir, 'middle.ndjson'))
    symlinkSync('middle.ndjson', join(dir, 'link.ndjson')) // relative, as `ln -s` makes it
    await writeFileAtomic(join(dir, 'link.ndjson'), 'new\n')
    expect(lstatSync(join(dir, 'link.ndjson')).isSymbolicLink()).toBe(true)
    expect(readlinkSync(join(dir, 'link.ndjson'))).toBe('middle.ndjson')
    expect(lstatSync(join(dir, 'middle.ndjson')).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe('new\n')
    expect(statSync(target).mode & 0o7777).toBe(0o640)
  })

  it('makes the target of a link to nothing, and keeps the link', async () => {
    const dir = tempDir('atomic-')
    symlinkSync('made-later.ndjson', join(dir, 'link.ndjson'))
    await writeFileAtomic(join(dir, 'link.ndjson'), 'new\n')
    expect(lstatSync(join(dir, 'link.ndjson')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'made-later.ndjson'), 'utf8')).toBe('new\n')
  })
})
