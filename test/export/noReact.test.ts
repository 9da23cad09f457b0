import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {freshBundle} from '../../pipeline/validate/studioBundle.ts'

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
const [entries, exportInto, source] = JSON.parse(process.argv[2])
for (const entry of entries) await import(entry)
if (exportInto) {
  const {runExport} = await import(entries[0])
  const report = await runExport({
    source: {kind: 'ndjson', path: source ?? 'content/production.ndjson'},
    outDir: exportInto,
    perspective: 'published',
    strict: false,
    renderWorkers: 0,
  })
  if (report.aborted) throw new Error('the export was aborted: ' + report.aborted)
  process.stderr.write(JSON.stringify({revalidated: report.revalidated}))
}
process.stdout.write(JSON.stringify([...seen]))
`

const scratch = mkdtempSync(join(tmpdir(), 'no-react-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

/** Every module URL a fresh Node process resolves while importing `entries` (then exporting). */
function modulesLoaded(
  entries: string[],
  exportInto?: string,
  source?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string[] & {revalidated?: number}> {
  // A script file, not -e: worker threads inherit the parent's execArgv, and -e would run in them too.
  const script = join(scratch, 'recorder.mjs')
  writeFileSync(script, RECORDER)
  const args = [script, JSON.stringify([entries, exportInto, source])]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      {cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: {...process.env, ...env}},
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`))
        else
          resolve(Object.assign(JSON.parse(stdout) as string[], stderr ? JSON.parse(stderr) : {}))
      },
    )
  })
}

const isReact = (moduleUrl: string) => /\/node_modules\/react(?:-dom)?\//.test(moduleUrl)

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

/** Code of the Studio's schema compiler and rules, and of the live client: ~800 modules in all. */
const isHeavy = (moduleUrl: string) =>
  /\/node_modules\/(?:@sanity\/(?:validation|schema|client)|rxjs|lodash-es)\//.test(moduleUrl) &&
  !moduleUrl.endsWith('/package.json')

/** The prebuilt module of the Studio's packages (scripts/bundle-studio-packages.ts). */
const isBundle = (moduleUrl: string) => moduleUrl.includes('/node_modules/.cache/studio-packages/')

describe('an incremental export loads the Studio’s rules only when something changed', () => {
  it('none with nothing changed, and all of them, as one prebuilt module, for one page edited', async () => {
    expect(freshBundle(), 'npm install builds the module (prepare)').toBeDefined()
    const out = join(scratch, 'incremental')
    const first = await modulesLoaded([url('pipeline/exportDataset.ts')], out)
    expect(first.filter(isBundle)).toHaveLength(1)
    expect(first.filter(isHeavy)).toEqual([])
    const noop = await modulesLoaded([url('pipeline/exportDataset.ts')], out)
    expect(noop.revalidated).toBe(0)
    expect(noop.filter(isHeavy)).toEqual([])
    expect(noop.filter(isBundle)).toEqual([])
    const edited = join(scratch, 'edited.ndjson')
    const text = readFileSync(join(ROOT, 'content/production.ndjson'), 'utf8')
    // The published page (its draft comes first in the file) gets a new name.
    const name = '"name":"Leiomyosarcoma"'
    const at = text.lastIndexOf(name)
    writeFileSync(edited, `${text.slice(0, at)}"name":"LMS"${text.slice(at + name.length)}`)
    expect(readFileSync(edited, 'utf8')).not.toBe(text)
    const oneChange = await modulesLoaded([url('pipeline/exportDataset.ts')], out, edited)
    // The edited page went through the Studio's rules.
    expect(oneChange.revalidated).toBeGreaterThan(0)
    expect(oneChange.filter(isBundle)).toHaveLength(1)
    expect(oneChange.filter(isHeavy)).toEqual([])
    // Without the module, the same run resolves the packages file by file.
    const plain = await modulesLoaded(
      [url('pipeline/exportDataset.ts')],
      join(scratch, 'plain'),
      edited,
      {
        STUDIO_PACKAGES_BUNDLE: '0',
      },
    )
    expect(plain.filter(isHeavy).length).toBeGreaterThan(100)
    expect(plain.filter(isBundle)).toEqual([])
  }, 180_000)
})
