import {execFileSync, spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {verifyExport} from '../../pipeline/write/checkFiles.ts'
import {acquireExportLock} from '../../pipeline/write/exportLock.ts'
import {readManifest} from '../../pipeline/write/manifest.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {runCli, snapshot, tempDir, writeDataset} from '../support/exportHarness.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are built freely
type Doc = Record<string, any>

/** The valid dataset with `pages` tumour pages; `variant` changes every page's text. */
function scaled(pages: number, variant: string): SanityDoc[] {
  const docs = structuredClone(validDataset()) as Doc[]
  const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
  for (let i = 0; i < pages; i++) {
    const copy = structuredClone(tumour)
    copy._id = `tumour-copy-${i}`
    copy.slug.current = `copy-${i}`
    copy.name = `Copy ${i}`
    copy.summary = `${tumour.summary} Variant ${variant}, page ${i}.`
    docs.push(copy)
  }
  return docs as SanityDoc[]
}

const exportTo = (path: string, outDir: string, extra: object = {}) =>
  runExport({
    source: {kind: 'ndjson', path},
    outDir,
    perspective: 'published',
    strict: false,
    requireApproval: false,
    ...extra,
  })

function chattrWorks(): boolean {
  const dir = tempDir('chattr-')
  try {
    execFileSync('chattr', ['+i', dir], {stdio: 'ignore'})
    execFileSync('chattr', ['-i', dir], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

describe('concurrent exports', () => {
  it('never interleave: the second waits for the lock, and both outputs are complete', async () => {
    const parent = tempDir()
    const out = join(parent, 'out')
    const a = writeDataset(scaled(40, 'a'))
    const b = writeDataset(scaled(40, 'b'))
    const [first, second] = await Promise.all([exportTo(a, out), exportTo(b, out)])
    expect(first.aborted ?? second.aborted).toBeUndefined()
    const verify = await runCli('scripts/export.ts', ['--verify', out])
    expect(verify.code).toBe(0)
    // Whichever ran second wins, completely: every page comes from the same dataset.
    const variants = new Set(
      Array.from(
        {length: 40},
        (_, i) =>
          JSON.parse(readFileSync(join(out, `json/tumours/copy-${i}.json`), 'utf8')).summary.match(
            /Variant (\w)/,
          )[1],
      ),
    )
    expect(variants.size).toBe(1)
  })

  it('fails clearly when another export holds the folder for too long', async () => {
    const out = join(tempDir(), 'out')
    const release = await acquireExportLock(out)
    try {
      await expect(exportTo(writeDataset(validDataset()), out, {lockWaitMs: 200})).rejects.toThrow(
        /Another export \(pid \d+ on .+\) is writing to .*gave up after waiting/,
      )
    } finally {
      await release()
    }
  })
})

describe.runIf(chattrWorks())('an output folder that cannot be written', () => {
  it('gives a clear error, keeps the previous export and leaves no staging folder', async () => {
    const parent = tempDir()
    const out = join(parent, 'out')
    await exportTo(writeDataset(validDataset()), out)
    const before = await snapshot(out)
    const changed = writeDataset(scaled(3, 'changed'))
    for (const target of [out, parent]) {
      execFileSync('chattr', ['+i', target])
      try {
        const result = await runCli('scripts/export.ts', [
          '--source',
          changed,
          '--out',
          out,
          '--no-require-approval',
        ])
        expect(result.code).toBe(2)
        expect(result.stderr).toMatch(
          /error: (Could not write the export to .* \((EPERM|EACCES)\)\. The previous export is unchanged|Cannot create the lock)/,
        )
      } finally {
        execFileSync('chattr', ['-i', target])
      }
      expect(await snapshot(out)).toEqual(before)
      expect(
        readdirSync(parent).filter((n) => n.includes('staging') || n.includes('previous')),
      ).toEqual([])
    }
  })
})

describe('an export killed with SIGKILL', () => {
  it('leaves either the previous or the new complete export, at 30 different moments', async () => {
    const parent = tempDir('kill-')
    const out = join(parent, 'out')
    const oldSource = writeDataset(scaled(40, 'old'))
    const newSource = writeDataset(scaled(40, 'new'))
    await exportTo(oldSource, out)
    const pristine = join(tempDir('kill-pristine-'), 'out')
    execFileSync('cp', ['-a', out, pristine])
    const oldManifest = JSON.stringify((await readManifest(out))?.files)
    const fresh = join(tempDir('kill-ref-'), 'out')
    await exportTo(newSource, fresh)
    const newManifest = JSON.stringify((await readManifest(fresh))?.files)

    const outcomes = {old: 0, new: 0}
    const KILLS = 30
    for (let i = 0; i < KILLS; i++) {
      // Moments spread over the write phase, which starts when the staging folder appears;
      // the first few land earlier, while the dataset is read and validated.
      const child = spawn(
        'node',
        ['scripts/export.ts', '--source', newSource, '--out', out, '--no-require-approval'],
        {stdio: 'ignore'},
      )
      const exited = new Promise((resolve) => child.on('exit', resolve))
      const started = Date.now()
      if (i < 5) {
        await new Promise((resolve) => setTimeout(resolve, 150 + i * 200))
      } else {
        // This run's staging folder: the one a killed run left goes first (the run removes it).
        const staging = () => readdirSync(parent).includes('.out.staging')
        let leftoverGone = !staging()
        while (Date.now() - started < 20_000) {
          if (!staging()) leftoverGone = true
          else if (leftoverGone) break
          await new Promise((resolve) => setTimeout(resolve, 1))
        }
        await new Promise((resolve) => setTimeout(resolve, (i - 5) * 4))
      }
      child.kill('SIGKILL')
      await exited

      // As the kill left it, with nothing put back: the old or the new export, complete.
      expect(await verifyExport(out)).toEqual([])
      const files = JSON.stringify((await readManifest(out))?.files)
      expect([oldManifest, newManifest]).toContain(files)
      if (files === newManifest) {
        outcomes.new++
        // Back to the old export for the next kill.
        execFileSync('rm', ['-rf', out])
        execFileSync('cp', ['-a', pristine, out])
      } else {
        outcomes.old++
      }
    }
    expect(outcomes.old + outcomes.new).toBe(KILLS)
    // The next export removes what the kills left beside the folder.
    await exportTo(newSource, out)
    expect(readdirSync(parent).sort()).toEqual(['out'])
    console.log(`SIGKILL outcomes: ${JSON.stringify(outcomes)}`)
  }, 300_000)
})
