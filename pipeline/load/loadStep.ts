import {schemaTypes} from '../../schemas/index.ts'
import type {ExportContext} from '../exportContext.ts'
import type {RunCaches} from '../incremental/runCaches.ts'
import type {SanityDoc} from '../types.ts'
import {keptLinesFor} from './keptLines.ts'
import {LINE_FACTS, type LineFactsCache} from './lineFacts.ts'
import {loadDataset, type SourceDigests} from './loadDataset.ts'
import {openSource} from './openSource.ts'

const KNOWN_TYPES = new Set(schemaTypes.map((t) => t.name))

export interface LoadStepResult {
  /** The whole dataset, drafts included. */
  documents: SanityDoc[]
  /** Each document's NDJSON line digest, for fingerprints and the gate's verdict cache. */
  digests: SourceDigests
  /** The pages' line facts (also left in the run's caches for the next run). */
  facts: LineFactsCache
}

/**
 * Reads the source; undefined when the file itself is broken (nothing is written then). Pages
 * whose lines the last run cached facts for are parsed only if a stage needs them (under
 * --repair `caches` holds none, see RunCaches).
 */
export async function loadStep(
  context: ExportContext,
  caches: RunCaches,
): Promise<LoadStepResult | undefined> {
  context.stage('reading')
  const {options, report} = context
  const facts = caches.read(LINE_FACTS)
  const source = await openSource(options.source, options.signal)
  const kept = options.source.kind === 'ndjson' ? keptLinesFor(options.source.path) : undefined
  const loaded = await loadDataset(source, KNOWN_TYPES, {facts, kept})
  report.documentsRead = loaded.documents.length + loaded.issues.length
  report.issues.push(...loaded.fatal, ...loaded.issues)
  if (loaded.fatal.length > 0) return undefined
  caches.leave(LINE_FACTS, loaded.facts)
  return {documents: loaded.documents, digests: loaded.digests, facts: loaded.facts}
}
