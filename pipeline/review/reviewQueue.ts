import {isDraftId, isVersionId, publishedId} from '../perspective/applyPerspective.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import {contentHash, sha256Hex} from './contentHash.ts'
import {
  type DiffLookup,
  type DocumentDiff,
  type DocumentView,
  diffDocuments,
} from './diffDocuments.ts'
import {byNewest, type Decision, deriveState, type ReviewState} from './workflow.ts'

/**
 * The review queue: which pages need a medical reviewer's attention and why, and for each
 * pending page what changed since its last approved revision. Built from the whole dataset
 * (drafts, published documents and approval records), with `today` passed in so the same
 * dataset and date always give the same report.
 */

export const CATEGORIES = [
  {
    id: 'awaitingReview',
    title: 'Awaiting review',
    description: 'Submitted for medical review. Approve it, or request changes with a comment.',
  },
  {
    id: 'changesRequested',
    title: 'Changes requested',
    description: 'A medical reviewer sent these back. The writer edits and submits again.',
  },
  {
    id: 'overdue',
    title: 'Overdue for medical review',
    description: 'The date in “Next review due” has passed. Review the published page again.',
  },
  {
    id: 'publishedWithoutApproval',
    title: 'Published without approval',
    description:
      'Published, but no medical reviewer has ever approved this page. Review it in full.',
  },
  {
    id: 'publishedDiffers',
    title: 'Published content differs from the approved revision',
    description:
      'The published page is not the revision a reviewer approved: it was changed outside the review flow.',
  },
  {
    id: 'approvedNotPublished',
    title: 'Approved, not yet published',
    description: 'Approved by a medical reviewer and waiting to be published.',
  },
  {
    id: 'draftsInProgress',
    title: 'Drafts not yet submitted',
    description: 'Being edited and not yet submitted for review (including pages never approved).',
  },
] as const

export type CategoryId = (typeof CATEGORIES)[number]['id']

export interface QueueEntry {
  publishedId: string
  type: string
  name: string
  /** One line saying why the page is listed, e.g. "submitted 2026-11-20 by Jonas Weber". */
  detail: string
  /** The reviewer's comment, for changes requested. */
  comment?: string
}

export interface Category {
  id: CategoryId
  title: string
  description: string
  entries: QueueEntry[]
}

export interface Comparison {
  /** "draft" compares the draft, "published" the published page. */
  subject: 'draft' | 'published'
  title: string
  diff: DocumentDiff
}

export interface ReviewDecisionInfo {
  decision: 'approved' | 'changesRequested'
  reviewer: string
  decidedAt: string
  comment?: string
}

export interface DocumentReview {
  publishedId: string
  type: string
  name: string
  state: ReviewState
  hasDraft: boolean
  isPublished: boolean
  categories: CategoryId[]
  /** Label and value pairs: submitted by, last approved, next review due … */
  facts: {label: string; value: string}[]
  latestDecision?: ReviewDecisionInfo
  comparisons: Comparison[]
}

export interface ReviewReport {
  today: string
  categories: Category[]
  /** Every page listed in a category, by id. */
  documents: DocumentReview[]
  issues: ContentIssue[]
}

export interface ReviewOptions {
  /** YYYY-MM-DD (UTC), for "overdue". */
  today: string
  /** Field titles and order from the Studio schema, by type. */
  schemaTypes?: readonly {name: string; fields?: readonly {name: string; title?: string}[]}[]
  /** Problems found earlier (while loading), reported with the queue's own. */
  issues?: readonly ContentIssue[]
}

const REVIEWED_TYPES = new Set(['tumour', 'kitProduct'])
const DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY = 86_400_000

interface ApprovalRecord extends Decision {
  id: string
  target: string
  snapshot?: Record<string, unknown>
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown) => (typeof value === 'string' ? value : undefined)
const dateOf = (iso: string | undefined) => iso?.slice(0, 10) ?? 'unknown date'
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const time = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value
}

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY)
}

