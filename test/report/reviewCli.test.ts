import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, join, resolve} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {listFiles} from '../../pipeline/write/writeExport.ts'
import {runCli, snapshot, tempDir} from '../support/exportHarness.ts'
import {startFakeContentLake} from '../support/fakeContentLake.ts'

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
    for (const option of [
      '--source <source>',
      '--keyring <path>',
      '--out <dir>',
      '--today <date>',
      '--no-html',
    ])
      expect(stdout).toContain(option)
  })

  it.each([
    ['an unknown flag', ['--frobnicate']],
    ['a date that does not exist', ['--today', '2026-02-30']],
    ['a date in another format', ['--today', '27.11.2026']],
    ['a missing dataset', ['--source', join(scratch, 'nope.ndjson'), '--no-html']],
    ['a live source without a project id', ['--source', 'sanity', '--no-html']],
    ['a missing keyring', ['--keyring', join(scratch, 'nope.json'), '--no-html']],
    ['a keyring that is not one', ['--keyring', join(root, 'package.json'), '--no-html']],
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

  it('exits 1 for a forged review statement, lists it with its reason, and still writes the report', async () => {
    let forged = ''
    const tampered = lines(embedded).map((line) => {
      const doc = JSON.parse(line)
      if (doc._type !== 'reviewStatement') return line
      const payload = JSON.parse(doc.payload)
      if (payload.documentId !== 'tumour-melanoma' || payload.kind !== 'approved') return line
      forged = doc._id
      // The payload says it approves other content: the signature no longer matches it.
      const contentHash = payload.contentHash.replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a'))
      return JSON.stringify({...doc, payload: JSON.stringify({...payload, contentHash})})
    })
    expect(forged).not.toBe('')
    const source = dataset('tampered.ndjson', `${tampered.join('\n')}\n`)
    const out = join(scratch, 'tampered')
    // A copy of the demo dataset outside content/ is checked against the demo keyring only when asked.
    const demo = join(root, 'review/demo-keyring.json')
    const {code, stdout} = await review(
      ...['--source', source, '--keyring', demo, '--today', '2026-11-27', '--out', out],
    )
    expect(code).toBe(1)
    expect(stdout).toMatch(/Signatures not valid \(1\)\n {2}• Melanoma \[tumour-melanoma\]/)
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      `Review statement ${forged}: the signature does not match key`,
    )
    // Without its approval, melanoma is no longer a released page whose published copy differs.
    expect(stdout).toMatch(/Published without approval \(2\)[\s\S]*tumour-melanoma/)
    expect(stdout).toContain('Published content differs from the approved revision (0)')
    const page = readFileSync(join(out, 'tumour-melanoma.html'), 'utf8')
    expect(page).toContain('<aside class="signatures"><h2>Signatures not valid</h2>')
  })

  it('says which keyring it used, and refuses the demo keyring for the live Content Lake', async () => {
    const {stdout} = await review('--today', '2026-11-27', '--no-html')
    expect(stdout).toContain(
      'Signatures checked against review/demo-keyring.json: a demo keyring (4 people), for demo data only',
    )
    const live = await runCli(
      script,
      ['--source', 'sanity', '--keyring', join(root, 'review/demo-keyring.json'), '--no-html'],
      {...env, SANITY_PROJECT_ID: 'demo', SANITY_API_HOST: 'http://127.0.0.1:9'},
    )
    expect(live.code).toBe(2)
    expect(live.stdout).toBe('')
    expect(live.stderr).toContain('is a demo keyring')
    expect(live.stderr).toContain('It cannot vouch for the live Content Lake')
  })

  it('checks a live dataset against the production keyring by default: demo signatures count for nothing', async () => {
    const lake = await startFakeContentLake({production: readFileSync(embedded)})
    try {
      const {code, stdout} = await runCli(
        script,
        ['--source', 'sanity', '--today', '2026-11-27', '--no-html'],
        {
          ...env,
          SANITY_PROJECT_ID: 'demo',
          SANITY_API_HOST: lake.url,
        },
      )
      expect(code).toBe(1)
      expect(stdout).toContain(
        'Signatures checked against review/keyring.json: the production keyring (0 people)',
      )
      expect(stdout).toContain('Awaiting review (0)')
      expect(stdout).toMatch(/Published without approval \(14\)/)
      expect(stdout.replace(/\s+/g, ' ')).toMatch(
        /which is not in the reviewer keyring, so it counts for nothing/,
      )
    } finally {
      await lake.close()
    }
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
