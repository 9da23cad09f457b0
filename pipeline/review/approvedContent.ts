import {sourceDigests} from '../incremental/fingerprints.ts'
import type {ContentIssue, SanityDoc} from '../types.ts'
import {sha256} from '../write/manifest.ts'
import {canonicalSnapshot, contentOf} from './contentHash.ts'
import {byNewest} from './workflow.ts'

/** The review facts an exported page carries. */
export interface ApprovalInfo {
  approvalId: string
  approvedAt: string
  contentHash: string
  approvedBy?: {name: string; credentials: string[]}
}

export interface ApprovedContent {
  /** The documents to export: reviewed pages replaced by their newest approved snapshot. */
  documents: SanityDoc[]
  approvals: Map<string, ApprovalInfo>
  /** Pages that are not exported because no medical reviewer approved them. */
  heldBack: Set<string>
  issues: ContentIssue[]
}

const REVIEWED_TYPES = new Set(['tumour', 'kitProduct'])

interface ApprovalDoc extends SanityDoc {
  document?: {_ref?: string}
  decision?: string
  decidedAt?: string
  contentHash?: string
  snapshot?: string
  reviewer?: {_ref?: string}
}

/**
 * The approval gate. Whatever route content took into the published dataset (the Studio, a
 * script with a token, a scheduled publish), the export writes only what a medical reviewer
 * approved: its own approval when the published content has one, else the newest approved
 * snapshot of the page. References inside a snapshot still
 * resolve against the current dataset. `strict` turns the gate's findings into errors.
 */
export async function applyApprovals(
  documents: SanityDoc[],
  strict: boolean,
): Promise<ApprovedContent> {
  const level = strict ? 'error' : 'warning'
  const issues: ContentIssue[] = []
  const byId = new Map(documents.map((d) => [d._id, d]))
  const valid = new Map<string, ApprovalDoc[]>()
  for (const doc of documents as ApprovalDoc[]) {
    if (doc._type !== 'approval' || doc.decision !== 'approved') continue
    const target = doc.document?._ref
    if (!target || typeof doc.snapshot !== 'string' || typeof doc.decidedAt !== 'string') continue
    if (sha256(doc.snapshot) !== doc.contentHash) {
      issues.push({
        documentId: doc._id,
        path: 'snapshot',
        level: 'error',
        code: 'approval-tampered',
        message: `The snapshot does not match its contentHash, so this approval of ${target} is ignored. Approvals must never be edited; approve the page again.`,
      })
      continue
    }
    valid.set(target, [...(valid.get(target) ?? []), doc])
  }
  /**
   * The approval to export from: the one of exactly the published content when there is one
   * (an approved draft that is not yet published does not reach the sites early); otherwise
   * the newest approval, when the published content was never approved.
   */
  const chosen = (doc: SanityDoc): {approval?: ApprovalDoc; asPublished: boolean} => {
    const candidates = (valid.get(doc._id) ?? []).sort((a, b) =>
      byNewest(
        a as {decidedAt: string; contentHash?: string},
        b as {decidedAt: string; contentHash?: string},
      ),
    )
    if (candidates.length === 0) return {asPublished: false}
    const exact = (published: string) => candidates.find((a) => a.snapshot === published)
    // A snapshot is canonical JSON. When the content serializes to one as it is (its keys
    // are already in canonical order, as in the embedded dataset), that string is its canonical
    // form, so canonicalize() is only needed when this cheaper comparison finds nothing.
    const approval = exact(JSON.stringify(contentOf(doc))) ?? exact(canonicalSnapshot(doc))
    return approval ? {approval, asPublished: true} : {approval: candidates[0], asPublished: false}
  }

  const approvals = new Map<string, ApprovalInfo>()
  const heldBack = new Set<string>()
  const out: SanityDoc[] = []
  for (const doc of documents) {
    if (!REVIEWED_TYPES.has(doc._type)) {
      out.push(doc)
      continue
    }
    const {approval, asPublished} = chosen(doc)
    if (!approval) {
      heldBack.add(doc._id)
      out.push(doc)
      issues.push({
        documentId: doc._id,
        path: '',
        level,
        code: 'not-approved',
        message:
          'Not exported: no medical reviewer has approved this page. Submit it for review in the Studio.',
      })
      continue
    }
    // Approved exactly as published (the usual case): the document's own content is the
    // snapshot, so it is used as it is rather than parsed again into a second copy.
    const snapshot = asPublished
      ? contentOf(doc)
      : (JSON.parse(approval.snapshot as string) as Record<string, unknown>)
    if (!asPublished) {
      issues.push({
        documentId: doc._id,
        path: '',
        level,
        code: 'published-differs',
        message: `Published content differs from approved revision (approved ${approval.decidedAt?.slice(0, 10)}); the approved revision is exported. Submit the current content for review, or restore it.`,
      })
    }
    const gated: SanityDoc = {
      ...snapshot,
      _id: doc._id,
      _type: doc._type,
      _rev: doc._rev,
      _updatedAt: doc._updatedAt,
    }
    // As published, the gated document is a function of the published one alone.
    const digest = sourceDigests.get(doc)
    if (asPublished && digest) sourceDigests.set(gated, `approved-as-published:${digest}`)
    out.push(gated)
    const reviewer = byId.get(approval.reviewer?._ref ?? '') as
      | {name?: string; credentials?: string[]}
      | undefined
    approvals.set(doc._id, {
      approvalId: approval._id,
      approvedAt: approval.decidedAt as string,
      contentHash: approval.contentHash as string,
      ...(reviewer?.name
        ? {approvedBy: {name: reviewer.name, credentials: reviewer.credentials ?? []}}
        : {}),
    })
  }
  return {documents: out, approvals, heldBack, issues}
}