/** Review decisions, checked: a snapshot that does not hash to its contentHash is ignored. */
async function readApprovals(documents: SanityDoc[], issues: ContentIssue[]) {
  const byTarget = new Map<string, ApprovalRecord[]>()
  for (const doc of documents) {
    if (doc._type !== 'approval' || isDraftId(doc._id) || isVersionId(doc._id)) continue
    const ref = isRecord(doc.document) ? str(doc.document._ref) : undefined
    const decision = str(doc.decision)
    const hash = str(doc.contentHash)
    const decidedAt = str(doc.decidedAt)
    const problem = (message: string, path = '') =>
      issues.push({documentId: doc._id, path, level: 'error', code: 'approval', message})
    if (
      !ref ||
      (decision !== 'approved' && decision !== 'changesRequested') ||
      !hash ||
      !decidedAt
    ) {
      problem(
        'This review decision lacks its page, decision, content hash or date, so it is ignored.',
      )
      continue
    }
    const snapshotText = str(doc.snapshot)
    let snapshot: Record<string, unknown> | undefined
    if (snapshotText !== undefined) {
      if ((await sha256Hex(snapshotText)) !== hash) {
        problem(
          `The snapshot does not match its content hash, so this decision on ${ref} is ignored. Decisions must never be edited; review the page again.`,
          'snapshot',
        )
        continue
      }
      try {
        const parsed: unknown = JSON.parse(snapshotText)
        if (isRecord(parsed)) snapshot = parsed
      } catch {
        // A snapshot that hashes correctly but is not JSON was written wrongly; say so below.
      }
      if (!snapshot) {
        problem('The snapshot is not a JSON object, so this decision is ignored.', 'snapshot')
        continue
      }
    } else if (decision === 'approved') {
      problem(
        'This approval keeps no snapshot of the approved content, so it is ignored.',
        'snapshot',
      )
      continue
    }
    const reviewerId = isRecord(doc.reviewer) ? str(doc.reviewer._ref) : undefined
    const target = publishedId(ref)
    const record: ApprovalRecord = {
      id: doc._id,
      target,
      decision,
      contentHash: hash,
      decidedAt,
      ...(reviewerId ? {reviewerId} : {}),
      ...(str(doc.comment) ? {comment: str(doc.comment)} : {}),
      ...(snapshot ? {snapshot} : {}),
    }
    byTarget.set(target, [...(byTarget.get(target) ?? []), record])
  }
  for (const records of byTarget.values())
    records.sort((a, b) => byNewest(a, b) || byText(a.id, b.id))
  return byTarget
}

function makeLookup(
  byId: Map<string, SanityDoc>,
  schemaTypes: ReviewOptions['schemaTypes'],
): DiffLookup {
  const titles = new Map<string, Map<string, string>>()
  for (const type of schemaTypes ?? []) {
    titles.set(type.name, new Map((type.fields ?? []).map((f) => [f.name, f.title ?? f.name])))
  }
  return {
    label(id) {
      const doc = byId.get(publishedId(id)) ?? byId.get(`drafts.${publishedId(id)}`)
      if (!doc) return `${id} (not in the dataset)`
      const title = str(doc.title) ?? str(doc.name) ?? id
      return doc._type === 'source' && str(doc.publisher) ? `${title} (${doc.publisher})` : title
    },
    fieldTitle: (type, field) => titles.get(type)?.get(field) ?? field,
    fieldOrder: (type) => [...(titles.get(type)?.keys() ?? [])],
  }
}

