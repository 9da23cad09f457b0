import {describe, expect, it} from 'vitest'
import {
  type Actor,
  deriveState,
  NOT_ENROLLED,
  type ReviewAction,
  type ReviewState,
  transition,
  type Verdict,
} from '../../pipeline/workflow/workflow.ts'
import {AMIRA, hashOf, history, JONAS, judge, LI, SOFIA} from '../support/ledger.ts'

/** The review state machine of pipeline/workflow/workflow.ts, on keyring roles. */

const STATES: ReviewState[] = ['editing', 'inReview', 'approved', 'changesRequested', 'published']
const ACTIONS: ReviewAction[] = ['submit', 'approve', 'requestChanges', 'publish', 'edit']

// The people of review/demo-keyring.json.
const amira: Actor = {
  personId: AMIRA,
  name: 'Amira Haddad',
  roles: ['medicalReviewer', 'publisher'],
}
const jonas: Actor = {personId: JONAS, name: 'Jonas Weber', roles: ['writer', 'publisher']}
const liChen: Actor = {
  personId: LI,
  name: 'Li Chen',
  roles: ['writer', 'medicalReviewer', 'publisher'],
}

// The reasons are part of the interface: editors read them as tooltips.
const R = {
  alreadyWaiting: 'This version is already waiting for review.',
  alreadyApprovedEdit: 'This version is already approved. Edit it to start a new review.',
  nothingToReview: 'There are no unpublished changes to review.',
  alreadyApproved: 'This version is already approved. Changes to it start a new review.',
  notSubmitted:
    'Only a version submitted for review can be approved or sent back. Submit it for review first.',
  notWriter: 'Only a medical writer can submit a page for review.',
  notReviewer: 'Only a medical reviewer can approve or request changes.',
  notPublisher: 'Only a publisher can publish a page. Ask a colleague with that role.',
  fourEyes:
    'You submitted this version, so another medical reviewer must approve it (four-eyes rule).',
  commentRequired: 'Say what needs to change: a comment is required.',
  alreadyPublished: 'This version is already published.',
  waitingForReviewer: 'Waiting for a medical reviewer to approve this version.',
  changesRequested: 'A medical reviewer requested changes. Edit and submit again.',
  notApproved: 'This version has not been approved. Submit it for review first.',
  validationErrors: 'Fix the validation errors before publishing.',
} as const

const ok = (next: ReviewState): Verdict => ({allowed: true, next})
const no = (reason: string): Verdict => ({allowed: false, reason})

/**
 * Every state × action for a fully entitled actor (every role, not among the submitters, with
 * a comment and valid content): everything refused here is refused by the state.
 */
const TABLE: Record<ReviewState, Record<ReviewAction, Verdict>> = {
  editing: {
    submit: ok('inReview'),
    approve: no(R.notSubmitted),
    requestChanges: no(R.notSubmitted),
    publish: no(R.notApproved),
    edit: ok('editing'),
  },
  inReview: {
    submit: no(R.alreadyWaiting),
    approve: ok('approved'),
    requestChanges: ok('changesRequested'),
    publish: no(R.waitingForReviewer),
    edit: ok('editing'),
  },
  approved: {
    submit: no(R.alreadyApprovedEdit),
    approve: no(R.alreadyApproved),
    requestChanges: no(R.alreadyApproved),
    publish: ok('published'),
    edit: ok('editing'),
  },
  changesRequested: {
    submit: ok('inReview'),
    approve: no(R.notSubmitted),
    requestChanges: no(R.notSubmitted),
    publish: no(R.changesRequested),
    edit: ok('editing'),
  },
  published: {
    submit: no(R.nothingToReview),
    approve: no(R.alreadyApproved),
    requestChanges: no(R.alreadyApproved),
    publish: no(R.alreadyPublished),
    edit: ok('editing'),
  },
}

const entitled = {
  actor: liChen,
  submitters: new Set([JONAS]),
  comment: 'Cite a source for the incidence figure.',
  validationErrors: 0,
}

describe('transition: the full state × action table', () => {
  for (const state of STATES) {
    for (const action of ACTIONS) {
      const expected = TABLE[state][action]
      const outcome = expected.allowed ? `→ ${expected.next}` : `refused: ${expected.reason}`
      it(`${state} × ${action} ${outcome}`, () => {
        expect(transition(action, {state, ...entitled})).toEqual(expected)
      })
    }
  }
})

describe('transition: who may act, by keyring role', () => {
  it('refuses a browser whose key is not enrolled, except editing', () => {
    for (const state of STATES)
      for (const action of ACTIONS)
        expect(transition(action, {...entitled, state, actor: undefined})).toEqual(
          action === 'edit' ? ok('editing') : no(NOT_ENROLLED),
        )
  })

  it('lets writers submit; only writers', () => {
    expect(transition('submit', {state: 'editing', actor: jonas})).toEqual(ok('inReview'))
    expect(transition('submit', {state: 'changesRequested', actor: jonas})).toEqual(ok('inReview'))
    expect(transition('submit', {state: 'editing', actor: amira})).toEqual(no(R.notWriter))
  })

  it('lets only medical reviewers decide', () => {
    const input = {state: 'inReview' as const, submitters: new Set([SOFIA])}
    expect(transition('approve', {...input, actor: jonas})).toEqual(no(R.notReviewer))
    expect(transition('requestChanges', {...input, actor: jonas, comment: 'Fix it.'})).toEqual(
      no(R.notReviewer),
    )
    expect(transition('approve', {...input, actor: amira})).toEqual(ok('approved'))
  })

  it('lets only publishers publish, whoever approved', () => {
    const reviewerOnly: Actor = {...amira, roles: ['medicalReviewer']}
    expect(transition('publish', {state: 'approved', actor: reviewerOnly})).toEqual(
      no(R.notPublisher),
    )
    expect(transition('publish', {state: 'approved', actor: jonas})).toEqual(ok('published'))
  })

  it('checks the state before the role', () => {
    expect(transition('approve', {state: 'editing', actor: jonas})).toEqual(no(R.notSubmitted))
    expect(transition('approve', {state: 'published', actor: jonas})).toEqual(no(R.alreadyApproved))
  })
})

