import {execFile} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const url = (path: string) => pathToFileURL(join(ROOT, path)).href

/*
 * A fresh Node process records every module it resolves, `import` and `require` alike
 * (module.registerHooks runs in the loading thread and sees both), then runs `body`.
 */
const RECORDER = `
import {registerHooks} from 'node:module'
const seen = new Set()
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context)
    seen.add(resolved.url)
    return resolved
  },
})
const [entries, exportInto] = JSON.parse(process.argv[1])
for (const entry of entries) await import(entry)
if (exportInto) {
  const {runExport} = await import(entries[0])
  const report = await runExport({
    source: {kind: 'ndjson', path: 'content/production.ndjson'},
    outDir: exportInto,
    perspective: 'published',
    strict: false,
    renderWorkers: 0,
  })
  if (report.aborted || report.rendered === 0) throw new Error('the export did not render')
}
process.stdout.write(JSON.stringify([...seen]))
`

/** Every module URL a fresh Node process resolves while importing `entries` (then exporting). */
function modulesLoaded(entries: string[], exportInto?: string): Promise<string[]> {
  const args = ['--input-type=module', '-e', RECORDER, JSON.stringify([entries, exportInto])]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      {cwd: ROOT, maxBuffer: 64 * 1024 * 1024},
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`))
        else resolve(JSON.parse(stdout) as string[])
      },
    )
  })
}

const isReact = (moduleUrl: string) => /\/node_modules\/react(?:-dom)?\//.test(moduleUrl)

const scratch = mkdtempSync(join(tmpdir(), 'no-react-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

describe('the export path loads no React', () => {
  it('neither its entry points, nor its worker threads, nor a whole export of the embedded dataset', async () => {
    const loaded = await modulesLoaded(
      [
        url('pipeline/exportDataset.ts'),
        url('pipeline/transform/renderWorker.ts'),
        url('pipeline/validate/validationWorker.ts'),
      ],
      join(scratch, 'out'),
    )
    // The schema, the Studio's rules and the Markdown serializer were all loaded, and nothing of React.
    expect(loaded).toContain(url('schemas/index.ts'))
    expect(loaded.some((m) => m.includes('/node_modules/@sanity/validation/'))).toBe(true)
    expect(loaded.some((m) => m.includes('/node_modules/mdast-util-to-markdown/'))).toBe(true)
    expect(loaded.filter(isReact)).toEqual([])
    expect(loaded.filter((m) => m.includes('/node_modules/@sanity/icons/'))).toEqual([])
  }, 120_000)

  it('would be seen: the Studio’s icon map loads React through the same recorder', async () => {
    const loaded = await modulesLoaded([url('studio/schemaDecorations.ts')])
    expect(loaded.filter(isReact).length).toBeGreaterThan(0)
  }, 60_000)
})
