import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {Ajv2020} from 'ajv/dist/2020.js'
import type {Heading, Link, List, Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {runExport} from '../../pipeline/exportDataset.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {LocalDatasetClient} from '../../pipeline/validate/localClient.ts'
import {validateDocuments} from '../../pipeline/validate/validateDocuments.ts'
import {CACHE_FOLDER} from '../../pipeline/write/cacheShards.ts'
import {jsonSchemas, schemaFor} from '../../pipeline/write/jsonSchemas.ts'
import {WriteError, writeExport} from '../../pipeline/write/writeExport.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {cacheEntries, cacheOf, contentOf} from '../support/exportCache.ts'
import {exportDocs, runCli, snapshot, tempDir, writeDataset} from '../support/exportHarness.ts'
import {richDataset} from './richDataset.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are mutated freely to break one thing
type Doc = Record<string, any>
const edit = (docs: SanityDoc[], id: string, change: (doc: Doc) => void) => {
  const copy = structuredClone(docs) as Doc[]
  change(copy.find((d) => d._id === id) as Doc)
  return copy as SanityDoc[]
}
const readJson = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'))
const golden = (name: string, actual: string) => {
  const path = join(import.meta.dirname, 'golden', name)
  if (process.env.UPDATE === '1' || !existsSync(path)) writeFileSync(path, actual)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}
const parseMarkdown = (text: string) =>
  unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(text) as Root

describe('export of one tumour page', () => {
  it('matches the golden JSON and Markdown (UPDATE=1 regenerates)', async () => {
    const out = tempDir()
    const report = await exportDocs(richDataset(), out)
    expect(report.issues).toEqual([])
    golden(
      'leiomyosarcoma.json',
      readFileSync(join(out, 'json/tumours/leiomyosarcoma.json'), 'utf8'),
    )
    golden(
      'leiomyosarcoma.md',
      readFileSync(join(out, 'markdown/tumours/leiomyosarcoma.md'), 'utf8'),
    )
  })

  it('writes Markdown that remark reads back with every section, link, list and footnote', async () => {
    const out = tempDir()
    await exportDocs(richDataset(), out)
    const tree = parseMarkdown(
      readFileSync(join(out, 'markdown/tumours/leiomyosarcoma.md'), 'utf8'),
    )
    const h2 = tree.children.filter((n): n is Heading => n.type === 'heading' && n.depth === 2)
    expect(h2.map((h) => (h.children[0] as {value: string}).value)).toEqual([
      'Location',
      'Treatment',
      'Sources',
    ])
    const links: string[] = []
    visit(tree, 'link', (node: Link) => {
      links.push(node.url)
    })
    expect(links).toContain('https://www.example.org/guidelines/sarcoma')
    expect(links).toContain('https://en.wikipedia.org/wiki/Uterus')
    const lists: List[] = []
    visit(tree, 'list', (node: List) => {
      lists.push(node)
    })
    const bullets = lists.find((l) => !l.ordered && l.children.length === 2)
    expect(bullets?.children[0]?.children.some((c) => c.type === 'list')).toBe(true) // nested level 2
    expect(lists.some((l) => l.ordered && l.children.length === 2)).toBe(true)
    const footnotes = tree.children.filter((n) => n.type === 'footnoteDefinition')
    expect(footnotes).toHaveLength(2) // the same source, cited with and without a locator
    expect(tree.children.some((n) => n.type === 'html')).toBe(false)
    const yaml = tree.children[0]
    expect(yaml?.type).toBe('yaml')
    const frontmatter = parseYaml((yaml as {value: string}).value)
    expect(frontmatter).toMatchObject({
      title: 'Leiomyosarcoma',
      slug: 'leiomyosarcoma',
      synonyms: ['LMS'],
      kits: [
        {
          name: 'OncoProfile Sarcoma Panel',
          slug: 'oncoprofile-sarcoma-panel',
          url: '/kits/oncoprofile-sarcoma-panel',
        },
      ],
    })
  })

  it('resolves the reverse reference: kits available for the tumour', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out)
    expect(readJson(out, 'json/tumours/leiomyosarcoma.json').kits).toEqual([
      {
        name: 'OncoProfile Sarcoma Panel',
        slug: 'oncoprofile-sarcoma-panel',
        url: '/kits/oncoprofile-sarcoma-panel',
        tagline: 'Genomic profiling for soft tissue sarcomas',
        callToAction: {label: 'Request a test', url: '/request-a-test'},
      },
    ])
    expect(readJson(out, 'json/kits/oncoprofile-sarcoma-panel.json').availableFor).toEqual([
      {name: 'Leiomyosarcoma', slug: 'leiomyosarcoma', url: '/tumours/leiomyosarcoma'},
    ])
    expect(readJson(out, 'json/tumours.json')).toEqual([
      expect.objectContaining({
        name: 'Leiomyosarcoma',
        kits: [expect.objectContaining({slug: 'oncoprofile-sarcoma-panel'})],
      }),
    ])
  })
})

