import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {categorize} from '../../pipeline/workflow/categorize.ts'
import {closureOf, closureText} from '../../pipeline/workflow/closure.ts'
import {decodeClosure} from '../../pipeline/workflow/closureCodec.ts'
import {reviewDates} from '../../pipeline/workflow/evaluate.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import type {StatementDocument} from '../../pipeline/workflow/statement.ts'
import {NOT_ENROLLED} from '../../pipeline/workflow/workflow.ts'
import {
  type ActionModel,
  approveModel,
  CONTENT_CHANGED_REASON,
  FINISH_PUBLISHING,
  LOADING_REASON,
  NOTHING_TO_REVIEW,
  type PublishConditions,
  publishModel,
  type ReviewContextState,
  requestChangesModel,
  submitModel,
} from '../../studio/review/actionModel.ts'
import {signatureBadge, stateBadge} from '../../studio/review/badgeFor.ts'
import {signerOf} from '../../studio/review/enrollment.ts'
import {keyringFor} from '../../studio/review/keyring.ts'
import {closureOfPage, fetchClosureDocuments} from '../../studio/review/pageLedger.ts'
import {loadReviewLists} from '../../studio/review/reviewLists.ts'
import type {LocalSigningKey} from '../../studio/review/signingKeyStore.ts'
import {Refusal} from '../../studio/review/signStep.ts'
import {DEMO_KIDS, type DemoKeyFile, demoKeyPath, demoLocalKey} from '../support/demoLocalKeys.ts'
import {type GroqLake, groqLake, parseNdjson} from '../support/groqLake.ts'
import {AMIRA, history, JONAS, judge, LI, signer} from '../support/ledger.ts'
import {stateOf, studioLedger} from '../support/studioLedger.ts'

/**
 * The decisions the Studio's review actions, badges and lists make, on the editorial states of
 * the embedded dataset: the Studio's own GROQ answered by groq-js, its own Web Crypto signing,
 * and the Node gate (checkStatement with Node's crypto, buildChain, evaluateChain) judging what
 * it signed. Only the React wiring is left to the browser tests.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DATASET = parseNdjson(readFileSync(`${ROOT}content/production.ndjson`, 'utf8'))
/** After every statement in the dataset. */
const NOW = new Date('2026-11-27T09:00:00.000Z')
const keyring = keyringFor('demo')

const keys = {} as Record<keyof typeof DEMO_KIDS, LocalSigningKey>
beforeAll(async () => {
  for (const [who, kid] of Object.entries(DEMO_KIDS)) {
    const file = JSON.parse(readFileSync(`${ROOT}${demoKeyPath(kid)}`, 'utf8')) as DemoKeyFile
    keys[who as keyof typeof DEMO_KIDS] = await demoLocalKey(file)
  }
})

let lake: GroqLake
let studio: ReturnType<typeof studioLedger>
beforeEach(() => {
  lake = groqLake(DATASET)
  studio = studioLedger(lake, keyring, NOW)
})

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

const R = {
  notReviewer: 'Only a medical reviewer can approve or request changes.',
  notPublisher: 'Only a publisher can publish a page. Ask a colleague with that role.',
  fourEyes:
    'You submitted this version, so another medical reviewer must approve it (four-eyes rule).',
  waiting: 'This version is already waiting for review.',
  waitingForReviewer: 'Waiting for a medical reviewer to approve this version.',
  notApproved: 'This version has not been approved. Submit it for review first.',
  alreadyApproved: 'This version is already approved. Changes to it start a new review.',
  notSubmitted:
    'Only a version submitted for review can be approved or sent back. Submit it for review first.',
  changesRequested: 'A medical reviewer requested changes. Edit and submit again.',
}

/** The statements the Node gate reads for a page, judged with Node's crypto (test/support/ledger.ts). */
const nodeVerdict = (id: string) =>
  judge(id, lake.statementsOf(id) as unknown as StatementDocument[], keyring)

