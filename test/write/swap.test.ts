import {existsSync, readdirSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {verifyExport, verifyFolder} from '../../pipeline/write/checkFiles.ts'
import {readManifest} from '../../pipeline/write/manifest.ts'
import {exchangePaths} from '../../pipeline/write/swapExport.ts'
import {WRITE_STEPS, writeExport} from '../../pipeline/write/writeExport.ts'
import {killHard, startLineChild} from '../support/childLines.ts'
import {tempDir} from '../support/exportHarness.ts'
import {pagesOf} from './children/pages.ts'

const WRITE_CHILD = 'test/write/children/writeAt.ts'

/** Every flush the writer asks for, in order with the exchange (see durable.ts). */
const flushes = vi.hoisted(() => [] as string[])
vi.mock('../../pipeline/write/durable.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../pipeline/write/durable.ts')>()
  return {
    syncToDisk: async (files: string[], folders: string[]) => {
      flushes.push(...files.map((f) => `file ${f}`), ...folders.map((f) => `folder ${f}`))
      await real.syncToDisk(files, folders)
    },
    syncPath: async (path: string, folder: boolean) => {
      flushes.push(`${folder ? 'folder' : 'file'} ${path}`)
      await real.syncPath(path, folder)
    },
  }
})

const write = (out: string, variant: string, extra = {}) =>
  writeExport(out, pagesOf(variant), {source: variant, perspective: 'published', ...extra})

describe('the swap', () => {
  it('never leaves the published folder missing, as a reader in another process sees it', async () => {
    const parent = tempDir('swap-')
    const out = join(parent, 'out')
    await write(out, 'v0')
    const stop = join(parent, 'stop')
    const watcher = startLineChild('node', [
      'test/write/children/watchPath.ts',
      join(out, 'manifest.json'),
      stop,
    ])
    await watcher.waitFor((line) => 'watching' in line)
    const SWAPS = 20
    for (let i = 1; i <= SWAPS; i++) {
      const result = await write(out, `v${i}`)
      expect(result.written).toContain('manifest.json')
    }
    writeFileSync(stop, '')
    const seen = await watcher.waitFor((line) => 'checks' in line)
    expect(seen.checks).toBeGreaterThan(SWAPS)
    expect(seen.misses).toBe(0)
    expect((await readManifest(out))?.source).toBe(`v${SWAPS}`)
  }, 120_000)

  it('leaves the old or the new export complete when killed at each step, and recovers', async () => {
    const seen: string[] = []
    for (const step of WRITE_STEPS) {
      const parent = tempDir('swap-kill-')
      const out = join(parent, 'out')
      await write(out, 'old')
      const child = startLineChild('node', [WRITE_CHILD, out, 'new', step])
      await child.waitFor((line) => line.at === step)
      await killHard(child)
      // As the kill left it: complete, old before the exchange and new after it.
      expect(await verifyExport(out)).toEqual([])
      const source = (await readManifest(out))?.source
      expect(source).toBe(step === 'staged' || step === 'synced' ? 'old' : 'new')
      expect(readdirSync(parent)).toContain('.out.staging') // what tells the next run
      const next = await write(out, 'next')
      expect(next.notes).toEqual([
        `The last export into ${out} was interrupted, so every file was checked against its sha256.`,
      ])
      expect(readdirSync(parent).sort()).toEqual(['out'])
      expect(await verifyExport(out)).toEqual([])
      seen.push(`${step}: ${source}`)
    }
    expect(seen).toEqual(['staged: old', 'synced: old', 'swapped: new', 'published: new'])
  }, 120_000)

  it('flushes every written file and folder before the exchange, and the parent after', async () => {
    const out = join(tempDir('swap-sync-'), 'out')
    await write(out, 'a')
    flushes.length = 0
    const exchange = vi.fn(async (from: string, to: string) => {
      flushes.push('exchange')
      await exchangePaths(from, to)
    })
    const result = await write(out, 'b', {exchange})
    const staging = join(out, '..', '.out.staging')
    const at = flushes.indexOf('exchange')
    const before = new Set(flushes.slice(0, at))
    for (const path of result.written) expect(before).toContain(`file ${join(staging, path)}`)
    for (const folder of ['', 'json', 'json/a', 'json/b', 'json/c'])
      expect(before).toContain(`folder ${join(staging, folder)}`)
    expect(flushes.slice(at + 1)).toEqual([`folder ${join(out, '..')}`])
    expect(result.written).toHaveLength(201) // 200 changed pages and the manifest
  })

  it('falls back to two renames where the file system cannot exchange folders', async () => {
    const out = join(tempDir('swap-fallback-'), 'out')
    await write(out, 'a')
    const cannot = async () => {
      throw Object.assign(new Error('EINVAL: invalid argument, renameat2'), {code: 'EINVAL'})
    }
    const result = await write(out, 'b', {exchange: cannot})
    expect(result.notes?.[0]).toMatch(/cannot exchange two folders \(EINVAL\).*two renames/)
    expect((await readManifest(out))?.source).toBe('b')
    expect(await verifyExport(out)).toEqual([])
  })

  it('puts the export back where a kill between the two fallback renames left none', async () => {
    const parent = tempDir('swap-fallback-')
    const out = join(parent, 'out')
    await write(out, 'a')
    renameSync(out, join(parent, '.out.previous')) // as the first of the two renames left it
    expect(existsSync(out)).toBe(false)
    expect(await verifyFolder(out)).toEqual([]) // --verify puts it back, then checks it
    expect((await readManifest(out))?.source).toBe('a')
    renameSync(out, join(parent, '.out.previous'))
    const next = await write(out, 'b')
    expect(next.notes?.[0]).toMatch(/was interrupted/)
    expect(readdirSync(parent).sort()).toEqual(['out'])
  })
})
