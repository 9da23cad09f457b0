import {parentPort} from 'node:worker_threads'
import {type RenderJob, renderTumourPage} from './renderPage.ts'
import type {RenderReply} from './renderPool.ts'

/** Runs in a worker thread: renders the tumour pages it is sent, one message per page. */
parentPort?.on('message', ({id, job}: {id: number; job: RenderJob}) => {
  try {
    const page = renderTumourPage(job)
    // The bytes move to the main thread without a copy.
    parentPort?.postMessage({id, page} satisfies RenderReply, [
      page.json.bytes.buffer as ArrayBuffer,
      page.markdown.bytes.buffer as ArrayBuffer,
    ])
  } catch (error) {
    // A page that throws (a stack overflow included) fails alone; the worker goes on.
    const {name = 'Error', message = String(error)} = (error ?? {}) as Partial<Error>
    parentPort?.postMessage({id, error: {name, message}} satisfies RenderReply)
  }
})