/** Every action's model, for checks that all of them refuse alike. */
const allModels = (context: ReviewContextState) => [
  submitModel(context),
  approveModel(context),
  requestChangesModel(context),
  publishModel(context, CLEAR),
]

const payloadOf = (statement: StatementDocument) => JSON.parse(statement.payload)

describe('closures: the Studio’s GROQ gives the export’s closure', () => {
  it('for every page version in the dataset', async () => {
    const lookup = datasetLookup(applyPerspective(DATASET, 'published'))
    const pages = DATASET.filter((d) => d._type === 'tumour' || d._type === 'kitProduct')
    expect(pages.length).toBeGreaterThan(15)
    for (const page of pages) {
      const id = page._id.replace(/^drafts\./, '')
      const studioSide = await closureOfPage(
        page,
        id,
        await fetchClosureDocuments(lake.client, page, id),
      )
      expect(studioSide.text, page._id).toBe(closureText(closureOf(page, id, lookup)))
    }
  })

  it('hashes the leiomyosarcoma draft to what Jonas Weber signed when he submitted it', async () => {
    const {evaluation} = await nodeVerdict('tumour-leiomyosarcoma')
    const draft = studio.pairOf('tumour-leiomyosarcoma').draft as SanityDoc
    const closure = await studio.closure(draft, 'tumour-leiomyosarcoma')
    expect(evaluation.latestSubmission?.payload.signer).toBe(JONAS)
    expect(closure?.hash).toBe(evaluation.latestSubmission?.payload.contentHash)
  })
})

describe('who signs: the keyring person owning this browser’s key', () => {
  it('is the enrolled person, with their keyring roles', () => {
    const who = signerOf(keyring, keys.amira, NOW)
    expect(who.ok && who.actor).toEqual({
      personId: AMIRA,
      name: 'Amira Haddad',
      roles: ['medicalReviewer', 'publisher'],
    })
  })

  it('is nobody for a key the keyring does not know, or no key at all', async () => {
    const production = keyringFor('production')
    expect(signerOf(production, keys.amira, NOW)).toEqual({ok: false, reason: NOT_ENROLLED})
    expect(signerOf(keyring, undefined, NOW)).toEqual({ok: false, reason: NOT_ENROLLED})
  })

  it('says why a revoked or expired key cannot sign', () => {
    const revoked = signerOf(keyring, keys.liRevoked, NOW)
    expect(revoked.ok).toBe(false)
    expect(!revoked.ok && revoked.reason).toMatch(/the key was revoked at 2026-06-01/)
    const expired = signerOf(keyring, keys.amira, new Date('2028-02-01T00:00:00.000Z'))
    expect(!expired.ok && expired.reason).toMatch(/the key expired at 2028-01-01/)
  })
})