describe('determinism and incremental writes', () => {
  it('gives byte-identical output for the same input', async () => {
    const [a, b] = [tempDir(), tempDir()]
    const path = writeDataset(richDataset())
    for (const outDir of [a, b])
      await runExport({
        source: {kind: 'ndjson', path},
        outDir,
        perspective: 'published',
        strict: false,
        requireApproval: false,
      })
    expect(await snapshot(a)).toEqual(await snapshot(b))
  })

  it('rewrites nothing when nothing changed, and only the changed page otherwise', async () => {
    const out = tempDir()
    const first = await exportDocs(richDataset(), out)
    expect(first.files?.unchanged).toEqual([])
    const inode = statSync(join(out, 'json/kits/oncoprofile-sarcoma-panel.json')).ino
    const noop = await exportDocs(richDataset(), out)
    expect(noop.files?.written).toEqual([])
    expect(noop.files?.removed).toEqual([])

    const changed = edit(richDataset(), 'tumour-leiomyosarcoma', (d) => {
      d.sections[0].body[0].children[0].text = 'It usually starts in the uterus.'
      d._rev = 'rev-2'
    })
    const one = await exportDocs(changed, out)
    expect(contentOf(one.files?.written)).toEqual([
      'json/tumours/leiomyosarcoma.json',
      'manifest.json',
      'markdown/tumours/leiomyosarcoma.md',
    ])
    // The page's line facts and validation result changed; its closure and statements did not.
    expect(cacheOf(one.files?.written)).toEqual(['line-facts', 'validated'])
    expect(statSync(join(out, 'json/kits/oncoprofile-sarcoma-panel.json')).ino).toBe(inode)
    const manifest = readJson(out, 'manifest.json')
    expect(manifest.files).toContainEqual(
      expect.objectContaining({
        path: 'json/tumours/leiomyosarcoma.json',
        documentId: 'tumour-leiomyosarcoma',
        revision: 'rev-2',
      }),
    )
  })

  it('removes the files of a document that disappeared (mark and sweep)', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out)
    const withoutKit = validDataset().filter((d) => d._id !== 'kit-oncoprofile')
    const report = await exportDocs(withoutKit, out)
    expect(report.files?.removed.sort()).toEqual([
      'json/kits/oncoprofile-sarcoma-panel.json',
      'markdown/kits/oncoprofile-sarcoma-panel.md',
    ])
    expect(existsSync(join(out, 'json/kits/oncoprofile-sarcoma-panel.json'))).toBe(false)
  })

  it('leaves the previous export intact when a write fails partway', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out)
    const before = await snapshot(out)
    let writes = 0
    const failing: typeof writeFile = async (...args) => {
      if (++writes === 2)
        throw Object.assign(new Error('no space left on device'), {code: 'ENOSPC'})
      return writeFile(...args)
    }
    await expect(
      writeExport(
        out,
        [
          {path: 'a.json', content: '1'},
          {path: 'b.json', content: '2'},
        ],
        {source: 's', perspective: 'published', writeFileImpl: failing},
      ),
    ).rejects.toThrow(/ENOSPC.*previous export is unchanged.*disk is full/)
    expect(await snapshot(out)).toEqual(before)
    expect(existsSync(join(dirname(out), `.${basename(out)}.staging`))).toBe(false)
  })

  it('refuses to swap into a non-empty folder that is not an export', async () => {
    const out = tempDir()
    writeFileSync(join(out, 'precious.txt'), 'keep me')
    await expect(exportDocs(validDataset(), out)).rejects.toThrow(WriteError)
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('keep me')
  })
})

