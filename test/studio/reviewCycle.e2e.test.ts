import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, expect} from 'vitest'
import {nodeLedgerCrypto} from '../../pipeline/gate/nodeCrypto.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {checkStatement} from '../../pipeline/workflow/checkStatement.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import type {StatementPayload} from '../../pipeline/workflow/statement.ts'
import demoKeyring from '../../review/demo-keyring.json' with {type: 'json'}
import {lakeClient} from '../support/contentLake/client.ts'
import {DEMO_KIDS} from '../support/demoLocalKeys.ts'
import {
  type ExportServer,
  liveDemoKeyring,
  liveSourceEnv,
  runScript,
  startExportServer,
} from '../support/studio/exportServer.ts'
import {
  addReference,
  annotateSelection,
  chooseOption,
  editAnnotation,
  selectRichText,
  typeRichText,
} from '../support/studio/formInputs.ts'
import {studioFlow} from '../support/studio/studioFlow.ts'
import type {StudioPage} from '../support/studio/studioPage.ts'
import {UI_TIMEOUT} from '../support/studio/studioPage.ts'
import {judgeLedger} from '../support/verifyLedgerCommand.ts'

/**
 * The review cycle of a new tumour page in the real Studio, from the first keystroke to the
 * reader's export: Jonas Weber (writer, publisher) writes and submits, Amira Haddad (medical
 * reviewer) sends it back and then approves it, Li Chen (writer and reviewer) is held to four
 * eyes, Jonas publishes, the stand-in's signed webhook makes `npm run serve` export the page,
 * and an edit through the API behind the review leaves readers with the approved text.
 * One browser session per person for the whole file; each step goes on from the last.
 */
const studio = studioFlow('review-cycle')

const keyring = demoKeyring as unknown as Keyring
const SHORT = 'Too short.'
const SUMMARY =
  'Desmoid tumours are rare growths of connective tissue that do not spread but can press on nearby organs.'
const RESUBMITTED = `${SUMMARY} They often come back after surgery, so many are watched first.`
const EDITED_BEHIND_REVIEW = `${RESUBMITTED} This sentence was added through the API, past the review.`
const COMMENT =
  'Say how often desmoid tumours come back after surgery, and how that shapes treatment.'
const MESSAGES = {
  summary: 'The summary is too short; write at least 50 characters.',
  source: 'Section "Overview" states facts but cites no source.',
  link: 'Links using "javascript:" are not allowed.',
}
const WAITING = 'Waiting for a medical reviewer to approve this version.'
const FOUR_EYES =
  'You submitted this version, so another medical reviewer must approve it (four-eyes rule).'

/** Set by the steps, in order. */
let page: {id: string; writer: StudioPage; reviewer?: StudioPage}
let exportDir: string
let server: ExportServer | undefined
afterAll(async () => {
  await server?.stop()
})

/** The page's statements in the stand-in, verified with the export's own code, oldest first. */
async function statementsOf(pageId: string): Promise<StatementPayload[]> {
  const filed = studio.lake.store
    .all()
    .filter(
      (doc) =>
        doc._type === 'reviewStatement' && (doc.document as {_ref?: string})?._ref === pageId,
    )
  const crypto = nodeLedgerCrypto()
  const checked = await Promise.all(filed.map((doc) => checkStatement(doc, keyring, crypto)))
  for (const c of checked) if (!c.ok) throw new Error(`${c.failure.code}: ${c.failure.message}`)
  return checked
    .flatMap((c) => (c.ok ? [c.statement.payload] : []))
    .sort((a, b) => a.signedAt.localeCompare(b.signedAt))
}

/** Waits until the page has `count` statements (the Studio stores each as it is signed). */
async function waitForStatements(pageId: string, count: number): Promise<StatementPayload[]> {
  await expect
    .poll(async () => (await statementsOf(pageId)).length, {timeout: UI_TIMEOUT})
    .toBe(count)
  return statementsOf(pageId)
}

const readExported = (path: string) => readFileSync(join(exportDir, path), 'utf8')

/** The page's chain as the export's gate judges it, over the whole stand-in. */
const judge = (pageId: string) =>
  judgeLedger({pageId, keyring, documents: studio.lake.store.all() as SanityDoc[]})