describe('leiomyosarcoma: a draft in review, submitted by Jonas Weber', () => {
  const PAGE = 'tumour-leiomyosarcoma'

  it('is in review; medical reviewers who did not submit it may decide', async () => {
    for (const who of [keys.amira, keys.li]) {
      const context = await studio.contextFor(PAGE, who)
      expect(stateOf(context)).toBe('inReview')
      expect(approveModel(context)).toEqual(allowed)
      expect(requestChangesModel(context)).toEqual(allowed)
    }
    expect(stateBadge(((await studio.contextFor(PAGE)) as ReadyContext).snapshot.facts)).toEqual({
      label: 'In review',
      color: 'primary',
      title: 'Waiting for a medical reviewer to approve it or request changes.',
    })
  })

  it('writers cannot decide, and nothing can be submitted again or published', async () => {
    for (const who of [keys.jonas, keys.sofia]) {
      const context = await studio.contextFor(PAGE, who)
      expect(approveModel(context)).toEqual(refused(R.notReviewer))
      expect(requestChangesModel(context)).toEqual(refused(R.notReviewer))
      expect(submitModel(context)).toEqual(refused(R.waiting))
      expect(publishModel(context, CLEAR)).toMatchObject(refused(R.waitingForReviewer))
    }
  })

  it('a browser whose key is not enrolled can do nothing, and is told why', async () => {
    for (const model of allModels(await studio.contextFor(PAGE)))
      expect(model).toMatchObject(refused(NOT_ENROLLED))
  })

  it('a revoked key is refused with the revocation, whatever the state', async () => {
    const model = approveModel(await studio.contextFor(PAGE, keys.liRevoked))
    expect(model.disabled).toBe(true)
    expect(model.title).toMatch(/^Your signing key cannot sign now: the key was revoked/)
  })

  it('Amira approves (signed in the Studio), Jonas publishes, and the Node gate releases it', async () => {
    const approval = await studio.sign(PAGE, keys.amira, 'approve', {
      scope: 'full',
      reviewIntervalMonths: 24,
    })
    expect(approval._id).toMatch(/^statement-[0-9a-f]{64}$/)
    expect(approval.document).toEqual({_type: 'reference', _ref: PAGE, _weak: true})
    expect(payloadOf(approval)).toMatchObject({
      kind: 'approved',
      signer: AMIRA,
      keyId: DEMO_KIDS.amira,
      scope: 'full',
      reviewIntervalMonths: 24,
      meaning: 'I approve this content as medically accurate and complete.',
    })
    const draft = studio.pairOf(PAGE).draft as SanityDoc
    // The approval keeps the closure encoded (closureCodec.ts); it decodes to what was hashed.
    expect(await decodeClosure(approval.closure as string)).toEqual({
      ok: true,
      text: (await studio.closure(draft, PAGE))?.text,
    })
    expect(lake.created).toEqual([approval])

    const afterApproval = await studio.contextFor(PAGE, keys.jonas)
    expect(stateOf(afterApproval)).toBe('approved')
    expect(publishModel(afterApproval, CLEAR)).toEqual({
      ...allowed,
      sign: true,
      publishOperation: true,
    })
    expect(approveModel(await studio.contextFor(PAGE, keys.li))).toEqual(refused(R.alreadyApproved))
    // Sofia may publish (she is a publisher); a reviewer without the role may not.
    const noPublisher: Keyring = {
      ...keyring,
      people: keyring.people.map((p) => (p.id === AMIRA ? {...p, roles: ['medicalReviewer']} : p)),
    }
    const amiraOnly = studioLedger(lake, noPublisher, NOW)
    expect(publishModel(await amiraOnly.contextFor(PAGE, keys.amira), CLEAR)).toMatchObject(
      refused(R.notPublisher),
    )

    const publication = await studio.sign(PAGE, keys.jonas, 'publish')
    expect(payloadOf(publication)).toMatchObject({
      kind: 'published',
      signer: JONAS,
      contentHash: payloadOf(approval).contentHash,
      previous: approval._id.slice('statement-'.length),
    })
    expect(publication).not.toHaveProperty('closure')
    // Signed, but the publish operation has not copied the draft yet (it failed, say): Publish
    // finishes the copy without a second signature.
    expect(publishModel(await studio.contextFor(PAGE, keys.jonas), CLEAR)).toEqual({
      disabled: false,
      title: FINISH_PUBLISHING,
      sign: false,
      publishOperation: true,
    })
    expect(
      publishModel(await studio.contextFor(PAGE, keys.amira), {...CLEAR, permitted: false}),
    ).toMatchObject(refused('You do not have permission to publish this page.'))

    // The export's gate, with Node's crypto, accepts what the Studio signed with Web Crypto.
    const {evaluation, failed} = await nodeVerdict(PAGE)
    expect(failed).toEqual([])
    expect(evaluation.refusals).toEqual([])
    expect(evaluation.release?.approval.id).toBe(approval._id)
    expect(evaluation.release?.published.id).toBe(publication._id)
    const reviewed = payloadOf(approval).signedAt.slice(0, 10)
    expect(reviewDates(evaluation.release as never)).toEqual({
      lastReviewed: reviewed,
      nextReviewDue: '2028-11-27',
      reviewer: AMIRA,
    })
  })

  it('an approval of a change keeps the date of the last full review', async () => {
    const approval = await studio.sign(PAGE, keys.amira, 'approve', {scope: 'change'})
    expect(payloadOf(approval)).toMatchObject({scope: 'change'})
    expect(payloadOf(approval)).not.toHaveProperty('reviewIntervalMonths')
    await studio.sign(PAGE, keys.jonas, 'publish')
    const {evaluation} = await nodeVerdict(PAGE)
    expect(evaluation.release?.approval.id).toBe(approval._id)
    expect(reviewDates(evaluation.release as never)).toMatchObject({
      lastReviewed: '2026-10-12',
      reviewer: LI,
    })
  })

  it('Li Chen sends it back with a comment, and Jonas can submit again', async () => {
    const request = await studio.sign(PAGE, keys.li, 'requestChanges', {
      comment: '  Cite the FNCLCC grading source.\n',
    })
    expect(payloadOf(request)).toMatchObject({
      kind: 'changesRequested',
      signer: LI,
      comment: 'Cite the FNCLCC grading source.',
    })
    const context = await studio.contextFor(PAGE, keys.jonas)
    expect(stateOf(context)).toBe('changesRequested')
    expect(submitModel(context)).toEqual(allowed)
    expect(publishModel(context, CLEAR)).toMatchObject(refused(R.changesRequested))
  })

  it('refuses to sign a request for changes without a comment', async () => {
    await expect(studio.sign(PAGE, keys.li, 'requestChanges', {comment: '  '})).rejects.toThrow(
      'Say what needs to change: a comment is required.',
    )
    expect(lake.created).toEqual([])
  })

  it('refuses to sign when the page changed since the buttons were computed', async () => {
    const context = (await studio.contextFor(PAGE, keys.amira)) as ReadyContext
    const draft = studio.pairOf(PAGE).draft as SanityDoc
    lake.put({...draft, summary: `${String(draft.summary)} Edited.`})
    const attempt = studio.sign(PAGE, keys.amira, 'approve', {
      expectedHash: context.snapshot.currentHash,
    })
    await expect(attempt).rejects.toThrow(Refusal)
    await expect(attempt).rejects.toThrow(CONTENT_CHANGED_REASON)
  })

  it('refuses to sign when a source the page shows changed since the buttons were computed', async () => {
    const context = (await studio.contextFor(PAGE, keys.amira)) as ReadyContext
    const source = lake.documents.find((d) => d._id === 'source-wikipedia-leiomyosarcoma')
    lake.put({...(source as SanityDoc), url: 'https://evil.example/leiomyosarcoma'})
    await expect(
      studio.sign(PAGE, keys.amira, 'approve', {expectedHash: context.snapshot.currentHash}),
    ).rejects.toThrow(CONTENT_CHANGED_REASON)
  })

  it('refuses to sign on a history that moved on since the dialog opened', async () => {
    const stale = (await studio.contextFor(PAGE, keys.li)) as ReadyContext
    await studio.sign(PAGE, keys.amira, 'approve')
    // Li's buttons still show "in review"; the dataset says approved.
    expect(approveModel(stale)).toEqual(allowed)
    await expect(studio.sign(PAGE, keys.li, 'approve')).rejects.toThrow(R.alreadyApproved)
  })

  it('refuses to sign with a clock behind the page’s last statement', async () => {
    const early = studioLedger(lake, keyring, new Date('2026-11-20T11:00:00.000Z'))
    await expect(early.sign(PAGE, keys.amira, 'approve')).rejects.toThrow(
      /Your computer's clock \(2026-11-20T11:00:01.000Z\) is behind the last review statement of this page \(2026-11-20T11:30:00.000Z\)/,
    )
  })
})

