import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {toString as plainText} from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {type ExportReport, runExport} from '../../pipeline/exportDataset.ts'
import type {ContentIssue} from '../../pipeline/types.ts'
import {HOSTILE_ID} from '../fixtures/hostileCopy.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {snapshot, tempDir} from '../support/exportHarness.ts'

const FIXTURES = join(import.meta.dirname, '../fixtures/hostile')
const TUMOUR = 'tumour-leiomyosarcoma'
const LINK_PATH = 'sections[_key=="s1"].body[_key=="b1"].markDefs[_key=="m2"].href'

type Outcome =
  | {kind: 'fatal'; issue: Partial<ContentIssue>}
  | {kind: 'skipped'; documentId: string; issue: Partial<ContentIssue>}
  | {kind: 'written'; issue?: Partial<ContentIssue>; check?: (out: string) => void}

const read = (out: string, path: string) => readFileSync(join(out, path), 'utf8')
const page = (out: string) => JSON.parse(read(out, 'json/tumours/leiomyosarcoma.json'))
const markdown = (out: string) => read(out, 'markdown/tumours/leiomyosarcoma.md')
const noScheme = (out: string) => {
  for (const text of [read(out, 'json/tumours/leiomyosarcoma.json'), markdown(out)]) {
    expect(text.toLowerCase()).not.toMatch(/javascript|vbscript|data:text|&colon;|&#106;/)
  }
  expect(markdown(out)).toContain('It often starts in the uterus or the retroperitoneum.')
}
const unsafeLink: Outcome = {
  kind: 'written',
  issue: {documentId: TUMOUR, path: LINK_PATH, level: 'warning', code: 'unsafe-link'},
  check: noScheme,
}
const badSlug: Outcome = {
  kind: 'skipped',
  documentId: TUMOUR,
  issue: {documentId: TUMOUR, path: 'slug', level: 'error', code: 'unsafe-slug'},
}
const firstSpanText = (out: string) => page(out).sections[0].body[0].children[0].text as string
const written = (out: string, path: string) => existsSync(join(out, path))
/** The bad tumour is left out, and the leiomyosarcoma page beside it is still written. */
const containedTumour = (issue: Partial<ContentIssue>): Outcome => ({
  kind: 'written',
  issue: {documentId: HOSTILE_ID, level: 'error', ...issue},
  check: (out) => {
    expect(page(out).name).toBe('Leiomyosarcoma')
    expect(written(out, 'json/kits/oncoprofile-sarcoma-panel.json')).toBe(true)
    expect(written(out, 'json/tumours/hostile.json')).toBe(false)
  },
})
const tooDeep = (path: RegExp) =>
  containedTumour({
    code: 'too-deep',
    path: expect.stringMatching(path),
    line: validDataset().length + 1,
  })

/** One expectation per file in test/fixtures/hostile. */
const cases: Record<string, Outcome> = {
  'malformed-line': {kind: 'fatal', issue: {line: 1, code: 'ndjson', level: 'error'}},
  'byte-order-mark': {
    kind: 'written',
    check: (out) => expect(page(out).name).toBe('Leiomyosarcoma'),
  },
  'crlf-line-endings': {
    kind: 'written',
    check: (out) => expect(page(out).summary).not.toMatch(/\r/),
  },
  'invalid-utf8': {
    kind: 'fatal',
    issue: {line: 1, code: 'ndjson', message: expect.stringContaining('not valid UTF-8')},
  },
  'duplicate-id': {
    kind: 'written',
    issue: {documentId: TUMOUR, path: '_id', line: 4, level: 'error'},
    check: (out) => expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(false),
  },
  'missing-type': {
    kind: 'written',
    issue: {documentId: 'mystery-1', path: '_type', line: 4, level: 'error'},
  },
  'unknown-type': {
    kind: 'written',
    issue: {documentId: 'widget-1', path: '_type', line: 4, level: 'error'},
  },
  'null-where-object-expected': {
    kind: 'skipped',
    documentId: TUMOUR,
    issue: {documentId: TUMOUR, path: 'sections[1]', code: 'null-item'},
  },
  'null-document-line': {
    kind: 'fatal',
    issue: {line: 1, message: 'Expected a document object, found null.'},
  },
  'huge-text-field': {
    kind: 'written',
    check: (out) => expect(firstSpanText(out)).toHaveLength(10_485_760),
  },
  'deep-nesting': {
    kind: 'written',
    issue: {
      documentId: TUMOUR,
      code: 'too-deep',
      path: expect.stringMatching(/^legacyData\.child/),
    },
    check: (out) => expect(written(out, 'json/tumours/leiomyosarcoma.json')).toBe(false),
  },
  'deep-nesting-at-limit': {
    kind: 'written',
    check: (out) =>
      expect(JSON.parse(read(out, 'json/tumours/hostile.json')).name).toBe('Hostile copy'),
  },
  'deep-nesting-5000': tooDeep(/^legacyData(\.child){99}$/),
  'deep-nesting-100000-in-text': tooDeep(
    /^sections\[_key=="s1"\]\.body\[_key=="b1"\]\.children\[_key=="b1-s"\]\.extra(\[0\])+$/,
  ),
  'deep-nesting-100000-in-kit': {
    kind: 'written',
    issue: {
      documentId: 'kit-hostile',
      code: 'too-deep',
      path: expect.stringMatching(/^availableFor/),
    },
    check: (out) => {
      expect(page(out).name).toBe('Leiomyosarcoma')
      expect(written(out, 'json/kits/oncoprofile-sarcoma-panel.json')).toBe(true)
      expect(written(out, 'json/kits/hostile-kit.json')).toBe(false)
    },
  },
  'deep-list-levels': {
    ...containedTumour({
      code: 'list-too-deep',
      path: 'sections[_key=="s1"].body[_key=="l11"].level',
    }),
    kind: 'written',
  },
  'line-too-long': {
    kind: 'fatal',
    issue: {
      line: 4,
      code: 'ndjson',
      message: expect.stringContaining('longer than 33,554,432 bytes'),
    },
  },
  'duplicate-id-first-rejected': {
    kind: 'written',
    issue: {
      documentId: TUMOUR,
      path: '_id',
      line: 6,
      message: expect.stringContaining('appears again (first on line 4)'),
    },
    check: (out) => expect(written(out, 'json/tumours/leiomyosarcoma.json')).toBe(false),
  },
  'zero-documents': {
    kind: 'written',
    check: (out) => expect(JSON.parse(read(out, 'json/tumours.json'))).toEqual([]),
  },
  'self-reference': {
    kind: 'skipped',
    documentId: TUMOUR,
    issue: {documentId: TUMOUR, path: 'sources[_key=="self"]', code: 'wrong-reference-type'},
  },
  'reference-cycle-kit-tumour': {
    kind: 'skipped',
    documentId: TUMOUR,
    issue: {
      documentId: TUMOUR,
      path: 'sections[_key=="s1"].sources[_key=="kit"]',
      code: 'wrong-reference-type',
    },
  },
  'slug-path-traversal': badSlug,
  'slug-absolute-path': badSlug,
  'slug-nul-byte': badSlug,
  'slug-over-200-bytes': badSlug,
  'slugs-differ-only-by-case': {
    kind: 'skipped',
    documentId: 'tumour-leiomyosarcoma-copy',
    issue: {documentId: 'tumour-leiomyosarcoma-copy', path: 'slug', level: 'error'},
  },
  'link-javascript': unsafeLink,
  'link-data': unsafeLink,
  'link-vbscript': unsafeLink,
  'link-mixed-case': unsafeLink,
  'link-whitespace-padded': unsafeLink,
  'link-entity-encoded': unsafeLink,
  'link-numeric-entities': unsafeLink,
  'link-out-of-range-reference': unsafeLink,
  'link-backslash-slash': {
    ...unsafeLink,
    check: (out) => {
      noScheme(out)
      expect(read(out, 'json/tumours/leiomyosarcoma.json')).not.toContain('evil.example')
      expect(markdown(out)).not.toContain('evil.example')
    },
  },
  'raw-html-in-text': {
    kind: 'written',
    check: (out) => {
      const text =
        'Dose <b>10 mg</b> <script>alert("x")</script> <img src=x onerror=alert(1)> stays text.'
      expect(firstSpanText(out)).toBe(text)
      // remark reads the Markdown back as text: no HTML node, the characters unchanged.
      const tree = unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(remarkFrontmatter, ['yaml'])
        .parse(markdown(out))
      const html: string[] = []
      visit(tree, 'html', (node: {value: string}) => {
        html.push(node.value)
      })
      expect(html).toEqual([])
      expect(plainText(tree)).toContain(text)
    },
  },
  'markdown-syntax-in-text': {
    kind: 'written',
    check: (out) =>
      expect(firstSpanText(out)).toBe(
        '*not emphasis* _nor this_ # not a heading [not](a link) | not | a table | `not code` 1. not a list > not a quote',
      ),
  },
  'markdown-syntax-at-line-start': {
    kind: 'written',
    check: (out) => expect(markdown(out)).toContain('1\\. Take 2 tablets'),
  },
  'rtl-emoji-combining': {
    kind: 'written',
    check: (out) => {
      const text = 'العلاج الجراحي שלום 🧬🔬👩🏽‍⚕️ e\u0301 n\u0303 Z\u0351\u0345a\u036b'
      expect(firstSpanText(out)).toBe(text)
      expect(markdown(out)).toContain(text)
    },
  },
}

async function sourceFor(file: string): Promise<string> {
  if (!file.endsWith('.gen.ts')) return join(FIXTURES, file)
  const generate = (await import(join(FIXTURES, file))).default as () => string
  const path = join(tempDir('hostile-'), 'data.ndjson')
  writeFileSync(path, generate())
  return path
}

const exportTo = async (path: string, out: string): Promise<ExportReport> =>
  runExport({
    source: {kind: 'ndjson', path},
    outDir: out,
    perspective: 'published',
    strict: false,
    requireApproval: false,
  })

describe('hostile content', () => {
  const files = readdirSync(FIXTURES).sort()

  it('has one expectation per fixture file', () => {
    expect(files.map((f) => f.replace(/\.(ndjson|gen\.ts)$/, '')).sort()).toEqual(
      Object.keys(cases).sort(),
    )
  })

  it.each(files)(
    '%s: a clear error or safe, exact output, and nothing outside --out',
    async (file) => {
      const outcome = cases[file.replace(/\.(ndjson|gen\.ts)$/, '')] as Outcome
      const parent = tempDir('hostile-out-')
      const out = join(parent, 'out')
      const report = await exportTo(await sourceFor(file), out)
      if (outcome.kind === 'fatal') {
        expect(report.aborted).toBeDefined()
        expect(existsSync(out)).toBe(false)
      } else {
        expect(report.aborted).toBeUndefined()
        expect(existsSync(join(out, 'manifest.json'))).toBe(true)
      }
      if (outcome.kind === 'skipped')
        expect(report.skipped.map((s) => s.documentId)).toContain(outcome.documentId)
      if (outcome.kind !== 'written' || outcome.issue) {
        expect(report.issues).toContainEqual(expect.objectContaining(outcome.issue as object))
      }
      if (outcome.kind === 'written') outcome.check?.(out)
      expect(readdirSync(parent).filter((name) => !name.startsWith('.'))).toEqual(
        existsSync(out) ? ['out'] : [],
      )
      expect(readdirSync(parent).filter((name) => name.startsWith('.'))).toEqual([])
      // The same input twice gives the same bytes.
      if (report.files) {
        const again = join(tempDir('hostile-again-'), 'out')
        mkdirSync(dirname(again), {recursive: true})
        await exportTo(await sourceFor(file), again)
        const strip = (files: Record<string, string>) => {
          delete files['manifest.json']
          return files
        }
        expect(strip(await snapshot(again))).toEqual(strip(await snapshot(out)))
      }
    },
  )
})
