import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {deflateBomb, toBase64} from '../support/deflateBomb.ts'
import {tempDir} from '../support/exportHarness.ts'
import {
  AMIRA,
  byId,
  type Doc,
  embedded,
  exportSigned,
  headOf,
  JONAS,
  LI,
  SOFIA,
  signer,
  signSteps,
} from '../support/signedDataset.ts'

/**
 * The attacks of issue 13, each as someone with a write token for the dataset would try it:
 * take the embedded dataset, add documents, export. None of them may put unapproved text on a page.
 */
const PANCREAS = 'tumour-pancreatic-ductal-adenocarcinoma'
const LMS = 'tumour-leiomyosarcoma'
const read = (out: string, path: string) => readFileSync(join(out, path), 'utf8')
const messages = (report: {issues: {documentId: string; message: string}[]}, id: string) =>
  report.issues
    .filter((i) => i.documentId === id)
    .map((i) => i.message)
    .join('\n')

const release = (
  by: {writer: string; reviewer: string; publisher?: string},
  day = '2026-11-25',
) => [
  {kind: 'submitted' as const, by: by.writer, at: `${day}T09:00:00.000Z`},
  {kind: 'approved' as const, by: by.reviewer, at: `${day}T10:00:00.000Z`},
  {kind: 'published' as const, by: by.publisher ?? by.writer, at: `${day}T11:00:00.000Z`},
]

describe('forged approvals do not release a page', () => {
  it("a writer's approval (a key whose keyring entry is not a medical reviewer)", async () => {
    const docs = embedded()
    docs.push(
      ...(await signSteps(docs, byId(docs, PANCREAS), release({writer: JONAS, reviewer: SOFIA}))),
    )
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(messages(report, PANCREAS)).toMatch(
      /Approved with key \S+ of person-sofia-marquez, who is not a medical reviewer in the keyring/,
    )
    expect(report.skipped).toContainEqual({documentId: PANCREAS, reason: 'no medical approval'})
  })

  it('a self-approval (the submitter approves)', async () => {
    const docs = embedded()
    docs.push(...(await signSteps(docs, byId(docs, PANCREAS), release({writer: LI, reviewer: LI}))))
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(messages(report, PANCREAS)).toMatch(/approved by its own submitter \(person-li-chen\)/)
  })

  it('an anonymous approval (no signature, no known signer)', async () => {
    const docs = embedded()
    const steps = await signSteps(
      docs,
      byId(docs, PANCREAS),
      release({writer: JONAS, reviewer: AMIRA}),
    )
    const approval = steps[1] as Doc
    const payload = JSON.parse(approval.payload)
    delete approval.signature
    const {signer: _named, ...unnamed} = payload
    const nobody = {...approval, _id: 'statement-nobody', payload: JSON.stringify(unnamed)}
    docs.push(steps[0] as Doc, approval, nobody, steps[2] as Doc)
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(report.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['bad-signature', 'statement-malformed']),
    )
  })

  it('a statement replayed from another document counts for nothing there', async () => {
    const docs = embedded()
    const melanoma = docs.filter(
      (d) => d._type === 'reviewStatement' && d.document._ref === 'tumour-melanoma',
    )
    for (const s of melanoma)
      docs.push({...s, _id: `${s._id}-copy`, document: {...s.document, _ref: PANCREAS}})
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(report.issues.filter((i) => i.code === 'statement-misfiled')).toHaveLength(3)
  })

  it('a key or a person added to the dataset has no effect', async () => {
    const docs = embedded()
    docs.push({
      _id: 'keyring-override',
      _type: 'person',
      name: 'Mallory',
      roles: ['medicalReviewer'],
      keys: [{kid: 'k1', publicKey: {kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43)}}],
    })
    const steps = await signSteps(
      docs,
      byId(docs, PANCREAS),
      release({writer: JONAS, reviewer: AMIRA}),
    )
    const forged = {
      ...(steps[1] as Doc),
      payload: (steps[1] as Doc).payload.replace(AMIRA, 'keyring-override'),
    }
    docs.push(steps[0] as Doc, forged, steps[2] as Doc)
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(messages(report, 'keyring-override')).toMatch(/Unknown _type "person"/)
  })

  it('an approval made with a revoked key', async () => {
    const docs = embedded()
    const old = signer.keyIdFor(LI, '2026-01-01T00:00:00.000Z')
    const steps = release({writer: JONAS, reviewer: LI})
    const signed = await signSteps(docs, byId(docs, PANCREAS), [
      steps[0],
      {...steps[1], keyId: old},
      steps[2],
    ] as never)
    docs.push(...signed)
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(messages(report, PANCREAS)).toMatch(/the key was revoked at 2026-06-01/)
  })

  it('a keyring entry without the medicalReviewer role releases nothing', async () => {
    const keyring = JSON.parse(readFileSync('review/demo-keyring.json', 'utf8'))
    for (const p of keyring.people) if (p.id === AMIRA) p.roles = ['publisher']
    const path = join(tempDir('keyring-'), 'keyring.json')
    writeFileSync(path, JSON.stringify(keyring))
    const {out, report} = await exportSigned(embedded(), {keyring: path})
    // Amira approved GIST, among others; Li Chen's approvals still count.
    expect(existsSync(join(out, 'json/tumours/gastrointestinal-stromal-tumour.json'))).toBe(false)
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
    expect(messages(report, 'tumour-gastrointestinal-stromal-tumour')).toMatch(
      /who is not a medical reviewer/,
    )
  })
})