type ReadyContext = Extract<ReviewContextState, {status: 'ready'}>

describe('four eyes: a writer’s own approval is refused', () => {
  const PAGE = 'tumour-angiosarcoma'

  it('Li Chen submits the new angiosarcoma draft; she may not approve it, Amira may', async () => {
    expect(submitModel(await studio.contextFor(PAGE, keys.li))).toEqual(allowed)
    const submitted = await studio.sign(PAGE, keys.li, 'submit')
    expect(payloadOf(submitted)).toMatchObject({kind: 'submitted', signer: LI, previous: null})
    const li = await studio.contextFor(PAGE, keys.li)
    expect(stateOf(li)).toBe('inReview')
    expect(approveModel(li)).toEqual(refused(R.fourEyes))
    // Asking for changes to one's own submission is allowed: only approval needs a second person.
    expect(requestChangesModel(li)).toEqual(allowed)
    await expect(studio.sign(PAGE, keys.li, 'approve')).rejects.toThrow(R.fourEyes)
    expect(approveModel(await studio.contextFor(PAGE, keys.amira))).toEqual(allowed)
  })

  it('a self-approval written past the Studio counts for nothing and shows why', async () => {
    await studio.sign(PAGE, keys.li, 'submit')
    const [submittedDoc] = lake.created as unknown as StatementDocument[]
    const submittedPayload = payloadOf(submittedDoc as StatementDocument)
    const forced = await signer.statement({
      kind: 'approved',
      documentId: PAGE,
      documentType: 'tumour',
      contentHash: submittedPayload.contentHash,
      signer: LI,
      signedAt: '2026-11-27T10:00:00.000Z',
      previous: submittedDoc?._id.slice('statement-'.length) ?? null,
      scope: 'full',
      reviewIntervalMonths: 12,
      closure: (await studio.closure(studio.pairOf(PAGE).draft, PAGE))?.text,
    })
    lake.put(forced as unknown as SanityDoc)
    const context = (await studio.contextFor(PAGE, keys.amira)) as ReadyContext
    expect(context.snapshot.state).toBe('inReview')
    expect(signatureBadge(context.snapshot.facts)).toEqual({
      label: 'Signature not valid',
      color: 'danger',
      title: expect.stringContaining('approved by its own submitter (person-li-chen)'),
    })
  })
})

