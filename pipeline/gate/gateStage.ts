import {sha256} from '../hash.ts'
import {ownFingerprints} from '../incremental/fingerprints.ts'
import type {SourceDigests} from '../load/loadDataset.ts'
import {
  type ContentIssue,
  type IssueLevel,
  isPageType,
  type PageReview,
  type SanityDoc,
} from '../types.ts'
import {canonicalJson} from '../workflow/canonical.ts'
import {buildChain} from '../workflow/chain.ts'
import type {LedgerCrypto} from '../workflow/checkStatement.ts'
import {type Closure, closureDrift, closureOf, readKeptClosure} from '../workflow/closure.ts'
import type {ClosureDecoder} from '../workflow/closureCodec.ts'
import {type Evaluation, evaluateChain, type Release} from '../workflow/evaluate.ts'
import type {Failure} from '../workflow/failures.ts'
import {displayOf, findPerson} from '../workflow/keyring.ts'
import {HASH} from '../workflow/statement.ts'
import type {CacheLookup, CacheSpace} from '../write/cacheShards.ts'
import type {GateMemory} from '../write/manifest.ts'
import {checkStatements} from './checkStatements.ts'
import {datasetLookup} from './closureLookup.ts'
import {currentClosureHashes} from './currentClosures.ts'
import type {LoadedKeyring} from './keyringFile.ts'
import {pageReviewOf} from './pageReview.ts'

/**
 * What the gate remembers between runs (valid only under the same keyring): its verdicts and
 * closure hashes, in the export's cache (gateSpaces), and what it released, in the manifest.
 */
export interface GateCache extends GateMemory {
  /** Valid statements: NDJSON line digest → payload hash. */
  statements: CacheLookup<string>
  /** Closure hashes by the fingerprint of their inputs (see currentClosures.ts). */
  closures: CacheLookup<string>
}

/** This run's GateCache, for the next run. */
export interface GateMemoryOut extends GateMemory {
  statements: Map<string, string>
  closures: Map<string, string>
}

const isHash = (value: unknown): value is string => typeof value === 'string' && HASH.test(value)

/** The cache spaces of the gate's verdicts and closure hashes under a keyring (its fingerprint). */
export const gateSpaces = (
  keyring: string,
): {statements: CacheSpace<string>; closures: CacheSpace<string>} => ({
  statements: {name: 'statement-verdicts', qualifier: keyring, isValue: isHash},
  closures: {name: 'closure-hashes', qualifier: keyring, isValue: isHash},
})

export interface GatedPage {
  release: Release
  review: PageReview
  /** The approved closure, when the dataset no longer matches it: the page renders from it. */
  closure?: Closure
  /** Everything the page's rendering takes from the gate, for incremental runs. */
  inputs: string
}

export interface GateResult {
  /** The documents to validate and render, pages that drifted replaced by their approved content. */
  documents: SanityDoc[]
  pages: Map<string, GatedPage>
  /** Published pages that are not exported: no release covers them. */
  heldBack: Set<string>
  issues: ContentIssue[]
  cache: GateMemoryOut
}

export interface GateOptions {
  /** The published documents. */
  documents: readonly SanityDoc[]
  keyring: LoadedKeyring
  crypto: LedgerCrypto
  strict: boolean
  /** The documents' NDJSON line digests (loadDataset): statement verdicts and closure hashes are remembered by them. */
  digests: SourceDigests
  /** The last run's verdicts and releases (none under --repair, which trusts no cache: see RunCaches). */
  previous?: GateCache
}

/**
 * The approval gate. Whatever route content took into the dataset, a page is exported only as
 * its signed history released it: submitted by A, approved by B (a medical reviewer in the
 * keyring, not A), published with exactly the approved content hash. The page renders from the
 * approved closure, so a later change to it or to what it shows is reported, not shipped.
 */
export async function gateStage(options: GateOptions): Promise<GateResult> {
  const {keyring, strict} = options
  const same = options.previous?.keyring === keyring.fingerprint ? options.previous : undefined
  const level: IssueLevel = strict ? 'error' : 'warning'
  const checked = await checkStatements(options.documents, {
    keyring: keyring.keyring,
    crypto: options.crypto,
    cached: same?.statements,
    digests: options.digests,
  })
  const issues: ContentIssue[] = checked.failures.map(({failure, pageId}) =>
    failureIssue(failure, pageId, level),
  )
  const pages = options.documents.filter((d) => isPageType(d._type))
  const lookup = datasetLookup(options.documents)
  const own = ownFingerprints(options.documents, options.digests)
  const current = currentClosureHashes(pages, lookup, own, same?.closures)
  const result: GateResult = {
    documents: [],
    pages: new Map(),
    heldBack: new Set(),
    issues,
    cache: {
      keyring: keyring.fingerprint,
      statements: checked.verdicts,
      closures: current.cache,
      released: {},
    },
  }
  const replaced = new Map<string, SanityDoc>()
  for (const page of pages) {
    const evaluation = evaluateChain(buildChain(page._id, checked.byPage.get(page._id) ?? []))
    for (const failure of [...evaluation.chain.ignored, ...evaluation.refusals])
      issues.push(failureIssue(failure, page._id, level))
    noticeWithdrawn(page._id, evaluation, options.previous?.released[page._id], issues)
    const gated = await gatePage(page, evaluation, {
      currentHash: current.hashes.get(page._id) as string,
      lookup,
      keyring: keyring.keyring,
      level,
      decodeClosure: options.crypto.decodeClosure,
    })
    issues.push(...gated.issues)
    if (!gated.page) {
      result.heldBack.add(page._id)
      continue
    }
    result.pages.set(page._id, gated.page)
    result.cache.released[page._id] = gated.page.release.published.hash
    if (gated.replacement) replaced.set(page._id, gated.replacement)
  }
  result.documents = options.documents.map((d) => replaced.get(d._id) ?? d)
  return result
}

