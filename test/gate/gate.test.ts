import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {runExport} from '../../pipeline/exportDataset.ts'
import {sha256} from '../../pipeline/hash.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {cacheEntries} from '../support/exportCache.ts'
import {tempDir, writeDataset} from '../support/exportHarness.ts'
import {byId, type Doc, embedded, exportSigned, signer} from '../support/signedDataset.ts'

const read = (out: string, path: string) => readFileSync(join(out, path), 'utf8')
const frontmatter = (markdown: string) => parseYaml(markdown.split('---')[1] as string)

describe('the gate of the published export', () => {
  it('shows who approved which content, when, and the review dates, in JSON, frontmatter and JSON-LD', async () => {
    const {out} = await exportSigned(embedded())
    const json = JSON.parse(read(out, 'json/tumours/non-small-cell-lung-cancer.json'))
    expect(json.review).toMatchObject({
      approvedBy: {name: 'Amira Haddad', credentials: ['MD', 'PhD']},
      lastReviewed: '2026-09-15',
      nextReviewDue: '2027-03-15', // the six-month policy signed with the review
      reviewedBy: {name: 'Amira Haddad', credentials: ['MD', 'PhD'], orcid: '0000-0002-1825-0097'},
    })
    const md = frontmatter(read(out, 'markdown/tumours/non-small-cell-lung-cancer.md'))
    expect(md).toMatchObject({
      lastReviewed: '2026-09-15',
      nextReviewDue: '2027-03-15',
      reviewedBy: 'Amira Haddad, MD, PhD',
      review: {
        approvedBy: 'Amira Haddad, MD, PhD',
        scope: 'full',
        contentHash: json.review.contentHash,
      },
    })
    expect(json.jsonLd.reviewedBy).toMatchObject({
      name: 'Amira Haddad',
      sameAs: 'https://orcid.org/0000-0002-1825-0097',
    })
    const kit = JSON.parse(read(out, 'json/kits/oncoprofile-comprehensive.json'))
    expect(kit.review).toMatchObject({
      approvedBy: {name: 'Amira Haddad'},
      lastReviewed: '2026-10-21',
    })
  })

  it('holds back the unapproved page and writes the approved melanoma text', async () => {
    const docs = embedded()
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    const approved = JSON.parse(
      read('test/fixtures/demo-keys/versions/tumour-melanoma@2026-05-27.json', ''),
    )
    const melanoma = JSON.parse(read(out, 'json/tumours/melanoma.json'))
    expect(melanoma.summary).toBe(approved.summary)
    expect(melanoma.summary).not.toBe(byId(docs, 'tumour-melanoma').summary)
    expect(report.issues.find((i) => i.documentId === 'tumour-melanoma')?.code).toBe(
      'published-differs',
    )
  })

  it('recognizes the approved content whatever order its keys are in', async () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value
    const docs = embedded()
    const shuffled = docs.map((d) => (d._id === 'tumour-liposarcoma' ? (reversed(d) as Doc) : d))
    const a = await exportSigned(docs)
    const b = await exportSigned(shuffled)
    expect(b.report.issues.filter((i) => i.documentId === 'tumour-liposarcoma')).toEqual([])
    expect(read(b.out, 'json/tumours/liposarcoma.json')).toBe(
      read(a.out, 'json/tumours/liposarcoma.json'),
    )
  })

  it('is off for the drafts perspective unless asked for', async () => {
    const out = tempDir()
    const report = await runExport({
      source: {kind: 'ndjson', path: writeDataset(embedded() as SanityDoc[], `${out}.dataset`)},
      outDir: out,
      perspective: 'drafts',
      strict: false,
    })
    expect(report.keyring).toBeUndefined()
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(true)
    expect(existsSync(join(out, 'review/keys.json'))).toBe(false)
  })

  it('a no-op run writes nothing and reports the same issues', async () => {
    const docs = embedded()
    const out = tempDir()
    const first = await exportSigned(docs, {out})
    const manifest = JSON.parse(read(out, 'manifest.json'))
    expect(Object.keys(cacheEntries(out, 'statement-verdicts'))).toHaveLength(42)
    expect(manifest.keyring).toMatchObject({path: 'review/demo-keyring.json', purpose: 'demo'})
    const second = await exportSigned(docs, {out})
    expect(second.report.files?.written).toEqual([])
    expect(second.report.issues).toEqual(first.report.issues)
  })

  it('publishes the keys it trusted, and a demo keyring is refused for the live Content Lake', async () => {
    const {out} = await exportSigned(embedded())
    const keys = JSON.parse(read(out, 'review/keys.json'))
    expect(keys.purpose).toBe('demo')
    expect(keys.people.map((p: {id: string}) => p.id)).toContain('person-li-chen')
    await expect(
      runExport({
        source: {
          kind: 'live',
          config: {projectId: 'p', dataset: 'production', apiVersion: '2025-02-19'},
        },
        outDir: tempDir(),
        perspective: 'published',
        strict: false,
        keyring: 'review/demo-keyring.json',
      }),
    ).rejects.toThrow(/is a demo keyring.*cannot vouch for the live Content Lake/)
  })
})