describe('attacks through the dataset', () => {
  const PAGE = 'tumour-leiomyosarcoma'

  it('a forged approval shows "Signature not valid" and changes nothing', async () => {
    const before = (await studio.contextFor(PAGE, keys.jonas)) as ReadyContext
    const [genuine] = await history(PAGE, [
      {kind: 'approved', by: AMIRA, at: '2026-11-26T10:00:00.000Z', content: '{}'},
    ])
    // Claims Amira's approval of the draft's hash, signed with someone else's signature.
    const payload = {...payloadOf(genuine as StatementDocument)}
    payload.contentHash = before.snapshot.currentHash
    const forged = {
      ...genuine,
      _id: 'statement-forged',
      payload: JSON.stringify(Object.fromEntries(Object.entries(payload).sort())),
    }
    lake.put(forged as unknown as SanityDoc)
    const after = (await studio.contextFor(PAGE, keys.jonas)) as ReadyContext
    expect(after.snapshot.state).toBe('inReview')
    expect(publishModel(after, CLEAR)).toMatchObject(refused(R.waitingForReviewer))
    const badge = signatureBadge(after.snapshot.facts)
    expect(badge?.label).toBe('Signature not valid')
    expect(badge?.title).toMatch(
      /Review statement statement-forged: the signature does not match key \S+ of person-amira-haddad/,
    )
    expect(categorize(after.snapshot.facts)).toContain('signatureProblems')
  })

  it('a genuine statement copied from another page counts for nothing here', async () => {
    const melanoma = lake.statementsOf('tumour-melanoma')[0] as SanityDoc
    lake.put({...melanoma, _id: 'statement-copied', document: {_ref: PAGE, _type: 'reference'}})
    const context = (await studio.contextFor(PAGE, keys.jonas)) as ReadyContext
    expect(signatureBadge(context.snapshot.facts)?.title).toMatch(
      /is filed under tumour-leiomyosarcoma but was signed for tumour-melanoma/,
    )
    expect(context.snapshot.state).toBe('inReview')
  })

  it('a release whose kept content is signed but no page closure shows "Signature not valid"', async () => {
    lake.put({_id: 'tumour-odd', _type: 'tumour', name: 'Odd'} as SanityDoc)
    const steps = [
      {kind: 'submitted', by: JONAS, at: '2026-11-01T09:00:00.000Z', content: '[1,2]'},
      {kind: 'approved', by: AMIRA, at: '2026-11-01T10:00:00.000Z', content: '[1,2]'},
      {kind: 'published', by: JONAS, at: '2026-11-01T11:00:00.000Z', content: '[1,2]'},
    ] as const
    const statements = await history('tumour-odd', [...steps])
    for (const statement of statements) lake.put(statement as unknown as SanityDoc)
    const context = (await studio.contextFor('tumour-odd', keys.jonas)) as ReadyContext
    expect(signatureBadge(context.snapshot.facts)).toMatchObject({
      label: 'Signature not valid',
      title: expect.stringContaining(
        `Review statement ${statements[1]?._id} counts for nothing: the reviewed content it keeps cannot be read (it is not a page closure)`,
      ),
    })
  })
})

