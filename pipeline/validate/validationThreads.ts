import {Worker} from 'node:worker_threads'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import type {ReferenceTargets} from './referenceTargets.ts'
import type {ValidationJob, ValidationReply} from './validationWorker.ts'

/** Below this many documents a worker's start-up (it loads the Studio schema) costs more than it saves. */
export const MIN_DOCUMENTS_FOR_WORKERS = 300

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
  async validate(shares: ValidationJob[]): Promise<(ValidationReply | undefined)[]> {
    if (this.#used) throw new Error('ValidationThreads validate once.')
    this.#used = true
    try {
      return await Promise.all(
        shares.map((job, i) =>
          new Promise<ValidationReply | undefined>((resolve) => {
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
 * What a worker's local client sees of each document: enough for the queries the rules in
 * schemas/ make (slug uniqueness, a reviewer's name and roles). A rule that reads other
 * fields of other documents must add them here; the worker-vs-in-process test catches it.
 */
export function lookupProjection(doc: SanityDoc): SanityDoc {
  const {_id, _type, slug, name, roles} = doc as SanityDoc & {
    slug?: unknown
    name?: unknown
    roles?: unknown
  }
  return {_id, _type, slug, name, roles}
}

/**
 * The Studio's rules over a few documents, all in one thread that was started early (it has
 * loaded the rules while this one read the dataset), with the reference targets of `types`,
 * which need the compiled schema too. Undefined if the thread fails: the caller does it here.
 */
export async function validateInThread(
  documents: SanityDoc[],
  options: {
    raw: readonly SanityDoc[]
    exists: ReadonlySet<string>
    threads: ValidationThreads
    types: string[]
  },
): Promise<{issues: ContentIssue[]; targets: ReferenceTargets} | undefined> {
  const [reply] = await options.threads.validate([
    {
      documents,
      lookup: options.raw.map(lookupProjection),
      existing: [...options.exists],
      targetTypes: options.types,
    },
  ])
  if (!reply?.targets) return undefined
  return {issues: reply.issues.sort(compareIssues), targets: new Map(reply.targets)}
}
