import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {evaluate, parse} from 'groq-js'
import {beforeAll, describe, expect, it} from 'vitest'
import {canonicalSnapshot, contentHash, sha256Hex} from '../../pipeline/review/contentHash.ts'
import type {Actor} from '../../pipeline/review/workflow.ts'
import {
  type ActionModel,
  approvalDocument,
  approveModel,
  type DecisionRecord,
  LOADING_REASON,
  NOTHING_TO_REVIEW,
  type PersonRecord,
  type PublishConditions,
  publishModel,
  type ReviewContextState,
  type ReviewedDocument,
  requestChangesModel,
  requestChangesVerdict,
  reviewSnapshot,
  statusPatches,
  submitModel,
  submitPatches,
  toActor,
  toDecisions,
  type WorkflowPatch,
} from '../../studio/review/actionModel.ts'
import {badgeFor, isReviewOverdue} from '../../studio/review/badgeFor.ts'
import {reviewListFilters} from '../../studio/review/reviewLists.ts'
import {reviewDecisionsQuery, reviewerPersonQuery} from '../../studio/review/reviewQueries.ts'

/**
 * The decisions the Studio's review actions make, on the editorial states of the embedded
 * dataset, with the Studio's own queries evaluated by groq-js. Only the React wiring (hooks,
 * toasts, the document store) is left to the browser tests.
 */

const DATASET = fileURLToPath(new URL('../../content/production.ndjson', import.meta.url))
/** Fixed "now" for the overdue rules: after every decision in the dataset. */
const NOW = new Date('2026-11-27T09:00:00Z')

// Studio user ids of the people in the dataset.
const USERS = {
  amira: 'p1AbCdEf', // medical reviewer
  jonas: 'p2GhIjKl', // writer, submitted the leiomyosarcoma draft
  liChen: 'p3MnOpQr', // writer and medical reviewer
  sofia: 'p4StUvWx', // writer, submitted the breast cancer draft
}

let docs: ReviewedDocument[] = []

const doc = (id: string): ReviewedDocument | null => docs.find((d) => d._id === id) ?? null

async function query<T>(groq: string, params: Record<string, unknown> = {}, dataset = docs) {
  const tree = parse(groq, {params})
  return (await (await evaluate(tree, {dataset, params, timestamp: NOW})).get()) as T
}

/** What `useReviewContext` computes for a document pair and a signed-in Studio user. */
async function contextFor(
  pair: {id: string; draft: ReviewedDocument | null; published: ReviewedDocument | null},
  user: {userId?: string; actor?: Actor},
  decisionRecords?: DecisionRecord[],
): Promise<ReviewContextState> {
  const current = pair.draft ?? pair.published
  if (!current) return {status: 'empty'}
  const records =
    decisionRecords ?? (await query<DecisionRecord[]>(reviewDecisionsQuery, {id: pair.id}))
  const actor =
    user.actor ??
    toActor(await query<PersonRecord | null>(reviewerPersonQuery, {userId: user.userId ?? ''}))
  return {
    status: 'ready',
    snapshot: reviewSnapshot({
      draft: pair.draft,
      published: pair.published,
      currentHash: await contentHash(current),
      publishedHash: pair.published ? await contentHash(pair.published) : undefined,
      decisions: toDecisions(records),
      actor,
    }),
  }
}

const pairOf = (id: string) => ({id, draft: doc(`drafts.${id}`), published: doc(id)})

const stateOf = (context: ReviewContextState) =>
  context.status === 'ready' ? context.snapshot.state : context.status

/** The Studio side of publishing, all clear: only the review can still refuse. */
const CLEAR: PublishConditions = {
  validationErrors: 0,
  validating: false,
  syncing: false,
  operationDisabled: false,
  permitted: true,
}

const allowed: ActionModel = {disabled: false}
const refused = (title: string): ActionModel => ({disabled: true, title})

