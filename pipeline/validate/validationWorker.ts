import {parentPort, workerData} from 'node:worker_threads'
import type {SanityDoc} from '../types.ts'
import {LocalDatasetClient} from './localClient.ts'
import {validateDocuments} from './validateDocuments.ts'

/** Runs in a worker thread: the Studio's rules over one share of the documents. */
interface Job {
  documents: SanityDoc[]
  lookup: SanityDoc[]
  existing: string[]
}

const {documents, lookup, existing} = workerData as Job
const present = new Set(existing)
const issues = await validateDocuments(documents, {
  dataset: new LocalDatasetClient(lookup),
  exists: (id) => present.has(id),
})
parentPort?.postMessage(issues)
