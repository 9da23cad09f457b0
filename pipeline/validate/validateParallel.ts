import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import {LocalDatasetClient} from './localClient.ts'
import {validateDocuments} from './validateDocuments.ts'

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
  raw: SanityDoc[]
  exists: ReadonlySet<string>
  /** Worker threads to use; 0 or 1 validates in this thread. */
  workers?: number
  /** Fewer documents than this are validated in this thread (default 300). */
  minDocumentsForWorkers?: number
}

/**
 * Shares the documents out to worker threads for the Studio's rules. Since the rule walk
 * (ruleWalker.ts) costs about 0.25 ms per long page this no longer pays on 2 cores (10,000
 * tumours: 4.9 s in this thread, 5.2 s in two workers), so the export uses it only when asked. Documents are dealt round-robin and the issues sorted,
 * so the result does not depend on which worker finished first.
 */
export async function validateParallel(
  documents: SanityDoc[],
  options: ParallelOptions,
): Promise<ContentIssue[]> {
  const workers = Math.min(
    options.workers ?? availableParallelism(),
    Math.ceil(documents.length / 100),
  )
  if (workers <= 1 || documents.length < MIN_DOCUMENTS_FOR_WORKERS) {
    return validateDocuments(documents, {
      dataset: new LocalDatasetClient(options.raw),
      exists: (id) => options.exists.has(id),
    })
  }
  const lookup = options.raw.map(lookupProjection)
  const existing = [...options.exists]
  const shares = Array.from({length: workers}, (_, w) =>
    documents.filter((_, i) => i % workers === w),
  )
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<ContentIssue[]>((resolve, reject) => {
          const worker = new Worker(new URL('./validationWorker.ts', import.meta.url), {
            workerData: {documents: share, lookup, existing},
          })
          worker.once('message', (issues: ContentIssue[]) => {
            resolve(issues)
            void worker.terminate()
          })
          worker.once('error', reject)
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`A validation worker stopped with exit code ${code}.`))
          })
        }),
    ),
  )
  return results.flat().sort(compareIssues)
}
