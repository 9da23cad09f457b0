import {parentPort} from 'node:worker_threads'
import {type RenderJob, renderTumourPage} from './renderPage.ts'

/** Runs in a worker thread: renders the tumour pages it is sent, one message per page. */
parentPort?.on('message', ({id, job}: {id: number; job: RenderJob}) => {
  try {
    parentPort?.postMessage({id, page: renderTumourPage(job)})
  } catch (error) {
    parentPort?.postMessage({id, error: (error as Error)?.stack ?? String(error)})
  }
})
