import type {DocumentActionComponent, DocumentActionsContext} from 'sanity'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {commands, page, userEvent} from 'vitest/browser'
import type {SanityDoc} from '../../pipeline/types.ts'
import {NOT_ENROLLED} from '../../pipeline/workflow/workflow.ts'
import {CONTENT_CHANGED_REASON, FINISH_PUBLISHING} from '../../studio/review/actionModel.ts'
import {bundledKeyring, KEYRING_NAME} from '../../studio/review/keyring.ts'
import {ReviewListPane} from '../../studio/review/ReviewListPane.tsx'
import {reviewDocumentActions} from '../../studio/review/reviewDocumentConfig.ts'
import {DEMO_KIDS} from '../support/demoLocalKeys.ts'
import {studio} from './fakeSanity.tsx'
import {ACTIONS, badges, button, holdDemoKey, lake, openAs, resetLake} from './footerHarness.tsx'
import {renderInStudio, unmountAll} from './renderInStudio.tsx'

vi.mock('sanity', async () => (await import('./fakeSanity.tsx')).fakeSanity)
vi.mock('sanity/structure', async () => (await import('./fakeSanity.tsx')).fakeStructure)

/**
 * The real action, badge, dialog and list components in Chromium, signing with keys held in
 * IndexedDB, against a groq-js Content Lake with the embedded dataset; the export's gate in
 * Node (a Vitest command) judges what was signed.
 */

const REASONS = {
  notReviewer: 'Only a medical reviewer can approve or request changes.',
  waiting: 'This version is already waiting for review.',
  waitingForReviewer: 'Waiting for a medical reviewer to approve this version.',
  notApproved: 'This version has not been approved. Submit it for review first.',
  fourEyes:
    'You submitted this version, so another medical reviewer must approve it (four-eyes rule).',
}

/** Browser profiles (IndexedDB scopes) holding each demo person's key. */
const PROFILES = {amira: 'amira', jonas: 'jonas', li: 'li', sofia: 'sofia', nobody: 'nobody'}

/** Signs through the open confirmation dialog: types the name, presses the confirm button. */
async function confirmAs(name: string, confirm: string) {
  const dialog = page.getByRole('dialog')
  await expect.element(dialog.getByRole('button', {name: confirm})).toBeDisabled()
  await userEvent.fill(dialog.getByLabelText(/To sign, type your full name/), name)
  await userEvent.click(dialog.getByRole('button', {name: confirm}))
  await expect.element(page.getByRole('dialog')).not.toBeInTheDocument()
}

const verify = (pageId: string) =>
  commands.verifyLedger({pageId, keyring: bundledKeyring, documents: lake.documents})
const createdPayloads = () => lake.created.map((doc) => JSON.parse(String(doc.payload)))

beforeEach(async () => {
  await resetLake()
  await holdDemoKey(DEMO_KIDS.amira, PROFILES.amira)
  await holdDemoKey(DEMO_KIDS.jonas, PROFILES.jonas)
  await holdDemoKey(DEMO_KIDS.li, PROFILES.li)
  await holdDemoKey(DEMO_KIDS.sofia, PROFILES.sofia)
})

describe('the keyring bundled into this build', () => {
  it('is the demo keyring, chosen by SANITY_STUDIO_KEYRING as Vite inlines it', () => {
    expect(KEYRING_NAME).toBe('demo')
    expect(bundledKeyring.people.map((p) => p.name)).toContain('Amira Haddad')
  })
})

