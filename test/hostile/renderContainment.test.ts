import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import type {RenderJob} from '../../pipeline/transform/renderPage.ts'
import {PageRenderError, RenderPool} from '../../pipeline/transform/renderPool.ts'
import {HOSTILE_ID, withHostileTumour} from '../fixtures/hostileCopy.ts'
import {tempDir, writeDataset} from '../support/exportHarness.ts'

afterEach(() => vi.restoreAllMocks())

/** The hostile copy beside leiomyosarcoma, both listed by the kit. */
function listedByTheKit() {
  const docs = withHostileTumour(() => {})
  const kit = docs.find((doc) => doc._type === 'kitProduct') as unknown as {availableFor: object[]}
  kit.availableFor.push({_key: 'a2', _type: 'reference', _ref: HOSTILE_ID})
  return docs
}

describe('a page whose render fails', () => {
  // The pool's own tests render a real failing page; here the pool reports that failure for
  // the hostile copy, to check what the export does with it.
  it.each([0, 1])(
    'is reported on its document and left out; the rest is written (%i workers)',
    async (workers) => {
      const render = RenderPool.prototype.render
      vi.spyOn(RenderPool.prototype, 'render').mockImplementation(function (
        this: RenderPool,
        job: RenderJob,
      ) {
        const id = (job.row as {_id: string})._id
        if (id === HOSTILE_ID)
          return Promise.reject(
            new PageRenderError(id, new RangeError('Maximum call stack size exceeded')),
          )
        return render.call(this, job)
      })
      const out = join(tempDir(), 'out')
      const report = await runExport({
        source: {kind: 'ndjson', path: writeDataset(listedByTheKit())},
        outDir: out,
        perspective: 'published',
        strict: false,
        requireApproval: false,
        renderWorkers: workers,
      })
      expect(report.aborted).toBeUndefined()
      expect(report.issues).toContainEqual(
        expect.objectContaining({documentId: HOSTILE_ID, code: 'document-failed', level: 'error'}),
      )
      expect(report.skipped.map((s) => s.documentId)).toContain(HOSTILE_ID)
      expect(existsSync(join(out, 'json/tumours/hostile.json'))).toBe(false)
      expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
      const kit = JSON.parse(
        readFileSync(join(out, 'json/kits/oncoprofile-sarcoma-panel.json'), 'utf8'),
      )
      expect(JSON.stringify(kit)).not.toContain('hostile')
      const index = JSON.parse(readFileSync(join(out, 'json/tumours.json'), 'utf8'))
      expect(index.map((row: {slug: string}) => row.slug)).toEqual(['leiomyosarcoma'])
    },
  )
})

describe('a kit page whose render fails', () => {
  it('is reported on its document and left out, and the tumour pages go on', async () => {
    const {QueryEngine} = await import('../../pipeline/query/queryEngine.ts')
    vi.spyOn(QueryEngine.prototype, 'kitPage').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded')
    })
    const out = join(tempDir(), 'out')
    const report = await runExport({
      source: {kind: 'ndjson', path: writeDataset(listedByTheKit())},
      outDir: out,
      perspective: 'published',
      strict: false,
      requireApproval: false,
    })
    expect(report.aborted).toBeUndefined()
    expect(report.issues).toContainEqual(
      expect.objectContaining({documentId: 'kit-oncoprofile', code: 'document-failed'}),
    )
    expect(existsSync(join(out, 'json/kits/oncoprofile-sarcoma-panel.json'))).toBe(false)
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
    expect(report.exported.kits).toBe(0)
  })
})