studio.step('a writer creates a tumour page and fixes what the Studio flags', async () => {
  const writer = await studio.loginAs('writer', {signingKey: true})
  await writer.open('/signing-key')
  const enrolled = 'Enrolled in review/demo-keyring.json as Jonas Weber, MSc'
  await writer.page.getByTestId('enrollment').filter({hasText: enrolled}).waitFor()
  await writer.screenshot('writer-signing-key')

  const id = await writer.createDocument('tumour')
  page = {id, writer}
  await writer.screenshot('new-page')
  await writer.setField('name', 'Desmoid tumour')
  await writer.setField('summary', SHORT)
  await writer.addItem('sections')
  await writer.setField(writer.itemField('heading'), 'Overview')
  await chooseOption(writer.itemField('kind'), 'Overview')
  const body = writer.itemField('body')
  await typeRichText(writer.page, body, 'Desmoid tumours grow from connective tissue. Read more')
  await selectRichText(writer.page, body, 'Read more')
  await annotateSelection(writer.page, body, 'link', 'javascript:alert(document.cookie)')
  await writer.screenshot('section-with-unsafe-link')
  await writer.closeItem()

  // What the user sees: the three messages in the document's validation panel.
  for (const message of Object.values(MESSAGES)) await writer.expectValidationMessage(message)
  await writer.screenshot('three-problems')
  // What the Content Lake holds: the draft as typed, unsafe link included.
  const typed = await studio.lake.store.waitFor(`drafts.${id}`, (doc) =>
    JSON.stringify(doc ?? {}).includes('javascript:alert'),
  )
  expect(typed).toMatchObject({_type: 'tumour', name: 'Desmoid tumour', summary: SHORT})

  await writer.setField('summary', SUMMARY)
  await writer.openItem('sections', /Overview/)
  const sources = writer.itemField('sources')
  await addReference(writer.page, sources, 'Cancer Research', /Soft tissue sarcoma/)
  await writer.screenshot('source-chosen')
  const safe = 'https://www.cancerresearchuk.org/'
  await editAnnotation(writer.page, writer.itemField('body'), 'Read more', safe)
  await writer.closeItem()
  await writer.showAllFields()
  await writer.field('slug').getByRole('button', {name: 'Generate'}).click()

  for (const message of Object.values(MESSAGES)) await writer.expectNoValidationMessage(message)
  await writer.expectNoValidationMessage('Generate a slug from the name.')
  await writer.screenshot('fixed')
  const fixed = await studio.lake.store.waitFor(
    `drafts.${id}`,
    (doc) => doc?.summary === SUMMARY && !JSON.stringify(doc).includes('javascript:'),
  )
  expect(fixed).toMatchObject({name: 'Desmoid tumour', slug: {current: 'desmoid-tumour'}})
  expect(fixed?.sections).toMatchObject([
    {
      heading: 'Overview',
      kind: 'overview',
      sources: [{_ref: 'source-cruk-soft-tissue-sarcoma'}],
      body: [
        {
          markDefs: [{_type: 'link', href: safe}],
          children: [{text: 'Desmoid tumours grow from connective tissue. '}, {text: 'Read more'}],
        },
      ],
    },
  ])
  expect(studio.lake.document(id), 'nothing is published').toBeUndefined()
})

studio.step('the writer submits it for review, signing in the confirmation dialog', async () => {
  const {writer, id} = page
  await writer.runAction('Submit for review')
  await expect.poll(() => writer.dialog.textContent()).toContain('Jonas Weber, MSc')
  expect(await writer.dialog.textContent()).toContain('Desmoid tumour')
  await writer.sign('Sign and submit', 'Jonas Weber', 'submit-dialog')
  await writer.badge('In review').waitFor()
  await writer.screenshot('submitted')

  // The statement in the Content Lake verifies in Node against the keyring, on the draft.
  const [submitted] = await waitForStatements(id, 1)
  expect(submitted).toMatchObject({
    kind: 'submitted',
    documentId: id,
    signer: 'person-jonas-weber',
    keyId: DEMO_KIDS.jonas,
    previous: null,
  })
  const ledger = await judge(id)
  expect(ledger.failures).toEqual([])
  expect(submitted?.contentHash).toBe(ledger.exportHashes.draft)
})

