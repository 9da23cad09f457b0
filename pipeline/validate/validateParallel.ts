import {plainDocument} from '../load/lazyDocument.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import {LocalDatasetClient} from './localClient.ts'
import {validateDocuments} from './validateDocuments.ts'
import {ValidationThreads} from './validationThreads.ts'

/** Below this many documents a worker's start-up (it loads the Studio schema) costs more than it saves. */
const MIN_DOCUMENTS_FOR_WORKERS = 300

/**
 * What a worker's local client sees of each document: enough for the queries the rules in
 * schemas/ make (slug uniqueness, a reviewer's name and roles). A rule that reads other
 * fields of other documents must add them here; the worker-vs-in-process test catches it.
 */
function lookupProjection(doc: SanityDoc): SanityDoc {
  const {_id, _type, slug, name, roles} = doc as SanityDoc & {
    slug?: unknown
    name?: unknown
    roles?: unknown
  }
  return {_id, _type, slug, name, roles}
}

export interface ParallelOptions {
  /** Every document the rules may look up (drafts included). */
  raw: readonly SanityDoc[]
  exists: ReadonlySet<string>
  /** Helper threads besides this one (started early with ValidationThreads.start, or here). */
  threads?: ValidationThreads | number
  /** Fewer documents than this are validated in this thread alone (default 300). */
  minDocumentsForWorkers?: number
}

/**
 * The Studio's rules over `documents`, shared out round-robin between this thread and the
 * helper threads, which run at the same time; the issues are sorted, so the result does not
 * depend on which thread took which document. This thread keeps a share because it would
 * otherwise only wait. Sending a share costs this thread a structured clone, so below
 * `minDocumentsForWorkers` everything is validated here.
 */
export async function validateParallel(
  documents: SanityDoc[],
  options: ParallelOptions,
): Promise<ContentIssue[]> {
  const here = (docs: SanityDoc[]) =>
    validateDocuments(docs, {
      dataset: new LocalDatasetClient(options.raw),
      exists: (id) => options.exists.has(id),
    })
  const wanted = options.threads
  if (!wanted || documents.length < (options.minDocumentsForWorkers ?? MIN_DOCUMENTS_FOR_WORKERS)) {
    if (typeof wanted === 'object') await wanted.close()
    return here(documents)
  }
  const threads = typeof wanted === 'number' ? ValidationThreads.start(wanted) : wanted
  const lookup = options.raw.map(lookupProjection)
  const existing = [...options.exists]
  const shareCount = threads.count + 1
  const shares = Array.from({length: shareCount}, (_, s) =>
    documents.filter((_, i) => i % shareCount === s),
  )
  const [mine, ...theirs] = shares as [SanityDoc[], ...SanityDoc[][]]
  const helped = threads
    .validate(theirs.map((share) => ({documents: share.map(plainDocument), lookup, existing})))
    .then((results) => Promise.all(results.map((found, i) => found ?? here(theirs[i] ?? []))))
  const results = await Promise.all([here(mine), helped])
  return [...results[0], ...results[1].flat()].sort(compareIssues)
}