describe('--only', () => {
  it('removes a page whose approval was withdrawn, and the kit pages stop listing it', async () => {
    const docs = embedded()
    const out = tempDir()
    await exportSigned(docs, {out})
    expect(read(out, 'json/kits/oncoprofile-sarcoma-fusion.json')).toContain('leiomyosarcoma')
    const withdrawn = docs.filter(
      (d) => !(d._type === 'reviewStatement' && d.document?._ref === 'tumour-leiomyosarcoma'),
    )
    const report = await runExport({
      source: {kind: 'ndjson', path: writeDataset(withdrawn as SanityDoc[], `${out}.dataset`)},
      outDir: out,
      perspective: 'published',
      strict: false,
      keyring: 'review/demo-keyring.json',
      only: {type: 'tumour', slug: 'liposarcoma'},
    })
    expect(report.skipped).toContainEqual({
      documentId: 'tumour-leiomyosarcoma',
      reason: 'no medical approval',
    })
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(false)
    expect(existsSync(join(out, 'markdown/tumours/leiomyosarcoma.md'))).toBe(false)
    for (const kit of ['oncoprofile-sarcoma-fusion', 'oncoprofile-comprehensive'])
      expect(read(out, `json/kits/${kit}.json`)).not.toContain('leiomyosarcoma')
    // The other pages are kept as they were.
    expect(existsSync(join(out, 'json/tumours/melanoma.json'))).toBe(true)
  })
})

describe('an approval whose kept content cannot be read', () => {
  it.each([
    ['not JSON', 'this is not JSON'],
    [
      'nested 100,000 levels deep',
      `{"page":${'['.repeat(100_000)}${']'.repeat(100_000)},"referencedBy":{},"references":{},"v":1}`,
    ],
  ])(
    'holds the page back with a clear error when it is %s (hash and signatures valid)',
    async (_, closure) => {
      const docs = embedded()
      const page = 'tumour-pancreatic-ductal-adenocarcinoma'
      const hash = sha256(closure)
      let previous: string | null = null
      for (const [kind, by, at] of [
        ['submitted', 'person-jonas-weber', '2026-11-25T09:00:00.000Z'],
        ['approved', 'person-amira-haddad', '2026-11-25T10:00:00.000Z'],
        ['published', 'person-jonas-weber', '2026-11-25T11:00:00.000Z'],
      ] as const) {
        const statement = await signer.statement({
          kind,
          documentId: page,
          documentType: 'tumour',
          contentHash: hash,
          signer: by,
          signedAt: at,
          previous,
          ...(kind === 'approved'
            ? {scope: 'full' as const, reviewIntervalMonths: 12, closure}
            : {}),
        })
        previous = statement._id.slice('statement-'.length)
        docs.push(statement as unknown as Doc)
      }
      const {out, report} = await exportSigned(docs)
      expect(report.aborted).toBeUndefined()
      expect(report.issues).toContainEqual(
        expect.objectContaining({documentId: page, code: 'closure-unreadable', level: 'error'}),
      )
      expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(
        false,
      )
      expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
    },
  )
})
