import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {
  type Actor,
  approvalFor,
  type Decision,
  deriveState,
  type ReviewAction,
  type ReviewState,
  type StateInput,
  transition,
  type Verdict,
} from '../../pipeline/review/workflow.ts'

const STATES: ReviewState[] = ['editing', 'inReview', 'approved', 'changesRequested', 'published']
const ACTIONS: ReviewAction[] = ['submit', 'approve', 'requestChanges', 'publish', 'edit']

// The people of content/production.ndjson.
const amira: Actor = {
  personId: 'person-amira-haddad',
  name: 'Amira Haddad',
  roles: ['medicalReviewer'],
}
const jonas: Actor = {personId: 'person-jonas-weber', name: 'Jonas Weber', roles: ['writer']}
const liChen: Actor = {
  personId: 'person-li-chen',
  name: 'Li Chen',
  roles: ['writer', 'medicalReviewer'],
}

// The reasons are part of the interface: editors read them as tooltips.
const R = {
  notLinked:
    'Your Studio account is not linked to a person. Ask an administrator to add your user id to your person document.',
  alreadyWaiting: 'This version is already waiting for review.',
  alreadyApprovedEdit: 'This version is already approved. Edit it to start a new review.',
  nothingToReview: 'There are no unpublished changes to review.',
  alreadyApproved: 'This version is already approved. Changes to it start a new review.',
  notSubmitted:
    'Only a version submitted for review can be approved or sent back. Submit it for review first.',
  notReviewer: 'Only a medical reviewer can approve or request changes.',
  fourEyes: 'You made this change, so another medical reviewer must approve it (four-eyes rule).',
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
 * Every state × action for a fully entitled actor: a medical reviewer who did not write the
 * change, with a comment and valid content. Everything refused here is refused by the state.
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
  actor: amira,
  authorId: jonas.personId,
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

  it('covers every pair', () => {
    expect(STATES.flatMap((s) => ACTIONS.map((a) => TABLE[s][a]))).toHaveLength(25)
  })
})

describe('transition: who may act', () => {
  it('refuses everyone not linked to a person, except editing', () => {
    for (const state of STATES) {
      for (const action of ACTIONS) {
        const verdict = transition(action, {...entitled, state, actor: undefined})
        expect(verdict).toEqual(action === 'edit' ? ok('editing') : no(R.notLinked))
      }
    }
  })

  it('lets writers submit but not decide', () => {
    expect(transition('submit', {state: 'editing', actor: jonas})).toEqual(ok('inReview'))
    expect(transition('submit', {state: 'changesRequested', actor: jonas})).toEqual(ok('inReview'))
    const input = {state: 'inReview' as const, actor: jonas, authorId: 'person-sofia-marquez'}
    expect(transition('approve', input)).toEqual(no(R.notReviewer))
    expect(transition('requestChanges', {...input, comment: 'Fix it.'})).toEqual(no(R.notReviewer))
  })

  it('lets writers publish an approved version: the approval is the gate, not the role', () => {
    expect(transition('publish', {state: 'approved', actor: jonas, validationErrors: 0})).toEqual(
      ok('published'),
    )
  })

  it('checks the state before the role', () => {
    expect(transition('approve', {state: 'editing', actor: jonas})).toEqual(no(R.notSubmitted))
    expect(transition('approve', {state: 'published', actor: jonas})).toEqual(no(R.alreadyApproved))
  })

  it('counts only the medicalReviewer role', () => {
    const admin: Actor = {personId: 'person-admin', roles: ['administrator', 'editor']}
    expect(transition('approve', {state: 'inReview', actor: admin})).toEqual(no(R.notReviewer))
  })
})

describe('transition: four eyes', () => {
  const input = {state: 'inReview' as const, authorId: liChen.personId}

  it('keeps a reviewer from approving their own change', () => {
    expect(transition('approve', {...input, actor: liChen})).toEqual(no(R.fourEyes))
  })

  it('keeps an author from approving even after gaining the reviewer role', () => {
    const promoted: Actor = {...jonas, roles: ['writer', 'medicalReviewer']}
    expect(transition('approve', {...input, authorId: jonas.personId, actor: promoted})).toEqual(
      no(R.fourEyes),
    )
  })

  it('lets another reviewer approve', () => {
    expect(transition('approve', {...input, actor: amira})).toEqual(ok('approved'))
  })

  it('lets authors send their own change back (only approval needs a second person)', () => {
    expect(
      transition('requestChanges', {...input, actor: liChen, comment: 'Not ready yet.'}),
    ).toEqual(ok('changesRequested'))
  })

  it('lets any reviewer approve when no author is recorded', () => {
    expect(transition('approve', {state: 'inReview', actor: amira})).toEqual(ok('approved'))
  })
})

