import {schemaTypes} from '../../schemas/index.ts'
import type {ExportContext} from '../exportContext.ts'
import type {SanityDoc} from '../types.ts'
import {loadDataset, type SourceDigests} from './loadDataset.ts'
import {openSource} from './openSource.ts'

const KNOWN_TYPES = new Set(schemaTypes.map((t) => t.name))

export interface LoadStepResult {
  /** The whole dataset, drafts included. */
  documents: SanityDoc[]
  /** Each document's NDJSON line digest, for fingerprints and the gate's verdict cache. */
  digests: SourceDigests
}

/** Reads the source; undefined when the file itself is broken (nothing is written then). */
export async function loadStep(context: ExportContext): Promise<LoadStepResult | undefined> {
  context.stage('reading')
  const {options, report} = context
  const loaded = await loadDataset(await openSource(options.source, options.signal), KNOWN_TYPES)
  report.documentsRead = loaded.documents.length + loaded.issues.length
  report.issues.push(...loaded.fatal, ...loaded.issues)
  return loaded.fatal.length > 0
    ? undefined
    : {documents: loaded.documents, digests: loaded.digests}
}
