import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {canonicalSnapshot, sha256Hex} from '../../pipeline/review/contentHash.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {exportDocs, tempDir} from '../support/exportHarness.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are mutated freely
type Doc = Record<string, any>
const TUMOUR = 'tumour-leiomyosarcoma'
const KIT = 'kit-oncoprofile'

async function decision(
  doc: Doc,
  decidedAt: string,
  decision = 'approved',
  reviewer = 'person-reviewer',
) {
  const snapshot = canonicalSnapshot(doc)
  const contentHash = await sha256Hex(snapshot)
  return {
    _id: `approval-${doc._id}-${decidedAt}`,
    _type: 'approval',
    document: {_type: 'reference', _ref: doc._id.replace(/^drafts\./, ''), _weak: true},
    decision,
    reviewer: {_type: 'reference', _ref: reviewer},
    decidedAt,
    ...(decision === 'changesRequested' ? {comment: 'Cite the source.'} : {}),
    contentHash,
    snapshot,
  }
}

/** The valid dataset with both pages approved as they are. */
async function approvedDataset(): Promise<Doc[]> {
  const docs = structuredClone(validDataset()) as Doc[]
  const page = (id: string) => docs.find((d) => d._id === id) as Doc
  docs.push(
    await decision(page(TUMOUR), '2026-06-02T10:00:00Z'),
    await decision(page(KIT), '2026-06-02T11:00:00Z'),
  )
  return docs
}
const gated = (docs: Doc[], out: string, strict = false) =>
  exportDocs(docs as SanityDoc[], out, {requireApproval: true, strict})
const readJson = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'))