describe('what readers see is exactly what was approved', () => {
  it('an approved draft that was never published does not go live', async () => {
    const docs = embedded()
    const draft = byId(docs, `drafts.${LMS}`)
    docs.push(
      ...(await signSteps(docs, draft, [
        {kind: 'approved', by: AMIRA, at: '2026-11-26T10:00:00.000Z'},
      ])),
    )
    const {out} = await exportSigned(docs)
    const published = read(out, 'markdown/tumours/leiomyosarcoma.md')
    expect(published).toContain('Treatment is planned by a specialist sarcoma team')
    expect(published).not.toContain('at a centre that sees many people with sarcoma')
  })

  it('a source changed after approval: the page keeps the approved source and says so', async () => {
    const docs = embedded()
    const wikipedia = docs.find(
      (d) =>
        d._type === 'source' &&
        /wikipedia/.test(d._id) &&
        read('content/production.ndjson', '').length >= 0 &&
        byId(docs, LMS).sources?.some((r: Doc) => r._ref === d._id),
    ) as Doc
    const approvedUrl = wikipedia.url
    wikipedia.url = 'https://evil.example/leiomyosarcoma'
    wikipedia.title = 'Miracle cure for leiomyosarcoma'
    const {out, report} = await exportSigned(docs)
    const page =
      read(out, 'json/tumours/leiomyosarcoma.json') +
      read(out, 'markdown/tumours/leiomyosarcoma.md')
    expect(page).toContain(approvedUrl)
    expect(page).not.toMatch(/evil\.example|Miracle cure/)
    expect(read(out, 'json/sources.json')).not.toMatch(/evil\.example/)
    expect(messages(report, LMS)).toMatch(
      new RegExp(
        `A source or kit shown on this page changed since approval \\(${wikipedia._id}\\)`,
      ),
    )
    const strict = await exportSigned(docs, {strict: true})
    expect(strict.report.aborted).toBe('--strict and the content has errors')
  })

  it('published content edited behind the review: the approved revision is exported', async () => {
    const docs = embedded()
    const page = byId(docs, 'tumour-rhabdomyosarcoma')
    const approvedSummary = page.summary
    page.summary =
      'Rhabdomyosarcoma is always cured by a herbal remedy, so no specialist care is needed at all.'
    const {out, report} = await exportSigned(docs)
    const json = JSON.parse(read(out, 'json/tumours/rhabdomyosarcoma.json'))
    expect(json.summary).toBe(approvedSummary)
    expect(messages(report, 'tumour-rhabdomyosarcoma')).toMatch(
      /Published content differs from the approved revision/,
    )
  })

  it('the reviewer and dates shown come from the signed full review and the keyring', async () => {
    const {out} = await exportSigned(embedded())
    const review = JSON.parse(read(out, 'json/tumours/leiomyosarcoma.json')).review
    expect(review).toMatchObject({
      approvedBy: {name: 'Li Chen', credentials: ['MD', 'FRCPath']},
      approvedAt: '2026-10-12T16:05:00.000Z',
      lastReviewed: '2026-10-12',
      nextReviewDue: '2027-10-12',
      reviewedBy: {name: 'Li Chen', credentials: ['MD', 'FRCPath']},
      scope: 'full',
    })
    expect(review.statements.map((s: {payload: string}) => JSON.parse(s.payload).kind)).toEqual([
      'submitted',
      'approved',
      'published',
    ])
  })

  it('a release whose statements were deleted since the last export is reported', async () => {
    const docs = embedded()
    const out = tempDir()
    await exportSigned(docs, {out})
    const head = headOf(docs, 'tumour-liposarcoma')
    const without = docs.filter((d) => d._id !== `statement-${head}`)
    const {report} = await exportSigned(without, {out})
    const withdrawn = report.issues.find((i) => i.code === 'release-withdrawn')
    expect(withdrawn).toMatchObject({documentId: 'tumour-liposarcoma', level: 'error'})
    expect(existsSync(join(out, 'json/tumours/liposarcoma.json'))).toBe(false)
  })
})