describe('perspectives', () => {
  const withDrafts = () => {
    const docs = validDataset() as Doc[]
    const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
    docs.push({
      ...structuredClone(tumour),
      _id: 'drafts.tumour-leiomyosarcoma',
      summary: `${tumour.summary} Draft wording that is not yet published.`,
    })
    docs.push({
      ...structuredClone(tumour),
      _id: 'drafts.tumour-angiosarcoma',
      name: 'Angiosarcoma',
      slug: {_type: 'slug', current: 'angiosarcoma'},
    })
    docs.push({
      ...structuredClone(tumour),
      _id: 'versions.r1.tumour-leiomyosarcoma',
      summary: 'A release version that must never be exported by either perspective.',
    })
    return docs as SanityDoc[]
  }

  it('published ignores drafts and release versions', async () => {
    const out = tempDir()
    await exportDocs(withDrafts(), out)
    expect(readJson(out, 'json/tumours/leiomyosarcoma.json').summary).not.toContain('Draft wording')
    expect(existsSync(join(out, 'json/tumours/angiosarcoma.json'))).toBe(false)
  })

  it('drafts overlays each draft on its published document and adds draft-only pages', async () => {
    const out = tempDir()
    await exportDocs(withDrafts(), out, {perspective: 'drafts'})
    expect(readJson(out, 'json/tumours/leiomyosarcoma.json').summary).toContain('Draft wording')
    expect(readJson(out, 'json/tumours/angiosarcoma.json').id).toBe('tumour-angiosarcoma')
    expect(readJson(out, 'manifest.json').perspective).toBe('drafts')
  })
})

