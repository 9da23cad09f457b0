import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {writeSyntheticDataset} from '../../pipeline/bench/syntheticDataset.ts'
import {runExport} from '../../pipeline/exportDataset.ts'
import {DEMO_KEYRING} from '../../pipeline/gate/keyringFile.ts'
import {QueryEngine} from '../../pipeline/query/queryEngine.ts'
import type {RenderJob} from '../../pipeline/transform/renderPage.ts'
import {PageRenderError, RenderPool} from '../../pipeline/transform/renderPool.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {listFiles} from '../../pipeline/write/writeExport.ts'
import {deepListBlocks} from '../fixtures/hostileCopy.ts'
import {validDataset} from '../fixtures/validDataset.ts'

const work = mkdtempSync(join(tmpdir(), 'render-pool-'))
afterAll(() => rmSync(work, {recursive: true, force: true}))

async function exportWith(renderWorkers: number, source: string, validationWorkers = 0) {
  const outDir = join(work, `out-${basename(source)}-${renderWorkers}-${validationWorkers}`)
  const report = await runExport({
    source: {kind: 'ndjson', path: source},
    outDir,
    perspective: 'published',
    strict: false,
    renderWorkers,
    validationWorkers,
    keyring: DEMO_KEYRING, // the synthetic dataset is signed with the demo keys
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

  it('reports and writes the same with a validation helper thread beside this one', async () => {
    const source = join(work, 'dataset-validation.ndjson')
    // Over 300 documents, so the helper takes a share. The two sources first in id order break
    // a Studio rule: shares alternate in that order, so each thread finds one of them.
    await writeSyntheticDataset(source, {tumours: 150})
    const docs = readFileSync(source, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as SanityDoc)
    const broken = docs
      .filter((d) => d._type === 'source')
      .map((d) => d._id)
      .sort()
      .slice(0, 2)
    const edited = docs.map((d) => (broken.includes(d._id) ? {...d, title: undefined} : d))
    writeFileSync(source, `${edited.map((d) => JSON.stringify(d)).join('\n')}\n`)
    const alone = await exportWith(0, source, 0)
    const helped = await exportWith(0, source, 1)
    expect(alone.report.revalidated).toBeGreaterThan(300)
    for (const id of broken)
      expect(alone.report.issues.some((i) => i.documentId === id && i.path === 'title')).toBe(true)
    expect(helped.report.issues).toEqual(alone.report.issues)
    expect(helped.report.skipped).toEqual(alone.report.skipped)
    expect(helped.files).toEqual(alone.files)
  })

  it('rejects the page whose rendering failed in a worker, with the reason', async () => {
    const pool = new RenderPool(1)
    try {
      const broken = {row: {_id: 'tumour-x', sections: 42}, kits: []} as unknown as RenderJob
      await expect(pool.render(broken)).rejects.toThrow(/Rendering the page failed .*TypeError/s)
    } finally {
      await pool.close()
    }
  })
})

/** The leiomyosarcoma page as the query stage hands it to the renderer. */
function pageJob(): RenderJob {
  const docs = validDataset()
  const row = new QueryEngine(docs, {timestamp: new Date(0)}).tumourPage('tumour-leiomyosarcoma')
  return {row: row as RenderJob['row'], kits: []}
}

/** 5,000 list items, each one level deeper: the Markdown serializer recurses per level. */
function deepListJob(): RenderJob {
  const job = structuredClone(pageJob())
  const body = (job.row.sections?.[0]?.body ?? []) as unknown[]
  body.push(...deepListBlocks(5000))
  return {...job, row: {...job.row, _id: 'tumour-deep-list'}}
}

describe.each([0, 1])('a page that fails to render (%i worker threads)', (threads) => {
  it('fails alone, as a content error naming its document, and the next pages render', async () => {
    const pool = new RenderPool(threads)
    try {
      const failed = pool.render(deepListJob())
      const next = pool.render(pageJob())
      const error = await failed.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PageRenderError)
      expect((error as PageRenderError).issue).toMatchObject({
        documentId: 'tumour-deep-list',
        level: 'error',
        code: 'document-failed',
        message: expect.stringContaining('RangeError: Maximum call stack size exceeded'),
      })
      expect((await next).slug).toBe('leiomyosarcoma')
      expect((await pool.render(pageJob())).slug).toBe('leiomyosarcoma')
    } finally {
      await pool.close()
    }
  })
})

describe('a page that cannot be sent to a worker', () => {
  it('fails alone, and the worker renders the next page', async () => {
    const pool = new RenderPool(1)
    try {
      const job = pageJob()
      const unsendable = {...job, row: {...job.row, _id: 'tumour-unsendable', extra: () => 1}}
      await expect(pool.render(unsendable as RenderJob)).rejects.toMatchObject({
        issue: {documentId: 'tumour-unsendable', code: 'document-failed'},
      })
      expect((await pool.render(pageJob())).slug).toBe('leiomyosarcoma')
    } finally {
      await pool.close()
    }
  })
})
