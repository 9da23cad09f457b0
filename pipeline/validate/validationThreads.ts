import {Worker} from 'node:worker_threads'
import type {ContentIssue} from '../types.ts'
import type {ValidationJob} from './validationWorker.ts'

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
