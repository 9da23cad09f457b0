import {Worker} from 'node:worker_threads'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import {LocalDatasetClient} from './localClient.ts'
import {validateDocuments} from './validateDocuments.ts'
import type {ValidationJob} from './validationWorker.ts'

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
 * Worker threads that each validate one share of the documents. They start (load the
 * modules, compile the Studio schema) when made, so an export makes them before it gates and
 * fingerprints, and they are ready when validation begins.
 */
export class ValidationThreads {
  readonly #workers: Worker[]
  #used = false

  private constructor(count: number) {
    this.#workers = Array.from(
      {length: count},
      () => new Worker(new URL('./validationWorker.ts', import.meta.url)),
    )
  }

  static start(count: number): ValidationThreads {
    return new ValidationThreads(count)
  }

  get count(): number {
    return this.#workers.length
  }

  /**
   * Validates one share per thread; each thread takes one job and is then closed. A share
   * whose thread fails (it cannot be sent, the thread throws or dies) comes back undefined,
   * for the caller to validate itself.
   */
  async validate(shares: ValidationJob[]): Promise<(ContentIssue[] | undefined)[]> {
    if (this.#used) throw new Error('ValidationThreads validate once.')
    this.#used = true
    try {
      return await Promise.all(
        shares.map((job, i) =>
          new Promise<ContentIssue[] | undefined>((resolve) => {
            const worker = this.#workers[i] as Worker
            worker.once('message', resolve)
            worker.once('error', () => resolve(undefined))
            worker.once('exit', () => resolve(undefined))
            worker.postMessage(job)
          }).catch(() => undefined),
        ),
      )
    } finally {
      await this.close()
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()))
  }
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
    .validate(theirs.map((share) => ({documents: share, lookup, existing})))
    .then((results) => Promise.all(results.map((found, i) => found ?? here(theirs[i] ?? []))))
  const results = await Promise.all([here(mine), helped])
  return [...results[0], ...results[1].flat()].sort(compareIssues)
}