describe('transition: four eyes', () => {
  const input = {state: 'inReview' as const, submitters: new Set([LI])}

  it('keeps a reviewer from approving what they submitted', () => {
    expect(transition('approve', {...input, actor: liChen})).toEqual(no(R.fourEyes))
  })

  it('keeps every submitter of the same content from approving it', () => {
    const both = {state: 'inReview' as const, submitters: new Set([JONAS, LI])}
    expect(transition('approve', {...both, actor: liChen})).toEqual(no(R.fourEyes))
    expect(transition('approve', {...both, actor: amira})).toEqual(ok('approved'))
  })

  it('keeps an author from approving even after gaining the reviewer role', () => {
    const promoted: Actor = {...jonas, roles: ['writer', 'medicalReviewer']}
    const submitted = {state: 'inReview' as const, submitters: new Set([JONAS])}
    expect(transition('approve', {...submitted, actor: promoted})).toEqual(no(R.fourEyes))
  })

  it('lets authors send their own submission back (only approval needs a second person)', () => {
    expect(transition('requestChanges', {...input, actor: liChen, comment: 'Not yet.'})).toEqual(
      ok('changesRequested'),
    )
  })
})

describe('transition: a comment is required to request changes', () => {
  const input = {state: 'inReview' as const, actor: amira, submitters: new Set([JONAS])}

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['only whitespace', ' \n\t '],
  ])('refuses a %s comment', (_label, comment) => {
    expect(transition('requestChanges', {...input, comment})).toEqual(no(R.commentRequired))
  })

  it('does not need a comment to approve', () => {
    expect(transition('approve', input)).toEqual(ok('approved'))
  })
})

describe('transition: publishing needs valid content', () => {
  it.each([1, 7])('refuses an approved version with %i validation errors', (validationErrors) => {
    expect(transition('publish', {state: 'approved', actor: amira, validationErrors})).toEqual(
      no(R.validationErrors),
    )
  })

  it('names the review problem before the validation problem', () => {
    expect(transition('publish', {state: 'inReview', actor: amira, validationErrors: 3})).toEqual(
      no(R.waitingForReviewer),
    )
  })
})

const V1 = '{"page":{"name":"v1"},"referencedBy":{},"references":{},"v":1}'
const V2 = '{"page":{"name":"v2"},"referencedBy":{},"references":{},"v":1}'
const PAGE = 'tumour-leiomyosarcoma'

/** The state of each content hash after a signed history, as the Studio derives it. */
async function statesAfter(steps: Parameters<typeof history>[1]) {
  const {evaluation} = await judge(PAGE, await history(PAGE, steps))
  return {v1: deriveState(evaluation, hashOf(V1)), v2: deriveState(evaluation, hashOf(V2))}
}

describe('deriveState: from the signed history of exactly this content', () => {
  const submitted = {kind: 'submitted', by: JONAS, at: '2026-10-12T10:00:00.000Z', content: V1}
  const approved = {kind: 'approved', by: AMIRA, at: '2026-10-12T11:00:00.000Z', content: V1}
  const published = {kind: 'published', by: JONAS, at: '2026-10-12T12:00:00.000Z', content: V1}

  it('is editing for content without a history', async () => {
    expect(deriveState(undefined, 'a'.repeat(64))).toBe('editing')
    expect(await statesAfter([])).toEqual({v1: 'editing', v2: 'editing'})
  })

  it('follows submitted → approved → published for the signed content only', async () => {
    expect(await statesAfter([submitted] as never)).toEqual({v1: 'inReview', v2: 'editing'})
    expect(await statesAfter([submitted, approved] as never)).toEqual({
      v1: 'approved',
      v2: 'editing',
    })
    expect(await statesAfter([submitted, approved, published] as never)).toEqual({
      v1: 'published',
      v2: 'editing',
    })
  })

  it('is changes requested after a reviewer sent it back, in review once resubmitted', async () => {
    const back = {...approved, kind: 'changesRequested', comment: 'Cite it.'}
    const again = {...submitted, at: '2026-10-13T09:00:00.000Z'}
    expect(await statesAfter([submitted, back] as never)).toMatchObject({v1: 'changesRequested'})
    expect(await statesAfter([submitted, back, again] as never)).toMatchObject({v1: 'inReview'})
  })

  it('does not count a self-approval: the content stays in review', async () => {
    const self = [
      {...submitted, by: LI},
      {...approved, by: LI},
    ]
    expect(await statesAfter(self as never)).toMatchObject({v1: 'inReview'})
  })

  it('keeps the earlier content published while new content is reviewed', async () => {
    const next = {...submitted, at: '2026-11-01T09:00:00.000Z', content: V2}
    expect(await statesAfter([submitted, approved, published, next] as never)).toEqual({
      v1: 'published',
      v2: 'inReview',
    })
  })
})
