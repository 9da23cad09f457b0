import {Box, Button, Card, Flex, Stack} from '@sanity/ui'
import {evaluate, parse} from 'groq-js'
import {type ReactNode, useState} from 'react'
import type {
  DocumentActionComponent,
  DocumentActionProps,
  DocumentActionsContext,
  DocumentBadgeComponent,
  SanityDocument,
} from 'sanity'
import {beforeEach, describe, expect, it, vi} from 'vitest'
import {commands, page, userEvent} from 'vitest/browser'
import {canonicalSnapshot, sha256Hex} from '../../pipeline/review/contentHash.ts'
import {ApproveAction} from '../../studio/review/ApproveAction.ts'
import type {WorkflowPatch} from '../../studio/review/actionModel.ts'
import {GuardedPublishAction} from '../../studio/review/GuardedPublishAction.ts'
import {RequestChangesAction} from '../../studio/review/RequestChangesAction.tsx'
import {ReviewBadgeView} from '../../studio/review/ReviewBadgeView.tsx'
import {ReviewStateBadge} from '../../studio/review/ReviewStateBadge.ts'
import {reviewDocumentActions} from '../../studio/review/reviewDocumentConfig.ts'
import {SubmitForReviewAction} from '../../studio/review/SubmitForReviewAction.ts'
import {renderInStudio} from './renderInStudio.tsx'

/**
 * The real action and badge components, in Chromium, with the Studio around them replaced by
 * fakes: `sanity`'s hooks are mocked, and the Content Lake is the embedded dataset queried with
 * groq-js. What this cannot show is the Studio's own document store, validation and publish.
 */
type Doc = SanityDocument & Record<string, unknown>

const studio = vi.hoisted(() => ({
  client: {} as object,
  user: null as {id: string} | null,
  /** Applies patches to the document pair the harness renders. */
  patch: (_patches: WorkflowPatch[]) => {},
  published: 0,
  publishDisabled: false as false | string,
  validationErrors: 0,
  revision: undefined as string | undefined,
}))

vi.mock('sanity', () => ({
  useClient: () => studio.client,
  useCurrentUser: () => studio.user,
  useDocumentOperation: () => ({
    patch: {disabled: false, execute: (patches: WorkflowPatch[]) => studio.patch(patches)},
    publish: {
      disabled: studio.publishDisabled,
      execute: () => {
        studio.published++
      },
    },
  }),
  useValidationStatus: () => ({
    isValidating: false,
    validation: Array.from({length: studio.validationErrors}, () => ({level: 'error'})),
    revision: studio.revision,
  }),
  useSyncState: () => ({isSyncing: false}),
  useDocumentPairPermissions: () => [{granted: true}, false],
}))

let dataset: Doc[] = []
let created: Doc[] = []
const listeners = new Set<(event: unknown) => void>()

/** A Content Lake with the embedded dataset: queries by groq-js, listeners told of writes. */
function fakeClient() {
  return {
    fetch: async (query: string, params: Record<string, unknown>) =>
      (await evaluate(parse(query, {params}), {dataset, params})).get(),
    listen: () => ({
      subscribe: ({next}: {next: (event: unknown) => void}) => {
        listeners.add(next)
        return {unsubscribe: () => listeners.delete(next)}
      },
    }),
    create: async (doc: Doc) => {
      dataset = [...dataset, doc]
      created.push(doc)
      for (const listener of listeners) listener({type: 'mutation'})
      return doc
    },
  }
}

const USERS = {amira: 'p1AbCdEf', jonas: 'p2GhIjKl', liChen: 'p3MnOpQr', sofia: 'p4StUvWx'}
const REASONS = {
  notReviewer: 'Only a medical reviewer can approve or request changes.',
  waiting: 'This version is already waiting for review.',
  waitingForReviewer: 'Waiting for a medical reviewer to approve this version.',
  notApproved: 'This version has not been approved. Submit it for review first.',
  validation: 'Fix the validation errors before publishing.',
  notLinked:
    'Your Studio account is not linked to a person. Ask an administrator to add your user id to your person document.',
}

function applyPatches(doc: Doc, patches: WorkflowPatch[]): Doc {
  const next = structuredClone(doc)
  for (const patch of patches) {
    if ('setIfMissing' in patch)
      for (const [key, value] of Object.entries(patch.setIfMissing)) next[key] ??= value
    if ('set' in patch)
      for (const [path, value] of Object.entries(patch.set)) {
        const [head, ...rest] = path.split('.') as [string, ...string[]]
        if (rest.length === 0) next[head] = value
        else (next[head] as Record<string, unknown>)[rest.join('.')] = value
      }
  }
  return next
}

