import {Worker} from 'node:worker_threads'
import type {RenderedPage, RenderJob} from './renderPage.ts'

interface Waiting {
  resolve: (page: RenderedPage) => void
  reject: (error: Error) => void
}

/**
 * Renders tumour pages (JSON, Markdown, index row) in worker threads while this thread runs
 * the queries and writes files. Jobs are dealt round-robin; each `render()` resolves with its
 * own page, so the caller decides the order of the output. With 0 threads pages render here.
 */
export class RenderPool {
  readonly #workers: Worker[]
  readonly #waiting = new Map<number, Waiting>()
  #next = 0
  #failure: Error | undefined

  constructor(threads: number) {
    this.#workers = Array.from({length: threads}, () => {
      const worker = new Worker(new URL('./renderWorker.ts', import.meta.url))
      worker.on('message', (message: {id: number; page?: RenderedPage; error?: string}) => {
        const waiting = this.#waiting.get(message.id)
        this.#waiting.delete(message.id)
        if (message.page) waiting?.resolve(message.page)
        else waiting?.reject(new Error(`Rendering a page failed: ${message.error}`))
      })
      worker.on('error', (error) => this.#fail(error))
      worker.on('exit', (code) => {
        if (code !== 0) this.#fail(new Error(`A render worker stopped with exit code ${code}.`))
      })
      return worker
    })
  }

  render(job: RenderJob): Promise<RenderedPage> {
    if (this.#failure) return Promise.reject(this.#failure)
    const worker = this.#workers[this.#next++ % Math.max(1, this.#workers.length)]
    if (!worker)
      return import('./renderPage.ts').then(({renderTumourPage}) => renderTumourPage(job))
    const id = this.#next
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, {resolve, reject})
      worker.postMessage({id, job})
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()))
  }

  #fail(error: Error) {
    this.#failure ??= error
    for (const waiting of this.#waiting.values()) waiting.reject(error)
    this.#waiting.clear()
  }
}