studio.step('a medical reviewer requests changes, with a comment', async () => {
  const reviewer = await studio.loginAs('reviewer', {signingKey: true})
  page.reviewer = reviewer
  await reviewer.openDocument('tumour', page.id)
  await reviewer.badge('In review').waitFor()
  expect(await reviewer.isActionEnabled('Publish')).toBe(false)
  expect(await reviewer.actionTooltip('Publish')).toBe(WAITING)
  await reviewer.runAction('Request changes')
  await reviewer.dialog.getByLabel('What needs to change?').fill(COMMENT)
  await reviewer.sign('Sign and request changes', 'Amira Haddad', 'request-changes-dialog')
  await reviewer.badge('Changes requested').waitFor()
  await reviewer.screenshot('changes-requested')

  const [, decision] = await waitForStatements(page.id, 2)
  expect(decision).toMatchObject({
    kind: 'changesRequested',
    signer: 'person-amira-haddad',
    keyId: DEMO_KIDS.amira,
    comment: COMMENT,
  })
})

studio.step('the writer reads the comment, edits the page and submits it again', async () => {
  const {writer, id} = page
  await writer.badge('Changes requested').waitFor()
  await writer.open('/structure/review;changes-requested')
  const today = new Date().toISOString().slice(0, 10)
  const row = writer.page.getByText(`Amira Haddad, ${today}: ${COMMENT}`)
  await row.waitFor()
  await writer.screenshot('comment-in-review-list')

  await row.click()
  await writer.field('summary').waitFor()
  await writer.setField('summary', RESUBMITTED)
  await studio.lake.store.waitFor(`drafts.${id}`, (doc) => doc?.summary === RESUBMITTED)
  await writer.badge('Editing').waitFor()
  await writer.runAction('Submit for review')
  await writer.sign('Sign and submit', 'Jonas Weber', 'resubmit-dialog')
  await writer.badge('In review').waitFor()
  await writer.screenshot('resubmitted')

  const [first, decision, again] = await waitForStatements(id, 3)
  expect(again).toMatchObject({kind: 'submitted', signer: 'person-jonas-weber'})
  expect(again?.contentHash).not.toBe(first?.contentHash)
  expect(decision?.contentHash).toBe(first?.contentHash)
  expect((await judge(id)).exportHashes.draft).toBe(again?.contentHash)
})

studio.step('a writer who also reviews cannot approve what she submitted', async () => {
  const li = await studio.loginAs('writerReviewer', {signingKey: true})
  const angiosarcoma = 'tumour-angiosarcoma'
  await li.openDocument('tumour', angiosarcoma)
  await li.badge('Editing').waitFor()
  await li.runAction('Submit for review')
  await li.sign('Sign and submit', 'Li Chen', 'li-submit-dialog')
  await li.badge('In review').waitFor()
  expect(await li.isActionEnabled('Approve')).toBe(false)
  expect(await li.actionTooltip('Approve')).toBe(FOUR_EYES)
  await li.screenshot('li-cannot-approve-her-own')

  const [submitted] = await waitForStatements(angiosarcoma, 1)
  expect(submitted).toMatchObject({
    kind: 'submitted',
    signer: 'person-li-chen',
    keyId: DEMO_KIDS.li,
  })
})

studio.step(
  'the reviewer approves in full for 12 months; only then may it be published',
  async () => {
    const {writer, id} = page
    const reviewer = page.reviewer as StudioPage
    await reviewer.badge('In review').waitFor()
    expect(await reviewer.actionTooltip('Publish')).toBe(WAITING)
    expect(await writer.isActionEnabled('Publish')).toBe(false)
    await reviewer.runAction('Approve')
    await reviewer.dialog.getByLabel(/The whole page/).check()
    await reviewer.dialog.getByLabel('Next full review due in').selectOption('12')
    await reviewer.sign('Sign and approve', 'Amira Haddad', 'approve-dialog')
    await reviewer.badge('Approved').waitFor()
    await expect.poll(() => reviewer.isActionEnabled('Publish'), {timeout: UI_TIMEOUT}).toBe(true)
    await reviewer.screenshot('approved')
    await writer.badge('Approved').waitFor()
    await expect.poll(() => writer.isActionEnabled('Publish'), {timeout: UI_TIMEOUT}).toBe(true)

    const statements = await waitForStatements(id, 4)
    expect(statements.at(-1)).toMatchObject({
      kind: 'approved',
      signer: 'person-amira-haddad',
      scope: 'full',
      reviewIntervalMonths: 12,
      contentHash: statements[2]?.contentHash,
    })
  },
)