describe('bad content', () => {
  it('reports a missing reference with document, path and id, and skips the page', async () => {
    const out = tempDir()
    const docs = edit(
      validDataset(),
      'tumour-leiomyosarcoma',
      (d) => (d.sections[0].sources[0]._ref = 'source-gone'),
    )
    const report = await exportDocs(docs, out)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        documentId: 'tumour-leiomyosarcoma',
        path: 'sections[_key=="s1"].sources[_key=="r1"]',
        level: 'error',
        message: expect.stringContaining('"source-gone"'),
      }),
    )
    expect(report.skipped.map((s) => s.documentId)).toEqual(['tumour-leiomyosarcoma'])
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(false)
    // The kit stays, without the page that could not be exported.
    expect(readJson(out, 'json/kits/oncoprofile-sarcoma-panel.json').availableFor).toEqual([])
  })

  it('with --strict writes nothing when any document has an error', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out)
    const before = await snapshot(out)
    const docs = edit(validDataset(), 'tumour-leiomyosarcoma', (d) => (d.summary = 'Too short.'))
    const report = await exportDocs(docs, out, {strict: true})
    expect(report.aborted).toMatch(/--strict/)
    expect(report.files).toBeUndefined()
    expect(await snapshot(out)).toEqual(before)
  })

  it('drops unsafe links from JSON and Markdown, keeps their text, and reports them', async () => {
    const hrefs = [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'javascript&colon;alert(1)',
      'data:text/html,x',
      'vbscript:x',
    ]
    for (const href of hrefs) {
      const out = tempDir()
      const docs = edit(
        validDataset(),
        'tumour-leiomyosarcoma',
        (d) => (d.sections[0].body[0].markDefs[1].href = href),
      )
      const report = await exportDocs(docs, out)
      expect(report.issues).toContainEqual(
        expect.objectContaining({
          documentId: 'tumour-leiomyosarcoma',
          path: 'sections[_key=="s1"].body[_key=="b1"].markDefs[_key=="m2"].href',
          level: 'warning',
          code: 'unsafe-link',
        }),
      )
      const json = readFileSync(join(out, 'json/tumours/leiomyosarcoma.json'), 'utf8')
      const md = readFileSync(join(out, 'markdown/tumours/leiomyosarcoma.md'), 'utf8')
      for (const text of [json, md])
        expect(text.toLowerCase()).not.toMatch(/javascript|vbscript|data:text/)
      expect(md).toContain('It often starts in the uterus or the retroperitoneum.')
    }
  })

  it('rejects a slug that would write outside --out, naming the document', async () => {
    for (const slug of ['../../escape', '/etc/passwd', 'a\u0000b', 'Leiomyosarcoma']) {
      const out = tempDir()
      const docs = edit(validDataset(), 'tumour-leiomyosarcoma', (d) => (d.slug.current = slug))
      const report = await exportDocs(docs, out)
      expect(report.issues).toContainEqual(
        expect.objectContaining({
          documentId: 'tumour-leiomyosarcoma',
          path: 'slug',
          level: 'error',
          code: 'unsafe-slug',
        }),
      )
      expect(existsSync(join(out, '..', 'escape.json'))).toBe(false)
      expect(Object.keys(await snapshot(out)).filter((p) => p.startsWith('json/tumours/'))).toEqual(
        [],
      )
    }
  })

  it('reports malformed NDJSON with its line number and writes nothing', async () => {
    const out = tempDir()
    const path = writeDataset(validDataset())
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"_id": "broken",\n`)
    const report = await runExport({
      source: {kind: 'ndjson', path},
      outDir: out,
      perspective: 'published',
      strict: false,
      requireApproval: false,
    })
    expect(report.issues).toContainEqual(
      expect.objectContaining({line: 4, level: 'error', code: 'ndjson'}),
    )
    expect(report.aborted).toBeDefined()
    expect(readdirSync(out)).toEqual([])
  })

  it('answers each slug-uniqueness query with its own parameters (no stale query cache)', async () => {
    const docs = validDataset() as Doc[]
    const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
    docs.push({
      ...structuredClone(tumour),
      _id: 'tumour-b',
      slug: {_type: 'slug', current: 'other'},
    })
    docs.push({
      ...structuredClone(tumour),
      _id: 'tumour-c',
      slug: {_type: 'slug', current: 'other'},
    })
    const issues = await validateDocuments(docs as SanityDoc[], {
      dataset: new LocalDatasetClient(docs as SanityDoc[]),
    })
    const dupes = issues
      .filter((i) => i.message.includes('Slug is already in use'))
      .map((i) => i.documentId)
    expect(dupes.sort()).toEqual(['tumour-b', 'tumour-c'])
  })
})

describe('the embedded dataset', () => {
  it('exports files that validate against the published JSON Schemas (ajv)', async () => {
    const out = tempDir()
    const report = await runExport({
      source: {kind: 'ndjson', path: 'content/production.ndjson'},
      outDir: out,
      perspective: 'published',
      strict: false,
    })
    expect(report.issues.filter((i) => i.level === 'error')).toEqual([])
    const ajv = new Ajv2020({allErrors: true, strict: true})
    for (const [name, schema] of Object.entries(jsonSchemas)) ajv.addSchema(schema, name)
    const files = readJson(out, 'manifest.json').files.map((f: {path: string}) => f.path)
    let checked = 0
    for (const path of [...files, 'manifest.json']) {
      const schema = schemaFor(path)
      if (!schema) continue
      const validate = ajv.getSchema(schema)
      const ok = validate?.(readJson(out, path))
      expect(ok, `${path}: ${ajv.errorsText(validate?.errors)}`).toBe(true)
      checked++
    }
    // Approved pages, kits; sources, index, review keys, manifest; four cache spaces of one shard.
    expect(checked).toBe(11 + 2 + 4 + 4)
  })
})

// Each test starts several Node processes; on 2 busy cores one took over 30 s.
describe('the CLI', {timeout: 120_000}, () => {
  it('--check passes on a fresh export and lists the files that differ otherwise', async () => {
    const out = tempDir()
    const source = writeDataset(validDataset())
    expect(
      (
        await runCli('scripts/export.ts', [
          '--source',
          source,
          '--out',
          out,
          '--no-require-approval',
        ])
      ).code,
    ).toBe(0)
    const ok = await runCli('scripts/export.ts', [
      '--source',
      source,
      '--out',
      out,
      '--check',
      '--no-require-approval',
    ])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('is up to date')
    writeFileSync(join(out, 'json/tumours.json'), '[]\n')
    const stale = await runCli('scripts/export.ts', [
      '--source',
      source,
      '--out',
      out,
      '--check',
      '--no-require-approval',
    ])
    expect(stale.code).toBe(1)
    expect(stale.stdout).toContain('json/tumours.json')
  })

  it('--verify checks every file against the manifest', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out)
    expect((await runCli('scripts/export.ts', ['--verify', out])).code).toBe(0)
    writeFileSync(join(out, 'json/sources.json'), '[]\n')
    writeFileSync(join(out, 'stray.txt'), 'x')
    const result = await runCli('scripts/export.ts', ['--verify', out])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('json/sources.json: content differs from the manifest.')
    expect(result.stdout).toContain('stray.txt: not listed in the manifest.')
  })

  it('--only re-exports one document and keeps the others', async () => {
    const out = tempDir()
    const docs = richDataset()
    await exportDocs(docs, out)
    const source = writeDataset(
      edit(
        docs,
        'tumour-leiomyosarcoma',
        (d) => (d.summary = `${d.summary} Updated for the only-export test.`),
      ),
    )
    const result = await runCli('scripts/export.ts', [
      '--source',
      source,
      '--out',
      out,
      '--only',
      'tumour:leiomyosarcoma',
      '--no-require-approval',
    ])
    expect(result.code).toBe(0)
    expect(readJson(out, 'json/tumours/leiomyosarcoma.json').summary).toContain('only-export test')
    expect(existsSync(join(out, 'json/kits/oncoprofile-sarcoma-panel.json'))).toBe(true)
  })

  it('exits 2 on usage errors, 1 on content errors, and prints JSON with --report json', async () => {
    expect((await runCli('scripts/export.ts', ['--perspective', 'nope'])).code).toBe(2)
    expect((await runCli('scripts/export.ts', ['--only', 'page:x'])).code).toBe(2)
    expect(
      (await runCli('scripts/export.ts', ['--source', '/nonexistent.ndjson', '--out', tempDir()]))
        .code,
    ).toBe(2)
    const bad = writeDataset(edit(validDataset(), 'tumour-leiomyosarcoma', (d) => delete d.name))
    const result = await runCli('scripts/export.ts', [
      '--source',
      bad,
      '--out',
      tempDir(),
      '--report',
      'json',
      '--no-require-approval',
    ])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.skipped).toEqual([expect.objectContaining({documentId: 'tumour-leiomyosarcoma'})])
    expect(result.stderr).toContain('tumour-leiomyosarcoma › name: Enter the tumour name.')
  })
})

describe('incremental runs', () => {
  it('revalidates and re-renders only what a change can affect', async () => {
    const out = tempDir()
    const docs = richDataset() as Doc[]
    docs.push({
      ...structuredClone(docs.find((d) => d._id === 'tumour-leiomyosarcoma')),
      _id: 'tumour-other',
      name: 'Other',
      slug: {_type: 'slug', current: 'other'},
      sources: [],
    })
    for (const d of docs.filter((x) => x._id === 'tumour-other')) {
      d.sections = d.sections.slice(0, 1)
      d.sections[0].sources = []
      d.sections[0].body[0].markDefs = d.sections[0].body[0].markDefs.filter(
        (m: Doc) => m._type !== 'citation',
      )
    }
    const first = await exportDocs(docs as SanityDoc[], out)
    expect(first.revalidated).toBe(docs.length)
    const noop = await exportDocs(docs as SanityDoc[], out)
    expect(noop.revalidated).toBe(0)
    expect(noop.files?.written).toEqual([])

    // The Wikipedia source is cited by leiomyosarcoma only: only that page (and the sources list) changes.
    const renamed = edit(
      docs as SanityDoc[],
      'source-wikipedia-leiomyosarcoma',
      (d) => (d.title = 'Leiomyosarcoma – Wikipedia'),
    )
    const change = await exportDocs(renamed, out)
    expect(change.revalidated).toBe(2) // the source, and the one page that cites it
    expect(contentOf(change.files?.written)).toEqual([
      'json/sources.json',
      'json/tumours/leiomyosarcoma.json',
      'manifest.json',
      'markdown/tumours/leiomyosarcoma.md',
    ])
    expect(readJson(out, 'json/tumours/leiomyosarcoma.json').sources[0].title).toBe(
      'Leiomyosarcoma – Wikipedia',
    )
    // A fresh export of the same input gives the same bytes as the incremental one.
    const fresh = tempDir()
    await exportDocs(renamed, fresh)
    const withoutSource = async (dir: string) => {
      const files = await snapshot(dir)
      files['manifest.json'] = (files['manifest.json'] as string).replace(/"source":"[^"]*"/, '')
      return files
    }
    expect(await withoutSource(out)).toEqual(await withoutSource(fresh))
  })

  it('reports the warnings of documents it does not revalidate, as the first run did', async () => {
    const out = tempDir()
    const warned = edit(validDataset(), 'tumour-leiomyosarcoma', (d) => {
      d.seoTitle = 'A search title that is far too long for the results page of any search engine'
    })
    const text = (report: {issues: {documentId: string; path: string; level: string}[]}) =>
      report.issues.map((i) => `${i.level} ${i.documentId} ${i.path}`)
    const first = await exportDocs(warned, out)
    expect(text(first)).toEqual(['warning tumour-leiomyosarcoma seoTitle'])
    const noop = await exportDocs(warned, out)
    expect(noop.revalidated).toBe(0)
    expect(noop.files?.written).toEqual([])
    expect(noop.issues).toEqual(first.issues)
    const ajv = new Ajv2020({allErrors: true, strict: true})
    const validate = ajv.compile(jsonSchemas['manifest.schema.json'] as object)
    expect(validate(readJson(out, 'manifest.json')), ajv.errorsText(validate.errors)).toBe(true)
    const kept = Object.values(cacheEntries(out, 'validated')).flat() as {documentId: string}[]
    expect(kept.map((f) => f.documentId)).toEqual(['tumour-leiomyosarcoma'])
    // Another document changes: the warning is still reported, from the cache.
    const other = edit(warned, 'kit-oncoprofile', (d) => (d.tagline = 'A new tagline'))
    const later = await exportDocs(other, out)
    expect(later.revalidated).toBeGreaterThan(0)
    expect(text(later)).toEqual(['warning tumour-leiomyosarcoma seoTitle'])
    // Fixed: the warning goes, and does not come back on the next run.
    const fixed = edit(other, 'tumour-leiomyosarcoma', (d) => (d.seoTitle = 'Leiomyosarcoma'))
    expect((await exportDocs(fixed, out)).issues).toEqual([])
    expect((await exportDocs(fixed, out)).issues).toEqual([])
  })

  it('checks only changed documents for integrity, but slugs against every document', async () => {
    const out = tempDir()
    const docs = edit(richDataset(), 'source-wikipedia-leiomyosarcoma', (d) => {
      d.licenseUrl = 'javascript:alert(1)' // an integrity warning: the licence link is dropped
    })
    const first = await exportDocs(docs, out)
    const warning = first.issues.filter((i) => i.code === 'unsafe-link')
    expect(warning).toHaveLength(1)
    const noop = await exportDocs(docs, out)
    expect(noop.issues).toEqual(first.issues)

    // A new page takes the slug of an unchanged one: both are reported, neither is exported.
    const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
    const twin: Doc = structuredClone(tumour)
    twin._id = 'tumour-twin'
    twin.name = 'Twin'
    const clash = await exportDocs([...docs, twin as SanityDoc], out)
    const duplicates = clash.issues.filter((i) => i.code === 'duplicate-slug')
    expect(duplicates.map((i) => i.documentId).sort()).toEqual([
      'tumour-leiomyosarcoma',
      'tumour-twin',
    ])
    expect(clash.skipped.map((s) => s.documentId)).toContain('tumour-leiomyosarcoma')
    expect(clash.issues.filter((i) => i.code === 'unsafe-link')).toEqual(warning)
    // The same input exported fresh reports the same.
    expect((await exportDocs([...docs, twin as SanityDoc], tempDir())).issues).toEqual(clash.issues)
  })

  it('revalidates everything, and re-renders nothing, when the validation rules changed', async () => {
    const out = tempDir()
    const docs = validDataset()
    const first = await exportDocs(docs, out)
    expect((await exportDocs(docs, out)).revalidated).toBe(0)
    // As if the last run had used other rules (another schema or @sanity/validation): its
    // validation results are kept under another qualifier, so in another folder.
    const manifest = readJson(out, 'manifest.json')
    expect(manifest.rules).toMatch(/^[0-9a-f]{64}$/)
    const other = `${CACHE_FOLDER}/validated-${'0'.repeat(16)}`
    for (const file of manifest.files as {path: string}[]) {
      if (!file.path.startsWith(`${CACHE_FOLDER}/validated-`)) continue
      const moved = `${other}/${file.path.split('/').at(-1)}`
      mkdirSync(join(out, other), {recursive: true})
      renameSync(join(out, file.path), join(out, moved))
      file.path = moved
    }
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest))
    const again = await exportDocs(docs, out)
    expect(again.revalidated).toBe(first.revalidated)
    expect(again.rendered).toBe(0)
    expect(contentOf(again.files?.written)).toEqual(['manifest.json'])
    expect(cacheOf(again.files?.written)).toEqual(['validated'])
    expect(again.files?.removed).toEqual([`${other}/all.json`])
    expect(readJson(out, 'manifest.json').rules).toBe(manifest.rules)
  })

  it('does not re-render the other pages of a kit when one of its tumours changes', async () => {
    const out = tempDir()
    const docs = validDataset() as Doc[]
    const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma') as Doc
    docs.push({
      ...structuredClone(tumour),
      _id: 'tumour-other',
      name: 'Other',
      slug: {_type: 'slug', current: 'other'},
    })
    ;(docs.find((d) => d._id === 'kit-oncoprofile') as Doc).availableFor.push({
      _key: 'a2',
      _type: 'reference',
      _ref: 'tumour-other',
    })
    const first = await exportDocs(docs as SanityDoc[], out)
    expect(first.rendered).toBe(3)
    const edited = edit(
      docs as SanityDoc[],
      'tumour-leiomyosarcoma',
      (d) => (d.sections[0].body[0].children[0].text = 'Edited.'),
    )
    const report = await exportDocs(edited, out)
    expect(report.rendered).toBe(2) // the edited page, and the kit page that lists it
    expect(report.files?.written).toContain('json/tumours/leiomyosarcoma.json')
    expect(report.files?.written).not.toContain('json/tumours/other.json')
  })

  it('re-renders the tumour pages a changed kit is listed on', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out)
    const retitled = edit(validDataset(), 'kit-oncoprofile', (d) => (d.tagline = 'A new tagline'))
    const report = await exportDocs(retitled, out)
    expect(contentOf(report.files?.written)).toEqual([
      'json/kits/oncoprofile-sarcoma-panel.json',
      'json/tumours/leiomyosarcoma.json',
      'manifest.json',
      'markdown/kits/oncoprofile-sarcoma-panel.md',
      // The page's Markdown lists kits by name only, so its bytes did not change.
    ])
  })
})