describe('transition: a comment is required to request changes', () => {
  const input = {state: 'inReview' as const, actor: amira, authorId: jonas.personId}

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['only whitespace', ' \n\t '],
  ])('refuses a %s comment', (_label, comment) => {
    expect(transition('requestChanges', {...input, comment})).toEqual(no(R.commentRequired))
  })

  it('accepts any text', () => {
    expect(transition('requestChanges', {...input, comment: 'x'})).toEqual(ok('changesRequested'))
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

  it('treats an unknown error count as none', () => {
    expect(transition('publish', {state: 'approved', actor: amira})).toEqual(ok('published'))
  })

  it('names the review problem before the validation problem', () => {
    expect(transition('publish', {state: 'inReview', actor: amira, validationErrors: 3})).toEqual(
      no(R.waitingForReviewer),
    )
  })
})

const H0 = 'a'.repeat(64)
const H1 = 'b'.repeat(64)
const H2 = 'c'.repeat(64)

const approved = (contentHash: string, decidedAt: string, reviewerId = amira.personId) =>
  ({decision: 'approved', contentHash, decidedAt, reviewerId}) satisfies Decision
const changes = (contentHash: string, decidedAt: string, comment = 'Fix the staging table.') =>
  ({decision: 'changesRequested', contentHash, decidedAt, comment}) satisfies Decision
const submitted = (submittedHash: string, submittedAt: string) => ({
  status: 'inReview',
  submittedHash,
  submittedAt,
  submittedBy: jonas.personId,
})