function failureIssue(
  failure: Failure,
  pageId: string | undefined,
  level: IssueLevel,
): ContentIssue {
  return {
    documentId: pageId ?? failure.id,
    path: '',
    level,
    code: failure.code,
    message: failure.message,
  }
}

/** A page whose last release vanished from its history: review records were removed or broken. */
function noticeWithdrawn(
  id: string,
  evaluation: Evaluation,
  previous: string | undefined,
  issues: ContentIssue[],
): void {
  if (!previous || evaluation.chain.statements.some((s) => s.hash === previous)) return
  issues.push({
    documentId: id,
    path: '',
    level: 'error',
    code: 'release-withdrawn',
    message: `The statement that released this page in the last export (statement-${previous}) is no longer a valid part of its review history: review records were removed, changed or their key revoked. The page now shows ${evaluation.release ? 'an earlier release' : 'nothing'}; find out who changed the review records.`,
  })
}

interface PageContext {
  currentHash: string
  lookup: ReturnType<typeof datasetLookup>
  keyring: LoadedKeyring['keyring']
  level: IssueLevel
  /** The platform's inflater for a kept closure (LedgerCrypto), zlib in Node. */
  decodeClosure?: ClosureDecoder
}

/** One page through the gate: held back, released as it stands, or released from its approved closure. */
async function gatePage(
  page: SanityDoc,
  evaluation: Evaluation,
  context: PageContext,
): Promise<{page?: GatedPage; replacement?: SanityDoc; issues: ContentIssue[]}> {
  const release = evaluation.release
  if (!release) {
    return {
      issues: [
        {
          documentId: page._id,
          path: '',
          level: context.level,
          code: 'not-approved',
          message:
            'Not exported: no signed review releases this page (submitted by a writer, approved by another person who is a medical reviewer, then published). Submit it for review in the Studio.',
        },
      ],
    }
  }
  const review = pageReviewOf(evaluation, release, context.keyring)
  const inputs = releaseInputs(release, context.keyring)
  const approvedHash = release.approval.payload.contentHash
  if (context.currentHash === approvedHash) return {page: {release, review, inputs}, issues: []}
  // Only a page that drifted from its approval decodes the closure kept with it.
  const kept = await readKeptClosure(release.approval.encodedClosure, context.decodeClosure)
  if (!kept.ok) {
    return {
      issues: [
        {
          documentId: page._id,
          path: '',
          level: 'error',
          code: 'closure-unreadable',
          message: `Not exported: the content kept with approval ${release.approval.id} cannot be read (${kept.problem}). Review the page again.`,
        },
      ],
    }
  }
  const closure = kept.closure
  const replacement = {
    ...closure.page,
    _id: page._id,
    _type: page._type,
    _rev: page._rev,
    _updatedAt: page._updatedAt,
  }
  return {
    page: {release, review, closure, inputs},
    replacement: replacement as SanityDoc,
    issues: driftIssues(page, closure, release, context),
  }
}

/** What the release's rendering depends on: its statements and the keyring entries it names. */
function releaseInputs(release: Release, keyring: LoadedKeyring['keyring']): string {
  const people = [release.approval, release.fullReview]
    .flatMap((s) => (s ? [findPerson(keyring, s.payload.signer)] : []))
    .map((p) => (p ? displayOf(p) : null))
  return sha256(
    canonicalJson([
      release.published.hash,
      release.approval.hash,
      release.fullReview?.hash ?? null,
      people,
    ]),
  )
}

/** Says what changed since the approval: the page itself, or documents it shows. */
function driftIssues(
  page: SanityDoc,
  approved: Closure,
  release: Release,
  context: PageContext,
): ContentIssue[] {
  const drift = closureDrift(approved, closureOf(page, page._id, context.lookup))
  const when = release.approval.payload.signedAt.slice(0, 10)
  const issues: ContentIssue[] = []
  if (drift.page) {
    issues.push({
      documentId: page._id,
      path: '',
      level: context.level,
      code: 'published-differs',
      message: `Published content differs from the approved revision (approved ${when}); the approved revision is exported. Submit the current content for review, or restore it.`,
    })
  }
  if (drift.shown.length > 0) {
    issues.push({
      documentId: page._id,
      path: '',
      level: context.level,
      code: 'shown-changed',
      message: `A source or kit shown on this page changed since approval (${drift.shown.join(', ')}); the page keeps showing them as approved on ${when}. Review the page again to show the change.`,
    })
  }
  return issues
}