describe('the content kept with an approval', () => {
  const approvalOf = (docs: Doc[], page: string) =>
    docs.find(
      (d) =>
        d._type === 'reviewStatement' &&
        d.document._ref === page &&
        JSON.parse(d.payload).kind === 'approved',
    ) as Doc

  it("swapped for another approval's encoded closure does not match the signed hash, cached verdicts or not", async () => {
    const docs = embedded()
    const out = tempDir()
    await exportSigned(docs, {out})
    // Edited behind the review, so the page would render from the closure its approval keeps.
    const page = byId(docs, 'tumour-rhabdomyosarcoma')
    page.summary = 'Rhabdomyosarcoma is always cured by a herbal remedy.'
    const approval = approvalOf(docs, 'tumour-rhabdomyosarcoma')
    approval.closure = approvalOf(docs, LMS).closure
    const {report} = await exportSigned(docs, {out})
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        documentId: 'tumour-rhabdomyosarcoma',
        code: 'closure-mismatch',
        message: expect.stringContaining(
          `Review statement ${approval._id} counts for nothing: its copy of the reviewed content does not match the signed content hash`,
        ),
      }),
    )
    expect(existsSync(join(out, 'json/tumours/rhabdomyosarcoma.json'))).toBe(false)
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
  })

  it('a decompression bomb (1 GiB of zeros in 6.8 MB) counts for nothing; the rest is exported', async () => {
    const docs = embedded()
    const steps = await signSteps(
      docs,
      byId(docs, PANCREAS),
      release({writer: JONAS, reviewer: AMIRA}),
    )
    // Signed over the real closure's hash; only the kept content is the bomb.
    const approval = {...(steps[1] as Doc), closure: toBase64(deflateBomb(2 ** 30))}
    docs.push(steps[0] as Doc, approval, steps[2] as Doc)
    const {out, report} = await exportSigned(docs)
    expect(report.aborted).toBeUndefined()
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        documentId: PANCREAS,
        code: 'closure-unreadable',
        message: `Review statement ${approval._id} counts for nothing: the reviewed content it keeps cannot be read (it inflates to more than 33554432 bytes). Statements keep it as the Studio writes it (base64 of the raw DEFLATE of the canonical content); review the page again.`,
      }),
    )
    expect(existsSync(join(out, 'json/tumours/pancreatic-ductal-adenocarcinoma.json'))).toBe(false)
    expect(existsSync(join(out, 'json/tumours/leiomyosarcoma.json'))).toBe(true)
    expect(report.skipped).toContainEqual({documentId: PANCREAS, reason: 'no medical approval'})
  })
})