describe('deriveState', () => {
  const cases: [string, StateInput, ReviewState][] = [
    [
      'a new draft with no history is being edited',
      {currentHash: H1, hasDraft: true, decisions: []},
      'editing',
    ],
    [
      'a submitted draft is in review',
      {
        currentHash: H1,
        hasDraft: true,
        submission: submitted(H1, '2026-11-20T11:30:00Z'),
        decisions: [],
      },
      'inReview',
    ],
    [
      'a draft edited after submitting is being edited again',
      {
        currentHash: H2,
        hasDraft: true,
        submission: submitted(H1, '2026-11-20T11:30:00Z'),
        decisions: [],
      },
      'editing',
    ],
    [
      'a status other than inReview does not count as a submission',
      {
        currentHash: H1,
        hasDraft: true,
        submission: {...submitted(H1, '2026-11-20T11:30:00Z'), status: 'approved'},
        decisions: [],
      },
      'editing',
    ],
    [
      'an approved draft is approved',
      {
        currentHash: H1,
        publishedHash: H0,
        hasDraft: true,
        submission: submitted(H1, '2026-11-20T11:30:00Z'),
        decisions: [approved(H1, '2026-11-21T09:00:00Z')],
      },
      'approved',
    ],
    [
      'the hash changed after approval: editing',
      {
        currentHash: H2,
        publishedHash: H0,
        hasDraft: true,
        submission: submitted(H1, '2026-11-20T11:30:00Z'),
        decisions: [approved(H1, '2026-11-21T09:00:00Z')],
      },
      'editing',
    ],
    [
      'changes requested on this version',
      {
        currentHash: H1,
        hasDraft: true,
        submission: submitted(H1, '2026-11-20T10:30:00Z'),
        decisions: [changes(H1, '2026-11-21T09:00:00Z')],
      },
      'changesRequested',
    ],
    [
      'resubmitted unchanged after changes were requested: in review',
      {
        currentHash: H1,
        hasDraft: true,
        submission: submitted(H1, '2026-11-22T08:00:00Z'),
        decisions: [changes(H1, '2026-11-21T09:00:00Z')],
      },
      'inReview',
    ],
    [
      'edited and resubmitted after changes were requested: in review',
      {
        currentHash: H2,
        hasDraft: true,
        submission: submitted(H2, '2026-11-22T08:00:00Z'),
        decisions: [changes(H1, '2026-11-21T09:00:00Z')],
      },
      'inReview',
    ],
    [
      'edited but not resubmitted after changes were requested: editing',
      {
        currentHash: H2,
        hasDraft: true,
        submission: {...submitted(H1, '2026-11-20T10:30:00Z'), status: 'changesRequested'},
        decisions: [changes(H1, '2026-11-21T09:00:00Z')],
      },
      'editing',
    ],
    [
      'approved, no draft, published hash is the approved hash: published',
      {
        currentHash: H1,
        publishedHash: H1,
        hasDraft: false,
        decisions: [approved(H1, '2026-10-12T16:05:00Z')],
      },
      'published',
    ],
    [
      'approved, and a draft identical to the published version: approved, not published',
      {
        currentHash: H1,
        publishedHash: H1,
        hasDraft: true,
        decisions: [approved(H1, '2026-10-12T16:05:00Z')],
      },
      'approved',
    ],
    [
      'published without any approval: editing',
      {currentHash: H1, publishedHash: H1, hasDraft: false, decisions: []},
      'editing',
    ],
    [
      'decisions on other hashes are ignored',
      {
        currentHash: H2,
        publishedHash: H2,
        hasDraft: false,
        decisions: [approved(H0, '2026-01-01T00:00:00Z'), changes(H1, '2026-02-01T00:00:00Z')],
      },
      'editing',
    ],
    [
      'a newer decision on an older hash does not override this one',
      {
        currentHash: H1,
        publishedHash: H1,
        hasDraft: false,
        decisions: [approved(H1, '2026-01-01T00:00:00Z'), changes(H0, '2026-09-01T00:00:00Z')],
      },
      'published',
    ],
    [
      'the newest decision on this hash wins: changes requested after an approval',
      {
        currentHash: H1,
        hasDraft: true,
        decisions: [approved(H1, '2026-03-01T00:00:00Z'), changes(H1, '2026-03-02T00:00:00Z')],
      },
      'changesRequested',
    ],
    [
      'the newest decision on this hash wins: approval after changes requested',
      {
        currentHash: H1,
        hasDraft: true,
        decisions: [changes(H1, '2026-03-01T00:00:00Z'), approved(H1, '2026-03-02T00:00:00Z')],
      },
      'approved',
    ],
    [
      'a submission older than the decision is settled by it',
      {
        currentHash: H1,
        hasDraft: true,
        submission: submitted(H1, '2026-03-01T00:00:00Z'),
        decisions: [approved(H1, '2026-03-02T00:00:00Z')],
      },
      'approved',
    ],
  ]

  it.each(cases)('%s', (_name, input, expected) => {
    expect(deriveState(input)).toBe(expected)
  })

  it('does not depend on the order of the decisions', () => {
    const decisions: Decision[] = [
      approved(H0, '2026-01-01T00:00:00Z'),
      changes(H1, '2026-02-01T00:00:00Z'),
      approved(H1, '2026-03-01T00:00:00Z'),
      changes(H1, '2026-02-15T00:00:00Z'),
      approved(H2, '2026-04-01T00:00:00Z'),
    ]
    fc.assert(
      fc.property(
        fc.shuffledSubarray(decisions, {minLength: decisions.length}),
        fc.constantFrom(H0, H1, H2),
        fc.boolean(),
        (shuffled, currentHash, hasDraft) => {
          const input = {currentHash, publishedHash: H1, hasDraft}
          expect(deriveState({...input, decisions: shuffled})).toBe(
            deriveState({...input, decisions}),
          )
          expect(approvalFor(currentHash, shuffled)).toEqual(approvalFor(currentHash, decisions))
        },
      ),
    )
  })

  it('does not reorder the caller’s decisions', () => {
    const decisions = [approved(H1, '2026-01-01T00:00:00Z'), approved(H1, '2026-02-01T00:00:00Z')]
    const copy = structuredClone(decisions)
    deriveState({currentHash: H1, hasDraft: true, decisions})
    approvalFor(H1, decisions)
    expect(decisions).toEqual(copy)
  })

  it('resolves two decisions made at the same instant independently of their order (changes requested wins)', () => {
    const at = '2026-03-01T00:00:00Z'
    const input = {currentHash: H1, hasDraft: true}
    expect(deriveState({...input, decisions: [approved(H1, at), changes(H1, at)]})).toBe(
      'changesRequested',
    )
    expect(deriveState({...input, decisions: [changes(H1, at), approved(H1, at)]})).toBe(
      'changesRequested',
    )
  })
})

describe('approvalFor', () => {
  it('finds the newest approval of exactly this hash', () => {
    const newest = approved(H1, '2026-05-01T00:00:00Z', liChen.personId)
    const decisions = [
      approved(H1, '2026-01-01T00:00:00Z'),
      newest,
      changes(H1, '2026-06-01T00:00:00Z'),
      approved(H2, '2026-07-01T00:00:00Z'),
    ]
    expect(approvalFor(H1, decisions)).toEqual(newest)
  })

  it('ignores requests for changes and other hashes', () => {
    expect(approvalFor(H1, [changes(H1, '2026-01-01T00:00:00Z')])).toBeUndefined()
    expect(approvalFor(H1, [approved(H0, '2026-01-01T00:00:00Z')])).toBeUndefined()
    expect(approvalFor(H1, [])).toBeUndefined()
  })
})