describe('pages outside the normal flow', () => {
  it('breast cancer: changes requested; Sofia resubmits and Li Chen may approve', async () => {
    const PAGE = 'tumour-breast-cancer'
    const sofia = await studio.contextFor(PAGE, keys.sofia)
    expect(stateOf(sofia)).toBe('changesRequested')
    expect(approveModel(await studio.contextFor(PAGE, keys.li))).toEqual(refused(R.notSubmitted))
    await studio.sign(PAGE, keys.sofia, 'submit')
    expect(approveModel(await studio.contextFor(PAGE, keys.li))).toEqual(allowed)
    // Sofia's key is ECDSA P-256: the Node gate verifies it too.
    expect((await nodeVerdict(PAGE)).failed).toEqual([])
  })

  it('pancreatic ductal adenocarcinoma, published without approval, is reviewed as it stands', async () => {
    const PAGE = 'tumour-pancreatic-ductal-adenocarcinoma'
    const context = (await studio.contextFor(PAGE, keys.jonas)) as ReadyContext
    expect(context.snapshot.state).toBe('editing')
    expect(publishModel(context, {...CLEAR, operationDisabled: 'ALREADY_PUBLISHED'})).toMatchObject(
      refused(R.notApproved),
    )
    expect(stateBadge(context.snapshot.facts).title).toMatch(/no signed four-eyes approval/)
    // No draft is needed: the published page is submitted and approved as it is.
    await studio.sign(PAGE, keys.jonas, 'submit')
    await studio.sign(PAGE, keys.amira, 'approve')
    const approved = await studio.contextFor(PAGE, keys.jonas)
    // Only the signature is missing: Publish records it without the publish operation.
    expect(publishModel(approved, {...CLEAR, operationDisabled: 'ALREADY_PUBLISHED'})).toEqual({
      ...allowed,
      sign: true,
      publishOperation: false,
    })
    await studio.sign(PAGE, keys.jonas, 'publish')
    expect((await nodeVerdict(PAGE)).evaluation.release).toBeDefined()
    expect(stateOf(await studio.contextFor(PAGE, keys.jonas))).toBe('published')
  })

  it('melanoma: the published page is not what Li Chen approved', async () => {
    const context = (await studio.contextFor('tumour-melanoma', keys.amira)) as ReadyContext
    expect(context.snapshot.state).toBe('editing')
    expect(categorize(context.snapshot.facts)).toContain('publishedDiffers')
    expect(stateBadge(context.snapshot.facts).title).toMatch(
      /The published page is not the revision a reviewer approved/,
    )
    // Approved with Li Chen's first key before it was revoked: still a valid signature.
    expect(signatureBadge(context.snapshot.facts)).toBeUndefined()
  })

  it('synovial sarcoma is overdue for its periodic medical review', async () => {
    const context = (await studio.contextFor('tumour-synovial-sarcoma', keys.amira)) as ReadyContext
    expect(context.snapshot.state).toBe('published')
    expect(stateBadge(context.snapshot.facts)).toEqual({
      label: 'Published · Review overdue',
      color: 'danger',
      title:
        'The published version is the approved version. The periodic medical review was due on 2026-06-30: review the page in full again.',
    })
  })
})