studio.step('the writer publishes; a signed webhook makes `npm run serve` export it', async () => {
  const {writer, id} = page
  exportDir = join(mkdtempSync(join(tmpdir(), 'review-cycle-')), 'content-export')
  const keyringFile = liveDemoKeyring(join(exportDir, '..'))
  server = await startExportServer(studio.lake, {
    out: exportDir,
    keyring: keyringFile,
    reader: 'viewer',
  })

  await writer.runAction('Publish')
  await writer.sign('Sign and publish', 'Jonas Weber', 'publish-dialog')
  await writer.badge('Published').waitFor()
  await writer.screenshot('published')
  const published = await studio.lake.store.waitFor(id, (doc) => doc?.summary === RESUBMITTED)
  expect(published).toMatchObject({name: 'Desmoid tumour', slug: {current: 'desmoid-tumour'}})
  expect(studio.lake.document(`drafts.${id}`)).toBeUndefined()
  const statements = await waitForStatements(id, 5)
  const approval = statements[3] as StatementPayload
  expect(statements[4]).toMatchObject({kind: 'published', signer: 'person-jonas-weber'})
  const ledger = await judge(id)
  expect(ledger.refusals).toEqual([])
  expect(ledger.release?.contentHash).toBe(approval.contentHash)
  expect(ledger.exportHashes.published).toBe(approval.contentHash)

  // The reader's side: the export the webhook started, with the review from the signature.
  await server.exported()
  const sent = server.webhook.deliveries.map((d) => [d.documentId, d.operation])
  expect(sent).toContainEqual([id, 'create'])
  const json = readExported('json/tumours/desmoid-tumour.json')
  const reviewed = approval.signedAt.slice(0, 10)
  const due = `${Number(reviewed.slice(0, 4)) + 1}${reviewed.slice(4)}`
  expect(JSON.parse(json)).toMatchObject({
    id,
    name: 'Desmoid tumour',
    summary: RESUBMITTED,
    review: {
      reviewedBy: {name: 'Amira Haddad', credentials: ['MD', 'PhD']},
      approvedBy: {name: 'Amira Haddad', credentials: ['MD', 'PhD']},
      scope: 'full',
      lastReviewed: reviewed,
      nextReviewDue: due,
      contentHash: approval.contentHash,
    },
  })
  const markdown = readExported('markdown/tumours/desmoid-tumour.md')
  expect(markdown).toContain('Amira Haddad')
  expect(markdown).toContain(reviewed)
  const verify = await runScript('export.ts', ['--verify', exportDir])
  expect(verify.code, verify.stdout + verify.stderr).toBe(0)
})

studio.step(
  'an API edit behind the review: readers keep the approved text; the report lists it',
  async () => {
    const {writer, id} = page
    const exporter = server as ExportServer
    const summary = writer.field('summary').locator('textarea')
    await summary.scrollIntoViewIfNeeded()
    const before = studio.lake.document(id)
    // A plain client with the writer's token, as a script with a write token would use.
    const client = lakeClient(studio.lake, 'writer')
    const edited = await client.patch(id).set({summary: EDITED_BEHIND_REVIEW}).commit()
    expect(edited._rev).not.toBe(before?._rev)
    expect(studio.lake.document(`drafts.${id}`), 'no draft: the published page changed').toBe(
      undefined,
    )
    // The open form follows through the listener, and the badge no longer says Published.
    await expect.poll(() => summary.inputValue(), {timeout: UI_TIMEOUT}).toBe(EDITED_BEHIND_REVIEW)
    await writer.badge('Editing').waitFor()
    await writer.screenshot('edited-behind-the-review')

    await exporter.exported()
    const json = JSON.parse(readExported('json/tumours/desmoid-tumour.json'))
    expect(json.summary).toBe(RESUBMITTED)
    expect(JSON.stringify(json)).not.toContain('past the review')

    const keyringFile = join(exportDir, '..', 'keyring.json')
    const report = await runScript(
      'review.ts',
      ['--source', 'sanity', '--keyring', keyringFile, '--no-html'],
      liveSourceEnv(studio.lake, 'viewer'),
    )
    const differs = report.stdout
      .split('\n\n')
      .find((part) => part.startsWith('Published content differs from the approved revision'))
    expect(differs, report.stdout + report.stderr).toContain(`Desmoid tumour [${id}]`)
    expect(await exporter.stop()).toBe(0)
  },
)
