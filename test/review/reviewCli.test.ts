import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, join, resolve} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {listFiles} from '../../pipeline/write/writeExport.ts'
import {runCli, snapshot, tempDir} from '../support/exportHarness.ts'

const root = resolve(import.meta.dirname, '../..')
const script = join(root, 'scripts/review.ts')
const embedded = join(root, 'content/production.ndjson')
const env = {
  PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
  NO_COLOR: '',
}
const scratch = tempDir('review-cli-')
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const review = (...args: string[]) => runCli(script, args, env)
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n')

function dataset(name: string, text: string): string {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}

describe('scripts/review.ts', () => {
  it('prints help and exits 0', async () => {
    const {code, stdout} = await review('--help')
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: review [options]')
    for (const option of ['--source <source>', '--out <dir>', '--today <date>', '--no-html'])
      expect(stdout).toContain(option)
  })

  it.each([
    ['an unknown flag', ['--frobnicate']],
    ['a date that does not exist', ['--today', '2026-02-30']],
    ['a date in another format', ['--today', '27.11.2026']],
    ['a missing dataset', ['--source', join(scratch, 'nope.ndjson'), '--no-html']],
    ['a live source without a project id', ['--source', 'sanity', '--no-html']],
  ])('exits 2 for %s', async (_name, args) => {
    const {code, stderr} = await review(...args)
    expect(code).toBe(2)
    expect(stderr).toMatch(/error/)
  })

  it('reports the embedded dataset, in plain text when not on a terminal', async () => {
    const out = join(scratch, 'report')
    const {code, stdout, stderr} = await review('--today', '2026-11-27', '--out', out)
    expect(code).toBe(0)
    expect(stdout).not.toContain('\u001b[')
    for (const heading of [
      'Awaiting review (1)',
      'Changes requested (1)',
      'Overdue for medical review (1)',
      'Published without approval (1)',
      'Published content differs from the approved revision (1)',
    ])
      expect(stdout).toContain(heading)
    expect(stdout).toContain('[-by a specialist sarcoma team and-] {+at a centre that sees')
    expect(stdout).toContain('review was due 2026-06-30, 150 days overdue')
    expect(stderr).toContain(`HTML report: ${out}/index.html`)
    expect(await listFiles(out)).toEqual([
      'index.html',
      'manifest.json',
      'tumour-angiosarcoma.html',
      'tumour-breast-cancer.html',
      'tumour-leiomyosarcoma.html',
      'tumour-melanoma.html',
      'tumour-pancreatic-ductal-adenocarcinoma.html',
      'tumour-synovial-sarcoma.html',
    ])
    const page = readFileSync(join(out, 'tumour-leiomyosarcoma.html'), 'utf8')
    expect(page).toContain('<del>by a specialist sarcoma team and</del>')
    expect(page).not.toMatch(/<script/i)
  })

  it('writes byte-identical reports on every run', async () => {
    const [a, b] = [join(scratch, 'same-a'), join(scratch, 'same-b')]
    const first = await review('--source', embedded, '--today', '2026-11-27', '--out', a)
    const second = await review('--source', embedded, '--today', '2026-11-27', '--out', b)
    expect([first.code, second.code]).toEqual([0, 0])
    expect(first.stdout).toBe(second.stdout)
    expect(await snapshot(b)).toEqual(await snapshot(a))
  })

  it('escapes <script> from content in the HTML report', async () => {
    const source = dataset(
      'hostile.ndjson',
      `${JSON.stringify({
        _id: 'drafts.tumour-x',
        _type: 'tumour',
        name: '<script>alert(1)</script>',
        summary: 'Text with </style><script>alert(2)</script> inside it, long enough.',
      })}\n`,
    )
    const out = join(scratch, 'hostile')
    const {code} = await review('--source', source, '--today', '2026-11-27', '--out', out)
    expect(code).toBe(0)
    for (const file of ['index.html', 'tumour-x.html']) {
      const html = readFileSync(join(out, file), 'utf8')
      expect(html).not.toMatch(/<script/i)
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(html.match(/<\/style>/g)).toHaveLength(1)
    }
  })

  it('exits 1 for unreadable dataset lines and leaves the previous report alone', async () => {
    const out = join(scratch, 'kept')
    expect((await review('--today', '2026-11-27', '--out', out)).code).toBe(0)
    const before = await snapshot(out)
    const broken = dataset(
      'broken.ndjson',
      `${lines(embedded).slice(0, 5).join('\n')}\n{"_id": "x",\n`,
    )
    const {code, stdout, stderr} = await review('--source', broken, '--out', out)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('line 6')
    expect(stderr).toContain('No report was written')
    expect(await snapshot(out)).toEqual(before)
  })

  it('exits 1 for a broken review record, and still writes the report', async () => {
    const tampered = lines(embedded).map((line) => {
      const doc = JSON.parse(line)
      if (doc._id !== 'approval-tumour-melanoma-61247ca71b08') return line
      return JSON.stringify({...doc, snapshot: doc.snapshot.replace('pigment', 'PIGMENT')})
    })
    const source = dataset('tampered.ndjson', `${tampered.join('\n')}\n`)
    const out = join(scratch, 'tampered')
    const {code, stdout} = await review('--source', source, '--today', '2026-11-27', '--out', out)
    expect(code).toBe(1)
    expect(stdout).toContain('approval-tumour-melanoma-61247ca71b08 › snapshot')
    expect(stdout).toMatch(/Published without approval \(2\)[\s\S]*tumour-melanoma/)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Problems in the dataset')
  })

  it('refuses to write over a folder that is not a report, and exits 2', async () => {
    const out = join(scratch, 'not-a-report')
    mkdirSync(out, {recursive: true})
    writeFileSync(join(out, 'notes.txt'), 'mine')
    const {code, stderr} = await review('--today', '2026-11-27', '--out', out)
    expect(code).toBe(2)
    expect(stderr).toContain('is not empty')
    expect(await listFiles(out)).toEqual(['notes.txt'])
  })

  it('writes no HTML with --no-html', async () => {
    const out = join(scratch, 'none')
    const {code} = await review('--today', '2026-11-27', '--out', out, '--no-html')
    expect(code).toBe(0)
    expect(existsSync(out)).toBe(false)
  })
})