/** Applies the patches the actions send through `useDocumentOperation(...).patch`. */
function applyPatches(
  draft: ReviewedDocument | null,
  published: ReviewedDocument | null,
  patches: WorkflowPatch[],
) {
  // The patch operation creates the draft from the published document when there is none.
  const next: Record<string, unknown> = structuredClone(
    draft ?? {...published, _id: `drafts.${published?._id}`},
  )
  for (const patch of patches) {
    if ('setIfMissing' in patch) {
      for (const [key, value] of Object.entries(patch.setIfMissing)) next[key] ??= value
    } else if ('set' in patch) {
      for (const [path, value] of Object.entries(patch.set)) {
        const [head, ...rest] = path.split('.') as [string, ...string[]]
        if (rest.length === 0) next[head] = value
        else (next[head] as Record<string, unknown>)[rest.join('.')] = value
      }
    }
  }
  return next as ReviewedDocument
}

/** The record `reviewDecisionsQuery` would return for a decision this Studio just wrote. */
const recordOf = (approval: ReturnType<typeof approvalDocument>): DecisionRecord => ({
  _id: approval._id,
  decision: approval.decision,
  contentHash: approval.contentHash,
  decidedAt: approval.decidedAt,
  reviewerId: approval.reviewer._ref,
  comment: approval.comment ?? null,
})