describe('the Studio’s own conditions on publishing', () => {
  it('hold an approved version back until it is saved, validated and permitted', async () => {
    const PAGE = 'tumour-leiomyosarcoma'
    await studio.sign(PAGE, keys.amira, 'approve')
    const context = await studio.contextFor(PAGE, keys.jonas)
    expect(publishModel(context, {...CLEAR, validationErrors: 2})).toMatchObject(
      refused('Fix the validation errors before publishing.'),
    )
    expect(publishModel(context, {...CLEAR, validating: true, validationErrors: 2})).toMatchObject(
      refused('Checking the page for validation errors…'),
    )
    expect(publishModel(context, {...CLEAR, syncing: true})).toMatchObject(
      refused('Saving the latest changes…'),
    )
    expect(publishModel(context, {...CLEAR, permitted: false})).toMatchObject(
      refused('You do not have permission to publish this page.'),
    )
    expect(publishModel(context, {...CLEAR, operationDisabled: 'NOT_READY'})).toMatchObject(
      refused('Loading the document…'),
    )
  })

  it('disable every action, with a reason, until the state is known', () => {
    for (const context of [{status: 'loading'}, {status: 'empty'}] as ReviewContextState[]) {
      const title = context.status === 'loading' ? LOADING_REASON : NOTHING_TO_REVIEW
      for (const model of allModels(context)) expect(model).toMatchObject(refused(title))
    }
    expect(approveModel({status: 'error', message: 'Request timed out'})).toEqual(
      refused('The review status could not be loaded: Request timed out'),
    )
  })
})

describe('review lists on the embedded dataset', () => {
  const load = () =>
    loadReviewLists(lake.client, studio.verifier, keyring, NOW.toISOString().slice(0, 10))
  const ids = (pages: {id: string}[]) => pages.map((p) => p.id)

  it('sort every page by its verified history', async () => {
    const lists = await load()
    expect(ids(lists.awaitingReview)).toEqual(['tumour-leiomyosarcoma'])
    expect(lists.awaitingReview[0]?.detail).toBe('Submitted by Jonas Weber on 2026-11-20.')
    expect(ids(lists.changesRequested)).toEqual(['tumour-breast-cancer'])
    expect(lists.changesRequested[0]?.detail).toMatch(/^Li Chen, 2026-11-21: Please cite a source/)
    expect(ids(lists.overdue)).toEqual(['tumour-synovial-sarcoma'])
    expect(lists.overdue[0]?.detail).toBe('Last full review 2025-06-30; due 2026-06-30.')
    expect(ids(lists.publishedWithoutApproval)).toEqual(['tumour-pancreatic-ductal-adenocarcinoma'])
    expect(ids(lists.publishedDiffers)).toEqual(['tumour-melanoma'])
    expect(ids(lists.draftsInProgress)).toEqual(['tumour-angiosarcoma'])
    expect(ids(lists.approvedNotPublished)).toEqual([])
    expect(ids(lists.signatureProblems)).toEqual([])
    expect(lists.awaitingReview[0]).toMatchObject({type: 'tumour', title: 'Leiomyosarcoma'})
  })

  it('follow signatures, not fields: an approval moves a page, a forgery does not', async () => {
    await studio.sign('tumour-leiomyosarcoma', keys.amira, 'approve')
    const copied = lake.statementsOf('tumour-synovial-sarcoma')[0] as SanityDoc
    lake.put({...copied, _id: 'statement-copied', document: {_ref: 'tumour-angiosarcoma'}})
    const lists = await load()
    expect(ids(lists.awaitingReview)).toEqual([])
    expect(ids(lists.approvedNotPublished)).toEqual(['tumour-leiomyosarcoma'])
    expect(ids(lists.signatureProblems)).toEqual(['tumour-angiosarcoma'])
    expect(lists.signatureProblems[0]?.detail).toMatch(/copy from another document/)
  })
})
