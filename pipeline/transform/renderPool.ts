import {Worker} from 'node:worker_threads'
import {documentFailure} from '../documentFailure.ts'
import type {ContentIssue} from '../types.ts'
import type {RenderedPage, RenderJob} from './renderPage.ts'

/**
 * A page that could not be rendered, with the content error to report on its document: the
 * caller skips that page and writes the others.
 */
export class PageRenderError extends Error {
  override name = 'PageRenderError'
  readonly issue: ContentIssue

  constructor(documentId: string, cause: unknown) {
    const issue = documentFailure(documentId, 'Rendering the page', cause)
    super(issue.message, {cause})
    this.issue = issue
  }
}

/** What a worker sends back for one job (see renderWorker.ts). */
export type RenderReply =
  | {id: number; page: RenderedPage}
  | {id: number; error: {name: string; message: string}}

interface Waiting {
  resolve: (page: RenderedPage) => void
  reject: (error: Error) => void
  documentId: string
  worker: Worker
}

/** Workers replaced after a crash before the pool gives up: they cannot even start. */
const MAX_RESTARTS = 8

const documentIdOf = (job: RenderJob) => (job.row as {_id?: string} | undefined)?._id ?? '(unknown)'

/**
 * Renders tumour pages (JSON, Markdown, index row) in worker threads while this thread runs
 * the queries and writes files. Jobs are dealt round-robin; each `render()` resolves with its
 * own page, so the caller decides the order of the output. With 0 threads pages render here.
 * A page that throws, cannot be sent, or takes its worker down rejects with a PageRenderError
 * for that page alone; a worker that died is replaced and the other pages go on.
 */
export class RenderPool {
  readonly #workers: Worker[]
  readonly #waiting = new Map<number, Waiting>()
  #next = 0
  #restarts = 0
  #closed = false
  #failure: Error | undefined

  constructor(threads: number) {
    this.#workers = Array.from({length: threads}, (_, slot) => this.#start(slot))
  }

  render(job: RenderJob): Promise<RenderedPage> {
    const documentId = documentIdOf(job)
    if (this.#failure) return Promise.reject(this.#failure)
    const worker = this.#workers[this.#next++ % Math.max(1, this.#workers.length)]
    if (!worker) {
      return import('./renderPage.ts')
        .then(({renderTumourPage}) => renderTumourPage(job))
        .catch((error: unknown) => Promise.reject(new PageRenderError(documentId, error)))
    }
    const id = this.#next
    return new Promise<RenderedPage>((resolve, reject) => {
      this.#waiting.set(id, {resolve, reject, documentId, worker})
      worker.postMessage({id, job})
    }).catch((error: unknown) => {
      this.#waiting.delete(id)
      throw error instanceof PageRenderError ? error : new PageRenderError(documentId, error)
    })
  }

  async close(): Promise<void> {
    this.#closed = true
    await Promise.all(this.#workers.map((worker) => worker.terminate()))
  }

  #start(slot: number): Worker {
    const worker = new Worker(new URL('./renderWorker.ts', import.meta.url))
    worker.on('message', (reply: RenderReply) => {
      const waiting = this.#waiting.get(reply.id)
      this.#waiting.delete(reply.id)
      if ('page' in reply) waiting?.resolve(reply.page)
      else if (waiting) {
        const cause = Object.assign(new Error(reply.error.message), {name: reply.error.name})
        waiting.reject(new PageRenderError(waiting.documentId, cause))
      }
    })
    worker.on('error', (error) => this.#lost(slot, worker, error))
    worker.on('exit', (code) =>
      this.#lost(slot, worker, new Error(`the render worker stopped with exit code ${code}`)),
    )
    return worker
  }

  /** A worker died: its pages fail, and a new worker takes its place. */
  #lost(slot: number, worker: Worker, cause: Error) {
    if (this.#closed || this.#workers[slot] !== worker) return
    for (const [id, waiting] of this.#waiting) {
      if (waiting.worker !== worker) continue
      this.#waiting.delete(id)
      waiting.reject(new PageRenderError(waiting.documentId, cause))
    }
    void worker.terminate()
    if (++this.#restarts > MAX_RESTARTS) {
      this.#failure = new Error(`Render workers keep stopping (last: ${cause.message}).`)
      return
    }
    this.#workers[slot] = this.#start(slot)
  }
}
