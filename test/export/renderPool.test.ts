import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {writeSyntheticDataset} from '../../pipeline/bench/syntheticDataset.ts'
import {runExport} from '../../pipeline/exportDataset.ts'
import type {RenderJob} from '../../pipeline/transform/renderPage.ts'
import {RenderPool} from '../../pipeline/transform/renderPool.ts'
import {listFiles} from '../../pipeline/write/writeExport.ts'

const work = mkdtempSync(join(tmpdir(), 'render-pool-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

async function exportWith(renderWorkers: number, source: string) {
  const outDir = join(work, `out-${renderWorkers}`)
  const report = await runExport({
    source: {kind: 'ndjson', path: source},
    outDir,
    perspective: 'published',
    strict: false,
    renderWorkers,
  })
  const files = await listFiles(outDir)
  return {report, files, read: (path: string) => readFileSync(join(outDir, path))}
}

describe('rendering pages in worker threads', () => {
  it('writes byte-identical exports with 0, 1 and 2 render workers', async () => {
    const source = join(work, 'dataset.ndjson')
    await writeSyntheticDataset(source, {tumours: 60})
    const inline = await exportWith(0, source)
    expect(inline.report.rendered).toBeGreaterThan(60)
    for (const threads of [1, 2]) {
      const pooled = await exportWith(threads, source)
      expect(pooled.report.rendered).toBe(inline.report.rendered)
      expect(pooled.report.issues).toEqual(inline.report.issues)
      expect(pooled.files).toEqual(inline.files)
      for (const path of inline.files)
        expect(pooled.read(path).equals(inline.read(path)), path).toBe(true)
    }
  })

  it('rejects the page whose rendering failed in a worker, with the reason', async () => {
    const pool = new RenderPool(1)
    try {
      const broken = {row: {sections: 42}, kits: []} as unknown as RenderJob
      await expect(pool.render(broken)).rejects.toThrow(/Rendering a page failed: .*TypeError/s)
    } finally {
      await pool.close()
    }
  })
})
