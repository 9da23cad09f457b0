import {parentPort} from 'node:worker_threads'
import type {SanityDoc} from '../types.ts'
import {LocalDatasetClient} from './localClient.ts'
import {getStudioSchema} from './studioSchema.ts'
import {validateDocuments} from './validateDocuments.ts'

/** One share of the documents and what the Studio's rules look up. */
export interface ValidationJob {
  documents: SanityDoc[]
  lookup: SanityDoc[]
  existing: string[]
}

// Compiled as soon as the thread starts, while the main thread still reads and gates.
getStudioSchema()

/** Runs in a worker thread: the Studio's rules over the share it is sent, then exits. */
parentPort?.once('message', async ({documents, lookup, existing}: ValidationJob) => {
  const present = new Set(existing)
  const issues = await validateDocuments(documents, {
    dataset: new LocalDatasetClient(lookup),
    exists: (id) => present.has(id),
  })
  parentPort?.postMessage(issues)
})