/** Builds the review queue and the per-page comparisons. */
export async function buildReviewReport(
  documents: SanityDoc[],
  options: ReviewOptions,
): Promise<ReviewReport> {
  const {today} = options
  if (!isValidDate(today)) throw new Error(`today must be YYYY-MM-DD, got "${today}"`)
  const issues: ContentIssue[] = [...(options.issues ?? [])]
  const byId = new Map(documents.map((doc) => [doc._id, doc]))
  const approvals = await readApprovals(documents, issues)
  const lookup = makeLookup(byId, options.schemaTypes)
  const personName = (id: string | undefined) =>
    id ? (str(byId.get(id)?.name) ?? `${id} (unknown person)`) : 'an unknown reviewer'

  const pageIds = [
    ...new Set(
      documents
        .filter((doc) => REVIEWED_TYPES.has(doc._type) && !isVersionId(doc._id))
        .map((doc) => publishedId(doc._id)),
    ),
  ].sort(byText)

  // What each kit offers, in each view of the dataset, for the tumour pages' "kits" field.
  const kitViews = {
    approved: new Map<string, Record<string, unknown>>(),
    published: new Map<string, Record<string, unknown>>(),
    current: new Map<string, Record<string, unknown>>(),
  }
  for (const id of pageIds) {
    const published = byId.get(id)
    const current = byId.get(`drafts.${id}`) ?? published
    if ((current ?? published)?._type !== 'kitProduct') continue
    if (published) kitViews.published.set(id, published)
    if (current) kitViews.current.set(id, current)
    const approved = approvals.get(id)?.find((a) => a.decision === 'approved')?.snapshot
    if (approved) kitViews.approved.set(id, approved)
  }
  const kitsFor = (pageId: string, view: keyof typeof kitViews) =>
    [...kitViews[view]]
      .filter(([, kit]) =>
        (Array.isArray(kit.availableFor) ? kit.availableFor : []).some(
          (ref) => isRecord(ref) && ref._ref === pageId,
        ),
      )
      .map(([kitId]) => lookup.label(kitId))
      .sort(byText)

  const lists = new Map<CategoryId, {entry: QueueEntry; sortKey: string}[]>(
    CATEGORIES.map((c) => [c.id, []]),
  )
  const reviews: DocumentReview[] = []

  for (const id of pageIds) {
    const published = byId.get(id)
    const draft = byId.get(`drafts.${id}`)
    const current = (draft ?? published) as SanityDoc
    const type = current._type
    const name = str(current.name) ?? id
    const records = approvals.get(id) ?? []
    const currentHash = await contentHash(current)
    const publishedHash = published ? await contentHash(published) : undefined
    const workflow = isRecord(current.workflow) ? current.workflow : {}
    const submission = {
      status: str(workflow.status),
      submittedHash: str(workflow.submittedHash),
      submittedAt: str(workflow.submittedAt),
      submittedBy: isRecord(workflow.submittedBy) ? str(workflow.submittedBy._ref) : undefined,
    }
    const state = deriveState({
      currentHash,
      publishedHash,
      hasDraft: draft !== undefined,
      submission,
      decisions: records,
    })
    // The approved revision pending work is compared with: the newest approval, passing over
    // an approval of the draft itself (that draft is approved; what matters is what it replaces).
    const baseline = records.find(
      (r) => r.decision === 'approved' && !(draft && r.contentHash === currentHash),
    )
    const latest = records[0]
    const approvedOnce = records.some((r) => r.decision === 'approved')

    const categories: CategoryId[] = []
    const add = (category: CategoryId, detail: string, sortKey: string, comment?: string) => {
      categories.push(category)
      lists.get(category)?.push({
        entry: {publishedId: id, type, name, detail, ...(comment ? {comment} : {})},
        sortKey,
      })
    }
    const byWhom = (at: string | undefined, who: string | undefined) =>
      `${dateOf(at)} by ${personName(who)}`

    if (state === 'inReview') {
      add(
        'awaitingReview',
        `submitted ${byWhom(submission.submittedAt, submission.submittedBy)}`,
        submission.submittedAt ?? '',
      )
    }
    if (state === 'changesRequested' && latest) {
      add(
        'changesRequested',
        `${personName(latest.reviewerId)} requested changes on ${dateOf(latest.decidedAt)}`,
        latest.decidedAt,
        latest.comment,
      )
    }
    const due = type === 'tumour' ? str(published?.nextReviewDue) : undefined
    if (due !== undefined && !isValidDate(due)) {
      issues.push({
        documentId: id,
        path: 'nextReviewDue',
        level: 'warning',
        code: 'review-date',
        message: `"${due}" is not a date (YYYY-MM-DD), so the review deadline cannot be checked.`,
      })
    } else if (due !== undefined && due < today) {
      const days = daysBetween(due, today)
      add(
        'overdue',
        `review was due ${due}, ${days} day${days === 1 ? '' : 's'} overdue`,
        `${String(1e6 - days).padStart(7, '0')}`,
      )
    }
    if (published && !approvedOnce) {
      add('publishedWithoutApproval', 'published, never approved', name.toLowerCase())
    }
    if (
      published &&
      publishedHash !== undefined &&
      baseline &&
      publishedHash !== baseline.contentHash
    ) {
      add(
        'publishedDiffers',
        `approved ${byWhom(baseline.decidedAt, baseline.reviewerId)}; the published page has changed since`,
        name.toLowerCase(),
      )
    }
    if (state === 'approved' && draft) {
      const approval = records.find(
        (r) => r.decision === 'approved' && r.contentHash === currentHash,
      )
      add(
        'approvedNotPublished',
        `approved ${byWhom(approval?.decidedAt, approval?.reviewerId)}`,
        approval?.decidedAt ?? '',
      )
    }
    if (state === 'editing' && draft) {
      add(
        'draftsInProgress',
        published
          ? `draft edited since ${approvedOnce ? 'the last approval' : 'publishing'}`
          : `new page, never ${approvedOnce ? 'published' : 'approved'}`,
        name.toLowerCase(),
      )
    }
    if (categories.length === 0) continue

    const view = (content: Record<string, unknown>, kits: keyof typeof kitViews): DocumentView => ({
      content,
      ...(type === 'tumour' ? {kits: kitsFor(id, kits)} : {}),
    })
    const approvedView = baseline?.snapshot ? view(baseline.snapshot, 'approved') : undefined
    const against = baseline
      ? `the revision approved ${byWhom(baseline.decidedAt, baseline.reviewerId)}`
      : undefined
    const comparisons: Comparison[] = []
    if (draft) {
      comparisons.push({
        subject: 'draft',
        title: against
          ? `Draft compared with ${against}`
          : 'Draft of a page that was never approved: everything is new',
        diff: diffDocuments(approvedView, view(draft, 'current'), lookup),
      })
    }
    if (published && (categories.includes('publishedDiffers') || (!draft && !baseline))) {
      comparisons.push({
        subject: 'published',
        title: against
          ? `Published page compared with ${against}`
          : 'Published page that was never approved: everything is new',
        diff: diffDocuments(approvedView, view(published, 'published'), lookup),
      })
    }

    const facts: {label: string; value: string}[] = [
      {label: 'Document', value: id},
      {
        label: 'Status',
        value: [draft ? 'draft' : undefined, published ? 'published' : 'never published']
          .filter(Boolean)
          .join(', '),
      },
    ]
    if (state === 'inReview') {
      facts.push({
        label: 'Submitted',
        value: byWhom(submission.submittedAt, submission.submittedBy),
      })
    }
    facts.push({
      label: 'Last approved',
      value: baseline ? byWhom(baseline.decidedAt, baseline.reviewerId) : 'never',
    })
    if (type === 'tumour') {
      const reviewed = str(published?.lastReviewed)
      if (reviewed) facts.push({label: 'Last medically reviewed', value: reviewed})
      if (due) {
        const late = isValidDate(due) && due < today ? daysBetween(due, today) : 0
        facts.push({
          label: 'Next review due',
          value: late > 0 ? `${due} (${late} day${late === 1 ? '' : 's'} overdue)` : due,
        })
      }
    }
    reviews.push({
      publishedId: id,
      type,
      name,
      state,
      hasDraft: draft !== undefined,
      isPublished: published !== undefined,
      categories,
      facts,
      ...(latest
        ? {
            latestDecision: {
              decision: latest.decision,
              reviewer: personName(latest.reviewerId),
              decidedAt: latest.decidedAt,
              ...(latest.comment ? {comment: latest.comment} : {}),
            },
          }
        : {}),
      comparisons,
    })
  }

  const categories: Category[] = CATEGORIES.map((category) => ({
    ...category,
    entries: (lists.get(category.id) ?? [])
      .sort(
        (a, b) =>
          byText(a.sortKey, b.sortKey) ||
          byText(a.entry.name.toLowerCase(), b.entry.name.toLowerCase()) ||
          byText(a.entry.publishedId, b.entry.publishedId),
      )
      .map(({entry}) => entry),
  }))
  issues.sort(compareIssues)
  return {today, categories, documents: reviews, issues}
}
