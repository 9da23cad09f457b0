import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  bundleDir,
  bundleFiles,
  bundleStamp,
  freshBundle,
} from '../../pipeline/validate/studioBundle.ts'
import {runCli, snapshot, tempDir} from '../support/exportHarness.ts'

const EXPORT = join(import.meta.dirname, '../../scripts/export.ts')

/** A project folder with a prebuilt module stamped `stamp`, and no packages installed. */
function projectWith(stamp: (root: string) => string) {
  const root = tempDir('bundle-root-')
  const files = bundleFiles(bundleDir(root))
  mkdirSync(bundleDir(root), {recursive: true})
  writeFileSync(files.module, 'export {}\n')
  writeFileSync(files.stamp, `${stamp(root)}\n`)
  return root
}

describe('the prebuilt module of the Studio packages', () => {
  it('gives the export the same pages, manifest and issues as the packages themselves', async () => {
    expect(freshBundle()).toBeDefined()
    const runs = await Promise.all(
      [{}, {STUDIO_PACKAGES_BUNDLE: '0'}].map(async (env) => {
        const out = tempDir()
        const args = ['--source', 'content/production.ndjson', '--out', out, '--report', 'json']
        const run = await runCli(EXPORT, args, env)
        return {...run, files: await snapshot(out)}
      }),
    )
    const [bundled, plain] = runs as [(typeof runs)[0], (typeof runs)[0]]
    expect(bundled.code).toBe(plain.code)
    const issues = (stdout: string) => JSON.parse(stdout).issues
    expect(issues(bundled.stdout)).toEqual(issues(plain.stdout))
    expect(issues(bundled.stdout).length).toBeGreaterThan(0)
    expect(bundled.files).toEqual(plain.files)
  }, 120_000)

  it('is used only when it was built from the versions installed now', () => {
    expect(freshBundle(projectWith((root) => bundleStamp(root)))).toMatch(/^file:.*\.mjs$/)
    expect(freshBundle(projectWith(() => 'a'.repeat(64)))).toBeUndefined()
    // Upgrading a package makes the module stale.
    const root = projectWith((r) => bundleStamp(r))
    const pkg = join(root, 'node_modules', '@sanity', 'validation')
    mkdirSync(pkg, {recursive: true})
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({version: '99.0.0'}))
    expect(freshBundle(root)).toBeUndefined()
  })

  it('is not used when STUDIO_PACKAGES_BUNDLE=0', () => {
    const root = projectWith((r) => bundleStamp(r))
    process.env.STUDIO_PACKAGES_BUNDLE = '0'
    try {
      expect(freshBundle(root)).toBeUndefined()
    } finally {
      delete process.env.STUDIO_PACKAGES_BUNDLE
    }
  })

  it('records the stamp of what it was built from', () => {
    const stamp = readFileSync(bundleFiles(bundleDir()).stamp, 'utf8').trim()
    expect(stamp).toBe(bundleStamp())
  })
})