const ACTIONS = [GuardedPublishAction, SubmitForReviewAction, ApproveAction, RequestChangesAction]

function ActionButton({
  action,
  props,
}: {
  action: DocumentActionComponent
  props: DocumentActionProps
}) {
  const description = action(props)
  if (!description) return null
  const {label, disabled, title, onHandle, tone, dialog} = description
  return (
    <>
      <Button
        text={label}
        tone={tone}
        mode={disabled ? 'ghost' : 'default'}
        disabled={disabled}
        title={typeof title === 'string' ? title : undefined}
        onClick={onHandle}
      />
      {dialog && dialog.type === 'custom' ? dialog.component : null}
    </>
  )
}

function Badge({badge, props}: {badge: DocumentBadgeComponent; props: DocumentActionProps}) {
  const description = badge(props)
  return (
    <div data-testid="badge">
      {description?.label ? (
        <ReviewBadgeView
          badges={[
            {label: description.label, color: description.color, title: description.title ?? ''},
          ]}
        />
      ) : null}
    </div>
  )
}

/** The document footer of one page: its badge and its actions, as the Studio lays them out. */
function Footer({id}: {id: string}) {
  const [pair, setPair] = useState(() => ({
    draft: dataset.find((d) => d._id === `drafts.${id}`) ?? null,
    published: dataset.find((d) => d._id === id) ?? null,
  }))
  // Like the Studio's patch operation: the draft is created from the published page if needed.
  studio.patch = (patches) =>
    setPair((p) => ({
      ...p,
      draft: applyPatches(p.draft ?? {...(p.published as Doc), _id: `drafts.${id}`}, patches),
    }))
  const props = {
    id,
    type: 'tumour',
    draft: pair.draft,
    published: pair.published,
    version: null,
    release: undefined,
    liveEdit: false,
    liveEditSchemaType: false,
    ready: true,
    transactionSyncLock: null,
    onComplete: () => {},
    initialValueResolved: true,
  } as unknown as DocumentActionProps
  return (
    <Card padding={3} border radius={2} data-testid="footer">
      <Flex gap={3} align="center" wrap="wrap">
        <Box flex={1}>
          <Badge badge={ReviewStateBadge} props={props} />
        </Box>
        {ACTIONS.map((action) => (
          <ActionButton key={action.displayName} action={action} props={props} />
        ))}
      </Flex>
    </Card>
  )
}

const render = (ui: ReactNode) => renderInStudio(<Stack padding={4}>{ui}</Stack>)

/** Opens a page's footer as a signed-in Studio user. */
function openAs(userId: string, id: string) {
  studio.user = {id: userId}
  const current = dataset.find((d) => d._id === `drafts.${id}`) ?? dataset.find((d) => d._id === id)
  studio.revision = current?._rev
  render(<Footer id={id} />)
}

const button = (name: string) => page.getByTestId('footer').getByRole('button', {name, exact: true})
const badge = () => page.getByTestId('badge')

let ndjson: string | undefined

beforeEach(async () => {
  ndjson ??= await commands.readFile('content/production.ndjson')
  dataset = ndjson
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  created = []
  listeners.clear()
  // A fresh client per test: the review hooks cache their queries per client.
  studio.client = fakeClient()
  studio.published = 0
  studio.publishDisabled = false
  studio.validationErrors = 0
  await page.viewport(900, 500)
})

