import {mkdirSync, readFileSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {type ExportOptions, runExport} from '../../pipeline/exportDataset.ts'
import {verifyExport} from '../../pipeline/write/checkFiles.ts'
import {formatSummary} from '../../scripts/exportReport.ts'
import {runCli, snapshot, tempDir} from '../support/exportHarness.ts'

const PAGE = 'json/tumours/leiomyosarcoma.json'

/** The embedded dataset, exported as `npm run export` does. */
const exportEmbedded = (outDir: string, extra: Partial<ExportOptions> = {}) =>
  runExport({
    source: {kind: 'ndjson', path: 'content/production.ndjson'},
    outDir,
    perspective: 'published',
    strict: false,
    ...extra,
  })

/** Same length, other bytes: what the size check cannot see. */
function flipFirstLetter(path: string): void {
  const text = readFileSync(path, 'utf8')
  writeFileSync(path, text.replace(/Leiomyosarcoma/, 'Leiomyosarcomb'))
}

describe('a damaged export', () => {
  it('has a truncated page written again, not reused', async () => {
    const out = join(tempDir('repair-'), 'out')
    await exportEmbedded(out)
    const good = await snapshot(out)
    truncateSync(join(out, PAGE), 0)
    const report = await exportEmbedded(out)
    expect(report.files?.damaged).toEqual([
      {path: PAGE, problem: 'content differs from the manifest'},
    ])
    expect(report.files?.written.sort()).toEqual([PAGE, 'manifest.json'])
    expect(await snapshot(out)).toEqual(good)
    expect(formatSummary(report)).toContain(
      `- damaged, not reused: ${PAGE} (content differs from the manifest)`,
    )
  })

  it('has a changed index rebuilt from the pages, not carried forward', async () => {
    const out = join(tempDir('repair-'), 'out')
    await exportEmbedded(out)
    const good = await snapshot(out)
    const index = join(out, 'json/tumours.json')
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace('Leiomyosarcoma', 'Leiomyosarcoma (x)'),
    )
    const report = await exportEmbedded(out)
    expect(report.files?.damaged?.map((d) => d.path)).toEqual(['json/tumours.json'])
    expect(await snapshot(out)).toEqual(good)
  })

  it('keeps a same-size change on a normal run, and repairs it with --repair', async () => {
    const out = join(tempDir('repair-'), 'out')
    await exportEmbedded(out)
    const good = await snapshot(out)
    flipFirstLetter(join(out, PAGE))
    const normal = await exportEmbedded(out)
    expect(normal.files?.written).toEqual([]) // one lstat per file sees the size only
    const cli = await runCli('scripts/export.ts', ['--out', out, '--repair', '--report', 'json'])
    expect(cli.code, cli.stderr).toBe(0)
    const repaired = JSON.parse(cli.stdout)
    expect(repaired.files.damaged).toEqual([
      {path: PAGE, problem: 'content differs from the manifest'},
    ])
    expect(repaired.files.notes).toEqual(['Every file was checked against its sha256 (--repair).'])
    expect(await snapshot(out)).toEqual(good)
  }, 60_000)

  it('checks every sha256 on the first run after an interrupted one', async () => {
    const parent = tempDir('repair-')
    const out = join(parent, 'out')
    await exportEmbedded(out)
    const good = await snapshot(out)
    flipFirstLetter(join(out, PAGE))
    mkdirSync(join(parent, '.out.staging')) // what a killed export leaves (test/write/swap.test.ts)
    const report = await exportEmbedded(out)
    expect(report.files?.notes).toEqual([
      `The last export into ${out} was interrupted, so every file was checked against its sha256.`,
    ])
    expect(report.files?.damaged?.map((d) => d.path)).toEqual([PAGE])
    expect(await snapshot(out)).toEqual(good)
    // Now finished: the next run checks sizes only again.
    expect((await exportEmbedded(out)).files?.notes).toBeUndefined()
  })

  it('writes everything again when the manifest is unreadable, instead of refusing', async () => {
    const out = join(tempDir('repair-'), 'out')
    await exportEmbedded(out)
    const good = await snapshot(out)
    truncateSync(join(out, 'manifest.json'), 10)
    const report = await exportEmbedded(out)
    expect(report.files?.notes).toEqual([
      'manifest.json was unreadable, so every file was written again.',
    ])
    expect(report.files?.unchanged).toEqual([])
    expect(await snapshot(out)).toEqual(good)
  })

  it('reuses nothing a manifest lists outside the export', async () => {
    const out = join(tempDir('repair-'), 'out')
    await exportEmbedded(out)
    const manifestPath = join(out, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    writeFileSync(join(out, '..', 'secret.json'), '{}')
    manifest.files.push({path: '../secret.json', sha256: 'x', bytes: 2})
    writeFileSync(manifestPath, JSON.stringify(manifest))
    const report = await exportEmbedded(out)
    expect(report.files?.damaged).toContainEqual({
      path: '../secret.json',
      problem: 'not a path inside the export',
    })
    expect(await verifyExport(out)).toEqual([])
  })
})
