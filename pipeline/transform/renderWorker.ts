import {parentPort} from 'node:worker_threads'
import {type RenderJob, renderTumourPage} from './renderPage.ts'

/** Runs in a worker thread: renders the tumour pages it is sent, one message per page. */
parentPort?.on('message', ({id, job}: {id: number; job: RenderJob}) => {
  try {
    const page = renderTumourPage(job)
    // The bytes move to the main thread without a copy.
    parentPort?.postMessage({id, page}, [
      page.json.bytes.buffer as ArrayBuffer,
      page.markdown.bytes.buffer as ArrayBuffer,
    ])
  } catch (error) {
    parentPort?.postMessage({id, error: (error as Error)?.stack ?? String(error)})
  }
})