describe('review actions in the document footer', () => {
  it('Amira approves the leiomyosarcoma draft, then it can be published', async () => {
    openAs(USERS.amira, 'tumour-leiomyosarcoma')
    await expect.element(badge()).toHaveTextContent('In review')
    await expect.element(button('Approve')).toBeEnabled()
    await expect.element(button('Request changes')).toBeEnabled()
    await expect.element(button('Submit for review')).toHaveAttribute('title', REASONS.waiting)
    await expect.element(button('Submit for review')).toBeDisabled()
    await expect.element(button('Publish')).toBeDisabled()
    await expect.element(button('Publish')).toHaveAttribute('title', REASONS.waitingForReviewer)
    await page.screenshot({
      path: '../../test-results/review-actions.png',
      element: page.getByTestId('footer'),
    })

    await userEvent.click(button('Approve'))
    await expect
      .element(page.getByText('Approved. This version can now be published.'))
      .toBeVisible()
    await expect.element(badge()).toHaveTextContent('Approved')

    expect(created).toHaveLength(1)
    const approval = created[0] as Doc
    expect(approval._id).toMatch(/^approval-tumour-leiomyosarcoma-707e25a79ba5-\d{8}T\d{9}Z$/)
    expect(approval).toMatchObject({
      _type: 'approval',
      document: {_type: 'reference', _ref: 'tumour-leiomyosarcoma', _weak: true},
      decision: 'approved',
      reviewer: {_type: 'reference', _ref: 'person-amira-haddad'},
      contentHash: '707e25a79ba56c06f5fbf6d69a4a2edf733ac91a25098974077465f18dbfe598',
    })
    const draft = dataset.find((d) => d._id === 'drafts.tumour-leiomyosarcoma') as Doc
    expect(approval.snapshot).toBe(canonicalSnapshot(draft))
    // Web Crypto in the browser gives the hash the pipeline computes in Node.
    expect(await sha256Hex(approval.snapshot as string)).toBe(approval.contentHash)

    await expect.element(button('Publish')).toBeEnabled()
    await expect.element(button('Approve')).toBeDisabled()
    await userEvent.click(button('Publish'))
    expect(studio.published).toBe(1)
  })

  it('keeps Publish disabled for an approved version with validation errors', async () => {
    studio.validationErrors = 1
    openAs(USERS.amira, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Approve'))
    await expect.element(badge()).toHaveTextContent('Approved')
    await expect.element(button('Publish')).toHaveAttribute('title', REASONS.validation)
    await expect.element(button('Publish')).toBeDisabled()
  })

  it('Jonas Weber, a writer and the author, cannot decide on his own change', async () => {
    openAs(USERS.jonas, 'tumour-leiomyosarcoma')
    await expect.element(badge()).toHaveTextContent('In review')
    await expect.element(button('Approve')).toHaveAttribute('title', REASONS.notReviewer)
    await expect.element(button('Approve')).toBeDisabled()
    await expect.element(button('Request changes')).toBeDisabled()
  })

  it('Li Chen sends the draft back with a comment', async () => {
    openAs(USERS.liChen, 'tumour-leiomyosarcoma')
    await userEvent.click(button('Request changes'))
    const dialog = page.getByRole('dialog')
    await expect.element(dialog.getByRole('button', {name: 'Request changes'})).toBeDisabled()
    await userEvent.fill(dialog.getByRole('textbox'), 'Cite the FNCLCC grading source.')
    await userEvent.click(dialog.getByRole('button', {name: 'Request changes'}))

    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument()
    await expect.element(badge()).toHaveTextContent('Changes requested')
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({
      decision: 'changesRequested',
      comment: 'Cite the FNCLCC grading source.',
      reviewer: {_ref: 'person-li-chen'},
    })
    await expect.element(button('Submit for review')).toBeEnabled()
  })

  it('Sofia resubmits the breast cancer draft after changes were requested', async () => {
    openAs(USERS.sofia, 'tumour-breast-cancer')
    await expect.element(badge()).toHaveTextContent('Changes requested')
    await userEvent.click(button('Submit for review'))
    await expect.element(badge()).toHaveTextContent('In review')
    await expect.element(page.getByText('Submitted for review.')).toBeVisible()
    await expect.element(button('Submit for review')).toBeDisabled()
    expect(created).toEqual([])
  })

  it('the pancreatic page, published without approval, cannot be published again', async () => {
    openAs(USERS.amira, 'tumour-pancreatic-ductal-adenocarcinoma')
    await expect.element(badge()).toHaveTextContent('Editing')
    await expect.element(button('Publish')).toHaveAttribute('title', REASONS.notApproved)
    await expect.element(button('Publish')).toBeDisabled()
    await expect.element(button('Submit for review')).toBeEnabled()
  })

  it('synovial sarcoma shows that its periodic review is overdue', async () => {
    openAs(USERS.amira, 'tumour-synovial-sarcoma')
    await expect.element(badge()).toHaveTextContent('Published · Review overdue')
  })

  it('a Studio user without a person document is told why nothing is possible', async () => {
    openAs('pSomeoneElse', 'tumour-leiomyosarcoma')
    await expect.element(button('Approve')).toHaveAttribute('title', REASONS.notLinked)
    await expect.element(button('Submit for review')).toHaveAttribute('title', REASONS.notLinked)
    await expect.element(button('Publish')).toBeDisabled()
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

  it('leaves other types alone and makes review decisions read-only', () => {
    expect(resolve('source')).toBe(defaults)
    expect(resolve('approval')).toEqual([])
  })
})