beforeAll(() => {
  docs = readFileSync(DATASET, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
})

describe('the Studio queries on the embedded dataset', () => {
  it('map a Studio user to their person, roles included', async () => {
    expect(toActor(await query<PersonRecord>(reviewerPersonQuery, {userId: USERS.liChen}))).toEqual(
      {personId: 'person-li-chen', name: 'Li Chen', roles: ['writer', 'medicalReviewer']},
    )
    expect(toActor(await query(reviewerPersonQuery, {userId: 'nobody'}))).toBeUndefined()
  })

  it('load a page’s decisions newest first', async () => {
    const records = await query<DecisionRecord[]>(reviewDecisionsQuery, {
      id: 'tumour-breast-cancer',
    })
    expect(toDecisions(records)).toEqual([
      {
        decision: 'changesRequested',
        contentHash: '8bf203e8748d85763c89b1da3eeeddece26c2984fdee83b65b5e21e938dfe94c',
        decidedAt: '2026-11-21T09:00:00Z',
        reviewerId: 'person-li-chen',
        comment:
          'Please cite a source for the sentence about men, and keep "worldwide" only if the source supports it.',
      },
      {
        decision: 'approved',
        contentHash: 'fc1b69b6d1a5daa720d3b421e7b5951dd5d10fc25f8f9c4c9d19dafff538d575',
        decidedAt: '2026-08-05T12:20:00Z',
        reviewerId: 'person-amira-haddad',
      },
    ])
  })

  it('drop records that are not a complete decision', () => {
    expect(
      toDecisions([
        {decision: 'approved', contentHash: null, decidedAt: '2026-01-01T00:00:00Z'},
        {decision: 'maybe', contentHash: 'a', decidedAt: '2026-01-01T00:00:00Z'},
        {decision: 'approved', contentHash: 'a', decidedAt: null},
      ]),
    ).toEqual([])
  })
})

describe('leiomyosarcoma: a draft in review, submitted by Jonas Weber', () => {
  const pair = () => pairOf('tumour-leiomyosarcoma')

  it('is in review, and the badge says so', async () => {
    const context = await contextFor(pair(), {userId: USERS.amira})
    expect(stateOf(context)).toBe('inReview')
    expect(context.status === 'ready' && context.snapshot.authorId).toBe('person-jonas-weber')
    expect(badgeFor('inReview').label).toBe('In review')
  })

  it('a writer cannot approve or request changes', async () => {
    const context = await contextFor(pair(), {userId: USERS.sofia})
    const reason = 'Only a medical reviewer can approve or request changes.'
    expect(approveModel(context)).toEqual(refused(reason))
    expect(requestChangesModel(context)).toEqual(refused(reason))
  })

  it('Jonas Weber, the author, cannot approve it', async () => {
    const context = await contextFor(pair(), {userId: USERS.jonas})
    expect(approveModel(context)).toEqual(
      refused('Only a medical reviewer can approve or request changes.'),
    )
  })

  it('Jonas Weber cannot approve it even when given the reviewer role (four eyes)', async () => {
    const promoted: Actor = {
      personId: 'person-jonas-weber',
      name: 'Jonas Weber',
      roles: ['writer', 'medicalReviewer'],
    }
    const context = await contextFor(pair(), {actor: promoted})
    expect(approveModel(context)).toEqual(
      refused(
        'You made this change, so another medical reviewer must approve it (four-eyes rule).',
      ),
    )
  })

  it.each([
    ['Amira Haddad', USERS.amira],
    ['Li Chen', USERS.liChen],
  ])(
    '%s, a medical reviewer who did not write it, can approve or send it back',
    async (_name, userId) => {
      const context = await contextFor(pair(), {userId})
      expect(approveModel(context)).toEqual(allowed)
      expect(requestChangesModel(context)).toEqual(allowed)
    },
  )

  it('a Studio user without a person document can do nothing', async () => {
    const context = await contextFor(pair(), {userId: 'pUnlinked'})
    const notLinked = refused(
      'Your Studio account is not linked to a person. Ask an administrator to add your user id to your person document.',
    )
    expect(submitModel(context)).toEqual(notLinked)
    expect(approveModel(context)).toEqual(notLinked)
    expect(publishModel(context, CLEAR)).toEqual(notLinked)
  })

  it('cannot be submitted again or published while waiting', async () => {
    const context = await contextFor(pair(), {userId: USERS.jonas})
    expect(submitModel(context)).toEqual(refused('This version is already waiting for review.'))
    expect(publishModel(context, CLEAR)).toEqual(
      refused('Waiting for a medical reviewer to approve this version.'),
    )
  })

  it('Amira’s approval binds the exact content, and then publishing is allowed', async () => {
    const {id, draft, published} = pair()
    const amira = toActor(await query(reviewerPersonQuery, {userId: USERS.amira})) as Actor
    const hash = await contentHash(draft as ReviewedDocument)
    const approval = approvalDocument({
      publishedId: id,
      content: draft as ReviewedDocument,
      hash,
      actor: amira,
      decision: 'approved',
      now: new Date('2026-11-21T09:15:30.123Z'),
    })
    expect(approval).toMatchObject({
      _id: 'approval-tumour-leiomyosarcoma-707e25a79ba5-20261121T091530123Z',
      _type: 'approval',
      document: {_type: 'reference', _ref: 'tumour-leiomyosarcoma', _weak: true},
      decision: 'approved',
      reviewer: {_type: 'reference', _ref: 'person-amira-haddad'},
      decidedAt: '2026-11-21T09:15:30.123Z',
      contentHash: '707e25a79ba56c06f5fbf6d69a4a2edf733ac91a25098974077465f18dbfe598',
    })
    expect(approval).not.toHaveProperty('comment')
    // The snapshot is the canonical content and hashes to the recorded hash: the audit trail.
    expect(approval.snapshot).toBe(canonicalSnapshot(draft as ReviewedDocument))
    expect(await sha256Hex(approval.snapshot)).toBe(approval.contentHash)
    expect(JSON.parse(approval.snapshot)).not.toHaveProperty('workflow')

    const records = [
      recordOf(approval),
      ...(await query<DecisionRecord[]>(reviewDecisionsQuery, {id})),
    ]
    const approvedDraft = applyPatches(draft, published, statusPatches('approved'))
    expect(approvedDraft.workflow?.status).toBe('approved')
    const after = await contextFor(
      {id, draft: approvedDraft, published},
      {userId: USERS.jonas},
      records,
    )
    expect(stateOf(after)).toBe('approved')
    expect(publishModel(after, CLEAR)).toEqual(allowed)
    expect(approveModel(after)).toEqual(
      refused('This version is already approved. Changes to it start a new review.'),
    )

    // The Studio's own conditions still hold publishing back.
    expect(publishModel(after, {...CLEAR, validationErrors: 2})).toEqual(
      refused('Fix the validation errors before publishing.'),
    )
    expect(publishModel(after, {...CLEAR, validating: true, validationErrors: 2})).toEqual(
      refused('Checking the page for validation errors…'),
    )
    expect(publishModel(after, {...CLEAR, syncing: true})).toEqual(
      refused('Saving the latest changes…'),
    )
    expect(publishModel(after, {...CLEAR, permitted: false})).toEqual(
      refused('You do not have permission to publish this page.'),
    )

    // Editing the approved draft returns it to editing and takes Publish away.
    const edited = {...approvedDraft, summary: `${String(approvedDraft.summary)} Edited.`}
    const afterEdit = await contextFor(
      {id, draft: edited, published},
      {userId: USERS.jonas},
      records,
    )
    expect(stateOf(afterEdit)).toBe('editing')
    expect(publishModel(afterEdit, CLEAR)).toEqual(
      refused('This version has not been approved. Submit it for review first.'),
    )
    expect(submitModel(afterEdit)).toEqual(allowed)

    // Publishing the approved draft: the published page is the approved version.
    const publishedNow = {...approvedDraft, _id: id}
    const afterPublish = await contextFor(
      {id, draft: null, published: publishedNow},
      {userId: USERS.jonas},
      records,
    )
    expect(stateOf(afterPublish)).toBe('published')
    expect(publishModel(afterPublish, CLEAR)).toEqual(refused('This version is already published.'))
    expect(submitModel(afterPublish)).toEqual(
      refused('There are no unpublished changes to review.'),
    )
  })

  it('a request for changes needs the reviewer’s comment', async () => {
    const context = await contextFor(pair(), {userId: USERS.amira})
    if (context.status !== 'ready') throw new Error('not ready')
    expect(requestChangesVerdict(context.snapshot, '  ')).toEqual({
      allowed: false,
      reason: 'Say what needs to change: a comment is required.',
    })
    expect(requestChangesVerdict(context.snapshot, 'Cite the FNCLCC grading source.')).toEqual({
      allowed: true,
      next: 'changesRequested',
    })
    const {id, draft} = pair()
    const decision = approvalDocument({
      publishedId: id,
      content: draft as ReviewedDocument,
      hash: context.snapshot.currentHash,
      actor: context.snapshot.actor as Actor,
      decision: 'changesRequested',
      comment: '  Cite the FNCLCC grading source.\n',
      now: new Date('2026-11-21T10:00:00Z'),
    })
    expect(decision.comment).toBe('Cite the FNCLCC grading source.')
    expect(decision.decision).toBe('changesRequested')
  })
})

describe('breast cancer: changes requested by Li Chen on Sofia Marquez’s draft', () => {
  const pair = () => pairOf('tumour-breast-cancer')

  it('shows changes requested, and only resubmitting is possible', async () => {
    const context = await contextFor(pair(), {userId: USERS.sofia})
    expect(stateOf(context)).toBe('changesRequested')
    expect(badgeFor('changesRequested')).toMatchObject({
      label: 'Changes requested',
      color: 'warning',
    })
    expect(submitModel(context)).toEqual(allowed)
    expect(publishModel(context, CLEAR)).toEqual(
      refused('A medical reviewer requested changes. Edit and submit again.'),
    )
    const liChen = await contextFor(pair(), {userId: USERS.liChen})
    expect(approveModel(liChen)).toEqual(
      refused(
        'Only a version submitted for review can be approved or sent back. Submit it for review first.',
      ),
    )
  })

  it('after Sofia resubmits, it is in review again and Li Chen may approve it', async () => {
    const {id, draft, published} = pair()
    const sofia = toActor(await query(reviewerPersonQuery, {userId: USERS.sofia})) as Actor
    const hash = await contentHash(draft as ReviewedDocument)
    const patches = submitPatches(sofia, hash, new Date('2026-11-22T08:00:00Z'))
    expect(patches).toEqual([
      {
        set: {
          workflow: {
            _type: 'workflow',
            status: 'inReview',
            submittedBy: {_type: 'reference', _ref: 'person-sofia-marquez', _weak: true},
            submittedAt: '2026-11-22T08:00:00.000Z',
            submittedHash: hash,
          },
        },
      },
    ])
    const resubmitted = applyPatches(draft, published, patches)
    // The workflow field is not content: submitting does not change the hash.
    expect(await contentHash(resubmitted)).toBe(hash)
    const liChen = await contextFor({id, draft: resubmitted, published}, {userId: USERS.liChen})
    expect(stateOf(liChen)).toBe('inReview')
    expect(approveModel(liChen)).toEqual(allowed)
  })
})

describe('pancreatic ductal adenocarcinoma: published without approval', () => {
  const pair = () => pairOf('tumour-pancreatic-ductal-adenocarcinoma')

  it('is not treated as published, and cannot be "published" again', async () => {
    const context = await contextFor(pair(), {userId: USERS.amira})
    expect(pair().draft).toBeNull()
    expect(stateOf(context)).toBe('editing')
    expect(publishModel(context, {...CLEAR, operationDisabled: 'ALREADY_PUBLISHED'})).toEqual(
      refused('This version has not been approved. Submit it for review first.'),
    )
    expect(approveModel(context)).toEqual(
      refused(
        'Only a version submitted for review can be approved or sent back. Submit it for review first.',
      ),
    )
  })

  it('can be submitted for review: the draft is created from the published page', async () => {
    const {id, draft, published} = pair()
    const jonasContext = await contextFor(pair(), {userId: USERS.jonas})
    expect(submitModel(jonasContext)).toEqual(allowed)
    const jonas = toActor(await query(reviewerPersonQuery, {userId: USERS.jonas})) as Actor
    const hash = await contentHash(published as ReviewedDocument)
    const newDraft = applyPatches(draft, published, submitPatches(jonas, hash, NOW))
    expect(newDraft._id).toBe(`drafts.${id}`)
    const after = await contextFor({id, draft: newDraft, published}, {userId: USERS.amira})
    expect(stateOf(after)).toBe('inReview')
    expect(approveModel(after)).toEqual(allowed)
  })
})

describe('melanoma: published content differs from the approved version', () => {
  it('counts the old approval for nothing', async () => {
    const context = await contextFor(pairOf('tumour-melanoma'), {userId: USERS.amira})
    expect(stateOf(context)).toBe('editing')
    expect(publishModel(context, CLEAR)).toEqual(
      refused('This version has not been approved. Submit it for review first.'),
    )
  })
})

describe('synovial sarcoma: overdue for its periodic medical review', () => {
  it('is published, with a "Review overdue" badge', async () => {
    const pair = pairOf('tumour-synovial-sarcoma')
    const context = await contextFor(pair, {userId: USERS.amira})
    expect(stateOf(context)).toBe('published')
    const nextReviewDue = pair.published?.nextReviewDue
    expect(nextReviewDue).toBe('2026-06-30')
    expect(isReviewOverdue(nextReviewDue, NOW)).toBe(true)
    expect(badgeFor('published', {overdue: true, nextReviewDue})).toEqual({
      label: 'Published · Review overdue',
      color: 'danger',
      title:
        'The published version is the approved version. The periodic medical review was due on 2026-06-30: review the page again.',
    })
  })

  it('is due on its due date, and overdue from the next day', () => {
    expect(isReviewOverdue('2026-06-30', new Date('2026-06-30T23:59:59Z'))).toBe(false)
    expect(isReviewOverdue('2026-06-30', new Date('2026-07-01T00:00:00Z'))).toBe(true)
    expect(isReviewOverdue(undefined, NOW)).toBe(false)
  })
})

describe('before the review state is known', () => {
  it('disables every action with a reason', () => {
    for (const context of [{status: 'loading'}, {status: 'empty'}] as ReviewContextState[]) {
      const title = context.status === 'loading' ? LOADING_REASON : NOTHING_TO_REVIEW
      for (const model of [
        submitModel(context),
        approveModel(context),
        requestChangesModel(context),
        publishModel(context, CLEAR),
      ])
        expect(model).toEqual(refused(title))
    }
    expect(approveModel({status: 'error', message: 'Request timed out'})).toEqual(
      refused('The review status could not be loaded: Request timed out'),
    )
  })
})

describe('badges', () => {
  it.each([
    ['editing', 'Editing', undefined],
    ['inReview', 'In review', 'primary'],
    ['approved', 'Approved', 'success'],
    ['changesRequested', 'Changes requested', 'warning'],
    ['published', 'Published', 'success'],
  ] as const)('%s → %s', (state, label, color) => {
    const badge = badgeFor(state)
    expect(badge.label).toBe(label)
    expect(badge.color).toBe(color)
    expect(badge.title).toMatch(/\.$/)
  })
})

describe('desk lists on the embedded dataset', () => {
  const ids = (filter: string, dataset = docs) =>
    query<string[]>(`*[${filter}] | order(_id asc)._id`, {}, dataset)

  it('"Awaiting review" lists the leiomyosarcoma draft', async () => {
    expect(await ids(reviewListFilters.awaitingReview)).toEqual(['drafts.tumour-leiomyosarcoma'])
  })

  it('"Changes requested" lists the breast cancer draft', async () => {
    expect(await ids(reviewListFilters.changesRequested)).toEqual(['drafts.tumour-breast-cancer'])
  })

  it('"Review overdue" lists synovial sarcoma', async () => {
    expect(await ids(reviewListFilters.reviewOverdue)).toEqual(['tumour-synovial-sarcoma'])
  })

  it('"Approved, not yet published" lists approved drafts, not published pages', async () => {
    expect(await ids(reviewListFilters.approvedNotPublished)).toEqual([])
    const draft = doc('drafts.tumour-leiomyosarcoma') as ReviewedDocument
    const approvedDraft = applyPatches(draft, null, statusPatches('approved'))
    // After publishing, the published page keeps the workflow it was approved with.
    const publishedAfterwards = {...approvedDraft, _id: 'tumour-liposarcoma-copy'}
    // Under the Studio's drafts perspective a draft has its published id and `_originalId`.
    const overlaid = {...approvedDraft, _id: 'tumour-x', _originalId: 'drafts.tumour-x'}
    const dataset = [approvedDraft, publishedAfterwards, overlaid]
    expect(await ids(reviewListFilters.approvedNotPublished, dataset)).toEqual([
      'drafts.tumour-leiomyosarcoma',
      'tumour-x',
    ])
  })

  it('"Review decisions" lists every approval document', async () => {
    const all = await ids(reviewListFilters.reviewDecisions)
    expect(all).toHaveLength(docs.filter((d) => d._type === 'approval').length)
    expect(all.length).toBeGreaterThan(0)
  })
})

describe('the Studio workspace (sanity.config.ts, resolved by sanity itself)', () => {
  const reviewer = {
    id: USERS.amira,
    name: 'Amira Haddad',
    email: 'amira@example.org',
    role: 'editor',
    roles: [{name: 'editor', title: 'Editor'}],
  }

  async function workspace() {
    const [{createMockAuthStore, createSourceFromConfig}, {default: config}, {createClient}] =
      await Promise.all([
        import('sanity'),
        import('../../sanity.config.ts'),
        import('@sanity/client'),
      ])
    const client = createClient({
      projectId: 'oncodemo',
      dataset: 'production',
      apiVersion: '2025-02-19',
      useCdn: false,
    })
    // A mock auth store keeps the workspace offline: nothing here talks to the hosted API.
    return createSourceFromConfig({
      ...config,
      auth: createMockAuthStore({client, currentUser: reviewer}),
    } as Parameters<typeof createSourceFromConfig>[0])
  }

  const names = (list: {displayName?: string; action?: string}[]) =>
    list.map((item) => item.action ?? item.displayName)

  it('gives tumour and kit pages the review actions, and no way around the gate', async () => {
    const source = await workspace()
    for (const schemaType of ['tumour', 'kitProduct']) {
      const actions = source.document.actions({
        schemaType,
        documentId: 'tumour-leiomyosarcoma',
        releaseId: undefined,
        versionType: 'draft',
      })
      expect(names(actions.slice(0, 4))).toEqual([
        'publish',
        'SubmitForReviewAction',
        'ApproveAction',
        'RequestChangesAction',
      ])
      expect(actions[0]?.displayName).toBe('GuardedPublishAction')
      // The Studio's own Publish and scheduled publishing are gone; the rest stays.
      expect(actions.filter((a) => a.action === 'publish')).toHaveLength(1)
      expect(names(actions)).not.toContain('schedule')
      expect(names(actions)).toEqual(
        expect.arrayContaining(['unpublish', 'duplicate', 'discardChanges', 'delete']),
      )
      expect(actions.find((a) => a.action === 'duplicate')?.displayName).toMatch(/^ReviewAware/)
      const badges = source.document.badges({schemaType, documentId: 'tumour-leiomyosarcoma'})
      expect(badges.map((badge) => badge.displayName)).toContain('ReviewStateBadge')
    }
  })

  it('keeps review decisions read-only and uncreatable by hand', async () => {
    const source = await workspace()
    const actions = source.document.actions({
      schemaType: 'approval',
      documentId: 'approval-tumour-melanoma-61247ca71b08',
      releaseId: undefined,
      versionType: 'published',
    })
    for (const name of ['publish', 'schedule', 'unpublish', 'delete', 'duplicate', 'restore'])
      expect(names(actions)).not.toContain(name)
    expect(source.document.badges({schemaType: 'approval'})).not.toContainEqual(
      expect.objectContaining({displayName: 'ReviewStateBadge'}),
    )
    expect(source.templates.map((template) => template.schemaType)).not.toContain('approval')
    const source2 = source.document.actions({
      schemaType: 'source',
      releaseId: undefined,
      versionType: 'draft',
    })
    expect(source2.find((a) => a.action === 'publish')?.displayName).not.toBe(
      'GuardedPublishAction',
    )
  })

  it('puts the review lists first in the desk, without create buttons', async () => {
    const source = await workspace()
    const [{createStructureBuilder}, {structure}] = await Promise.all([
      import('sanity/structure'),
      import('../../studio/structure.ts'),
    ])
    const S = createStructureBuilder({source, perspectiveStack: ['drafts']})
    // biome-ignore lint/suspicious/noExplicitAny: serialized structure nodes are loosely typed
    const serialize = (node: any) => (node?.serialize ? node.serialize({path: []}) : node)
    // biome-ignore lint/suspicious/noExplicitAny: the resolver's context is not used here
    const root = serialize(structure(S, {} as any))
    expect(root.items.map((item: {id: string}) => item.id)).toEqual(
      expect.arrayContaining(['review', 'tumours', 'kits', 'sources', 'people']),
    )
    expect(root.items[0].id).toBe('review')
    const lists = serialize(root.items[0].child)
      .items.filter((item: {type: string}) => item.type !== 'divider')
      .map((item: {id: string; title: string; child: unknown}) => ({
        id: item.id,
        title: item.title,
        ...pick(serialize(item.child)),
      }))
    expect(lists).toEqual([
      {
        id: 'awaiting-review',
        title: 'Awaiting review',
        filter: reviewListFilters.awaitingReview,
        templates: 0,
      },
      {
        id: 'changes-requested',
        title: 'Changes requested',
        filter: reviewListFilters.changesRequested,
        templates: 0,
      },
      {
        id: 'review-overdue',
        title: 'Review overdue',
        filter: reviewListFilters.reviewOverdue,
        templates: 0,
      },
      {
        id: 'approved-not-published',
        title: 'Approved, not yet published',
        filter: reviewListFilters.approvedNotPublished,
        templates: 0,
      },
      {id: 'review-decisions', title: 'Review decisions', filter: '_type == $type', templates: 0},
    ])
    const decisions = serialize(root.items[0].child).items.at(-1)
    expect(serialize(decisions.child).options.defaultOrdering).toEqual([
      {field: 'decidedAt', direction: 'desc'},
    ])
  })
})

function pick(list: {options: {filter: string}; initialValueTemplates?: unknown[]}) {
  return {filter: list.options.filter, templates: list.initialValueTemplates?.length ?? 0}
}