describe('signed review actions in the document footer', () => {
  it('Amira approves the leiomyosarcoma draft, Jonas publishes it, the Node gate releases it', async () => {
    openAs(PROFILES.amira, 'tumour-leiomyosarcoma')
    await expect.element(badges()).toHaveTextContent('In review')
    await expect.element(button('Approve')).toBeEnabled()
    await expect.element(button('Request changes')).toBeEnabled()
    await expect.element(button('Submit for review')).toHaveAttribute('title', REASONS.waiting)
    await expect.element(button('Publish')).toHaveAttribute('title', REASONS.waitingForReviewer)
    await expect.element(button('Publish')).toBeDisabled()

    await userEvent.click(button('Approve'))
    const dialog = page.getByRole('dialog')
    await expect.element(dialog).toMatchTextContent(/Leiomyosarcoma/)
    await expect.element(dialog).toMatchTextContent(/Amira Haddad, MD, PhD/)
    await expect.element(dialog).toMatchTextContent(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/)
    await expect
      .element(dialog.getByTestId('signature-meaning'))
      .toHaveTextContent('“I approve this content as medically accurate and complete.”')
    await userEvent.selectOptions(dialog.getByRole('combobox'), '24')
    await userEvent.fill(dialog.getByLabelText(/To sign, type your full name/), 'amira haddad')
    await page.screenshot({path: '../../test-results/sign-approval.png', element: dialog})
    await userEvent.click(dialog.getByRole('button', {name: 'Sign and approve'}))
    await expect
      .element(page.getByText(/^Approved\. This version can now be published\./))
      .toBeVisible()
    await expect.element(badges()).toHaveTextContent('Approved')
    expect(createdPayloads()).toEqual([
      expect.objectContaining({
        kind: 'approved',
        signer: 'person-amira-haddad',
        reviewIntervalMonths: 24,
      }),
    ])
    await expect.element(button('Approve')).toBeDisabled()

    // Jonas Weber, a publisher, publishes the approved draft in his own browser.
    unmountAll()
    openAs(PROFILES.jonas, 'tumour-leiomyosarcoma')
    await expect.element(button('Publish')).toBeEnabled()
    await userEvent.click(button('Publish'))
    await expect
      .element(page.getByRole('dialog').getByTestId('signature-meaning'))
      .toHaveTextContent('“I publish this approved content to readers.”')
    await confirmAs('Jonas Weber', 'Sign and publish')
    expect(studio.published).toBe(1)
    await expect.element(badges()).toHaveTextContent('Published')

    const verdict = await verify('tumour-leiomyosarcoma')
    expect(verdict.failures).toEqual([])
    expect(verdict.refusals).toEqual([])
    expect(verdict.release).toEqual({
      approval: lake.created[0]?._id,
      published: lake.created[1]?._id,
      // What was signed in Chromium is the closure the export computes in Node.
      contentHash: verdict.exportHashes.published,
    })
  })

  it('finishes a publication whose copy failed without signing it again', async () => {
    openAs(PROFILES.amira, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Approve'))
    await confirmAs('Amira Haddad', 'Sign and approve')
    unmountAll()
    studio.failPublish = true
    openAs(PROFILES.jonas, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Publish'))
    await confirmAs('Jonas Weber', 'Sign and publish')
    expect(studio.published).toBe(1)
    // Signed, but the draft was not copied: Publish now only finishes the copy.
    await expect.element(button('Publish')).toHaveAttribute('title', FINISH_PUBLISHING)
    studio.failPublish = false
    await userEvent.click(button('Publish'))
    expect(page.getByRole('dialog').query()).toBeNull()
    expect(studio.published).toBe(2)
    expect(lake.created.map((doc) => JSON.parse(String(doc.payload)).kind)).toEqual([
      'approved',
      'published',
    ])
    await expect
      .element(button('Publish'))
      .toHaveAttribute('title', 'This version is already published.')
  })

  it('keeps Publish disabled for an approved version with validation errors', async () => {
    studio.validationErrors = 1
    openAs(PROFILES.amira, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Approve'))
    await confirmAs('Amira Haddad', 'Sign and approve')
    await expect.element(badges()).toHaveTextContent('Approved')
    await expect
      .element(button('Publish'))
      .toHaveAttribute('title', 'Fix the validation errors before publishing.')
    await expect.element(button('Publish')).toBeDisabled()
  })

  it('Jonas Weber, a writer, cannot decide on the change he submitted', async () => {
    openAs(PROFILES.jonas, 'tumour-leiomyosarcoma')
    await expect.element(badges()).toHaveTextContent('In review')
    await expect.element(button('Approve')).toHaveAttribute('title', REASONS.notReviewer)
    await expect.element(button('Approve')).toBeDisabled()
    await expect.element(button('Request changes')).toBeDisabled()
  })

  it('a writer’s own approval is refused: Li Chen submits angiosarcoma and cannot approve it', async () => {
    openAs(PROFILES.li, 'tumour-angiosarcoma')
    await expect.element(badges()).toHaveTextContent('Editing')
    await userEvent.click(button('Submit for review'))
    await confirmAs('Li Chen', 'Sign and submit')
    await expect.element(badges()).toHaveTextContent('In review')
    await expect.element(button('Approve')).toHaveAttribute('title', REASONS.fourEyes)
    await expect.element(button('Approve')).toBeDisabled()
    expect(createdPayloads()).toEqual([
      expect.objectContaining({kind: 'submitted', signer: 'person-li-chen', previous: null}),
    ])
  })

  it('Li Chen sends the draft back: the dialog needs her comment and her name', async () => {
    openAs(PROFILES.li, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Request changes'))
    const dialog = page.getByRole('dialog')
    const confirm = dialog.getByRole('button', {name: 'Sign and request changes'})
    await userEvent.fill(dialog.getByLabelText(/To sign, type your full name/), 'Li Chen')
    await expect.element(confirm).toBeDisabled()
    await userEvent.fill(dialog.getByLabelText('What needs to change?'), 'Cite the FNCLCC source.')
    await userEvent.click(confirm)
    await expect.element(badges()).toHaveTextContent('Changes requested')
    expect(createdPayloads()).toEqual([
      expect.objectContaining({kind: 'changesRequested', comment: 'Cite the FNCLCC source.'}),
    ])
    // Li Chen is also a writer: she may submit it again.
    await expect.element(button('Submit for review')).toBeEnabled()
  })

  it('Sofia resubmits breast cancer with her ECDSA P-256 key, and Node verifies it', async () => {
    openAs(PROFILES.sofia, 'tumour-breast-cancer')
    await expect.element(badges()).toHaveTextContent('Changes requested')
    await userEvent.click(button('Submit for review'))
    await confirmAs('Sofia Márquez', 'Sign and submit')
    await expect.element(badges()).toHaveTextContent('In review')
    const verdict = await verify('tumour-breast-cancer')
    expect(verdict.failures).toEqual([])
    expect(verdict.history.at(-1)).toMatchObject({
      id: lake.created[0]?._id,
      kind: 'submitted',
      signer: 'person-sofia-marquez',
      contentHash: verdict.exportHashes.draft,
    })
  })

  it('refuses to sign when the page changed while the dialog was open', async () => {
    openAs(PROFILES.amira, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Approve'))
    await expect.element(page.getByRole('dialog')).toBeVisible()
    const draft = lake.documents.find((d) => d._id === 'drafts.tumour-leiomyosarcoma') as SanityDoc
    lake.put({...draft, summary: `${String(draft.summary)} Edited while the reviewer read.`})
    await userEvent.fill(
      page.getByRole('dialog').getByLabelText(/To sign, type your full name/),
      'Amira Haddad',
    )
    await userEvent.click(page.getByRole('dialog').getByRole('button', {name: 'Sign and approve'}))
    await expect.element(page.getByText(CONTENT_CHANGED_REASON)).toBeVisible()
    expect(lake.created).toEqual([])
    await expect.element(badges()).toHaveTextContent('Editing')
  })

  it('a forged statement in the dataset shows "Signature not valid" and why', async () => {
    const genuine = lake
      .statementsOf('tumour-leiomyosarcoma')
      .find((d) => String(d.payload).includes('"kind":"approved"')) as SanityDoc
    // Someone with a write token re-dates Li Chen's approval and keeps her signature.
    const forged = {
      ...genuine,
      _id: 'statement-forged',
      payload: String(genuine.payload).replace('2026-10-12T16:05', '2026-11-26T16:05'),
    }
    lake.put(forged)
    openAs(PROFILES.jonas, 'tumour-leiomyosarcoma')
    await expect.element(badges()).toMatchTextContent(/^In reviewSignature not valid$/)
    await userEvent.hover(page.getByText('Signature not valid'))
    await expect
      .element(
        page.getByText(/Review statement statement-forged: the signature does not match key/),
      )
      .toBeVisible()
    await page.screenshot({path: '../../test-results/signature-not-valid.png'})
    await expect.element(button('Publish')).toBeDisabled()
  })

  it('a browser without an enrolled key is told why nothing is possible', async () => {
    openAs(PROFILES.nobody, 'tumour-leiomyosarcoma')
    await expect.element(badges()).toHaveTextContent('In review')
    for (const name of ['Approve', 'Submit for review', 'Publish', 'Request changes']) {
      await expect.element(button(name)).toHaveAttribute('title', NOT_ENROLLED)
      await expect.element(button(name)).toBeDisabled()
    }
  })

  it('pancreatic ductal adenocarcinoma, published without approval, cannot be published again', async () => {
    studio.publishDisabled = 'ALREADY_PUBLISHED'
    openAs(PROFILES.jonas, 'tumour-pancreatic-ductal-adenocarcinoma')
    await expect.element(badges()).toHaveTextContent('Editing')
    await expect.element(button('Publish')).toHaveAttribute('title', REASONS.notApproved)
    await expect.element(button('Publish')).toBeDisabled()
    await expect.element(button('Submit for review')).toBeEnabled()
  })

  it('synovial sarcoma shows that its periodic review is overdue', async () => {
    openAs(PROFILES.amira, 'tumour-synovial-sarcoma')
    await expect.element(badges()).toHaveTextContent('Published · Review overdue')
  })
})

describe('the review lists', () => {
  it('list verified pages with why they are there, and move a page once it is signed', async () => {
    const render = (category: string) =>
      renderInStudio(<ReviewListPane options={{category}} childItemId="tumour-leiomyosarcoma" />)
    render('awaitingReview')
    const list = page.getByTestId('review-list-awaitingReview')
    await expect.element(list.getByText('Leiomyosarcoma')).toBeVisible()
    await expect.element(list.getByText('Submitted by Jonas Weber on 2026-11-20.')).toBeVisible()
    await expect.element(list.getByRole('link')).toHaveAttribute('href', '#tumour-leiomyosarcoma')
    await page.screenshot({path: '../../test-results/review-list.png', element: list})

    const genuine = lake.statementsOf('tumour-synovial-sarcoma')[0] as SanityDoc
    lake.put({...genuine, _id: 'statement-copied', document: {_ref: 'tumour-leiomyosarcoma'}})
    unmountAll()
    render('signatureProblems')
    const problems = page.getByTestId('review-list-signatureProblems')
    await expect.element(problems.getByText('Leiomyosarcoma')).toBeVisible()
    await expect.element(problems.getByText(/copy from another document/)).toBeVisible()
  })
})

describe('document actions configuration', () => {
  const action = (name: string): DocumentActionComponent =>
    Object.assign(() => null, {action: name as DocumentActionComponent['action']})
  const defaults = ['publish', 'unpublish', 'discardChanges', 'duplicate', 'delete'].map(action)
  const resolve = (schemaType: string) =>
    reviewDocumentActions(defaults, {schemaType} as DocumentActionsContext)

  it('replaces Publish on reviewed pages and keeps the other defaults', () => {
    for (const type of ['tumour', 'kitProduct']) {
      const actions = resolve(type)
      expect(actions.slice(0, 4)).toEqual(ACTIONS)
      expect(actions.slice(4).map((a) => a.action)).toEqual([
        'unpublish',
        'discardChanges',
        'duplicate',
        'delete',
      ])
    }
  })

  it('leaves other types alone and makes review statements read-only', () => {
    expect(resolve('source')).toBe(defaults)
    expect(resolve('reviewStatement')).toEqual([])
  })
})