describe('the approval gate of the published export', () => {
  it('exports approved pages with who approved which content, in JSON and frontmatter', async () => {
    const out = tempDir()
    const docs = await approvedDataset()
    const report = await gated(docs, out)
    expect(report.issues).toEqual([])
    const page = readJson(out, 'json/tumours/leiomyosarcoma.json')
    const approval = docs.find((d) => d._type === 'approval' && d.document._ref === TUMOUR) as Doc
    expect(page.review).toEqual({
      approvedBy: {name: 'Amira Haddad', credentials: ['MD', 'PhD']},
      approvedAt: '2026-06-02T10:00:00Z',
      contentHash: approval.contentHash,
      lastReviewed: '2026-06-01',
      nextReviewDue: '2027-06-01',
      reviewedBy: {name: 'Amira Haddad', credentials: ['MD', 'PhD'], orcid: '0000-0002-1825-0097'},
    })
    const md = readFileSync(join(out, 'markdown/tumours/leiomyosarcoma.md'), 'utf8')
    const frontmatter = parseYaml(md.split('---')[1] as string)
    expect(frontmatter.review).toEqual({
      approvedBy: 'Amira Haddad, MD, PhD',
      approvedAt: '2026-06-02T10:00:00Z',
      contentHash: approval.contentHash,
      lastReviewed: '2026-06-01',
      nextReviewDue: '2027-06-01',
    })
    expect(readJson(out, 'json/kits/oncoprofile-sarcoma-panel.json').review.approvedAt).toBe(
      '2026-06-02T11:00:00Z',
    )
  })

  it('keeps the approved text when the published document was changed behind the Studio', async () => {
    const out = tempDir()
    const docs = await approvedDataset()
    const tumour = docs.find((d) => d._id === TUMOUR) as Doc
    tumour.sections[0].body[0].children[0].text =
      'Unreviewed claim published by a script with a token.'
    const report = await gated(docs, out)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        documentId: TUMOUR,
        level: 'warning',
        code: 'published-differs',
        message: expect.stringContaining('Published content differs from approved revision'),
      }),
    )
    const json = readFileSync(join(out, 'json/tumours/leiomyosarcoma.json'), 'utf8')
    const md = readFileSync(join(out, 'markdown/tumours/leiomyosarcoma.md'), 'utf8')
    for (const text of [json, md]) {
      expect(text).toContain('It often starts in the uterus or the retroperitoneum.')
      expect(text).not.toContain('Unreviewed claim')
    }
  })

  it('makes that an error under --strict, and writes nothing', async () => {
    const out = tempDir()
    const docs = await approvedDataset()
    ;(docs.find((d) => d._id === TUMOUR) as Doc).summary += ' Edited without review.'
    const report = await gated(docs, out, true)
    expect(report.issues).toContainEqual(
      expect.objectContaining({documentId: TUMOUR, level: 'error', code: 'published-differs'}),
    )
    expect(report.aborted).toMatch(/--strict/)
    expect(existsSync(join(out, 'manifest.json'))).toBe(false)
  })

  it('holds back a page no reviewer approved, and reports it', async () => {
    const out = tempDir()
    const docs = (await approvedDataset()).filter(
      (d) => !(d._type === 'approval' && d.document._ref === TUMOUR),
    )
    const report = await gated(docs, out)
    expect(report.skipped).toEqual([{documentId: TUMOUR, reason: 'no medical approval'}])
    expect(report.issues).toContainEqual(
      expect.objectContaining({documentId: TUMOUR, code: 'not-approved', level: 'warning'}),
    )
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(false)
    expect(readJson(out, 'json/kits/oncoprofile-sarcoma-panel.json').availableFor).toEqual([])
    // Preview builds can opt out.
    const preview = tempDir()
    await exportDocs(docs as SanityDoc[], preview, {requireApproval: false})
    expect(existsSync(join(preview, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
  })

  it('uses the newest approval when the published content has none of its own, ignoring requested changes', async () => {
    const out = tempDir()
    const docs = await approvedDataset()
    const tumour = docs.find((d) => d._id === TUMOUR) as Doc
    const newer = {
      ...structuredClone(tumour),
      summary: `${tumour.summary} Second approved wording.`,
    }
    const rejected = {...structuredClone(tumour), summary: `${tumour.summary} Rejected wording.`}
    docs.push(
      await decision(newer, '2026-07-01T09:00:00Z'),
      await decision(rejected, '2026-08-01T09:00:00Z', 'changesRequested', 'person-reviewer'),
    )
    tumour.summary = `${tumour.summary} Published by a script, never reviewed.`
    ;(docs.find((d) => d._id === 'source-wikipedia-leiomyosarcoma') as Doc).title =
      'Leiomyosarcoma (renamed)'
    const report = await gated(docs, out)
    const page = readJson(out, 'json/tumours/leiomyosarcoma.json')
    expect(page.summary).toContain('Second approved wording.')
    expect(page.review.approvedAt).toBe('2026-07-01T09:00:00Z')
    expect(page.sources[0].title).toBe('Leiomyosarcoma (renamed)')
    expect(report.issues).toContainEqual(
      expect.objectContaining({documentId: TUMOUR, code: 'published-differs'}),
    )
  })

  it('does not publish an approved draft early: the published content keeps its own approval', async () => {
    const out = tempDir()
    const docs = await approvedDataset()
    const tumour = docs.find((d) => d._id === TUMOUR) as Doc
    const draft = {
      ...structuredClone(tumour),
      _id: `drafts.${TUMOUR}`,
      summary: `${tumour.summary} Approved, not yet published.`,
    }
    docs.push(draft, await decision(draft, '2026-09-01T09:00:00Z'))
    const report = await gated(docs, out)
    expect(report.issues).toEqual([])
    const page = readJson(out, 'json/tumours/leiomyosarcoma.json')
    expect(page.summary).not.toContain('not yet published')
    expect(page.review.approvedAt).toBe('2026-06-02T10:00:00Z')
  })

  it('ignores an approval whose snapshot was edited after the decision', async () => {
    const out = tempDir()
    const docs = await approvedDataset()
    const approval = docs.find((d) => d._type === 'approval' && d.document._ref === TUMOUR) as Doc
    approval.snapshot = approval.snapshot.replace('It often starts', 'It always starts')
    const report = await gated(docs, out)
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        documentId: approval._id,
        path: 'snapshot',
        level: 'error',
        code: 'approval-tampered',
      }),
    )
    expect(report.skipped).toEqual([{documentId: TUMOUR, reason: 'no medical approval'}])
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
    const sortedOut = tempDir()
    const shuffledOut = tempDir()
    const docs = await approvedDataset()
    const shuffled = docs.map((d) => (d._id === TUMOUR ? (reversed(d) as Doc) : d))
    expect(JSON.stringify(shuffled.find((d) => d._id === TUMOUR))).not.toBe(
      JSON.stringify(docs.find((d) => d._id === TUMOUR)),
    )
    expect((await gated(docs, sortedOut)).issues).toEqual([])
    expect((await gated(shuffled, shuffledOut)).issues).toEqual([])
    expect(readJson(shuffledOut, 'json/tumours/leiomyosarcoma.json').review).toEqual(
      readJson(sortedOut, 'json/tumours/leiomyosarcoma.json').review,
    )
  })

  it('is off for the drafts perspective unless asked for', async () => {
    const out = tempDir()
    await exportDocs(validDataset(), out, {perspective: 'drafts', requireApproval: undefined})
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
  })
})

describe('the embedded dataset', () => {
  it('holds back the unapproved page and writes the approved melanoma text', () => {
    const manifest = JSON.parse(readFileSync('content-export/manifest.json', 'utf8'))
    const paths = manifest.files.map((f: {path: string}) => f.path)
    expect(paths).not.toContain('json/tumours/pancreatic-ductal-adenocarcinoma.json')
    const melanoma = JSON.parse(readFileSync('content-export/json/tumours/melanoma.json', 'utf8'))
    expect(melanoma.summary).toMatch(/^A cancer of the pigment cells/)
    expect(melanoma.review.contentHash).toMatch(/^[0-9a-f]{64}$/)
  })
})
