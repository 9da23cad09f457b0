import {schemaTypes} from '../../schemas/index.ts'
import type {ExportContext} from '../exportContext.ts'
import type {SanityDoc} from '../types.ts'
import type {Manifest} from '../write/manifest.ts'
import {keptLinesFor} from './keptLines.ts'
import {type LineFactsCache, usableFacts} from './lineFacts.ts'
import {loadDataset, type SourceDigests} from './loadDataset.ts'
import {openSource} from './openSource.ts'

const KNOWN_TYPES = new Set(schemaTypes.map((t) => t.name))

export interface LoadStepResult {
  /** The whole dataset, drafts included. */
  documents: SanityDoc[]
  /** Each document's NDJSON line digest, for fingerprints and the gate's verdict cache. */
  digests: SourceDigests
  /** The pages' line facts, for the next run's manifest. */
  facts: LineFactsCache
}

/**
 * Reads the source; undefined when the file itself is broken (nothing is written then). Pages
 * whose lines the last run's manifest has facts for are parsed only if a stage needs them;
 * --repair trusts no facts, as it trusts no other cache in the output folder.
 */
export async function loadStep(
  context: ExportContext,
  previous: Manifest | undefined,
): Promise<LoadStepResult | undefined> {
  context.stage('reading')
  const {options, report} = context
  const facts = options.repair ? undefined : usableFacts(previous?.lines)
  const source = await openSource(options.source, options.signal)
  const kept = options.source.kind === 'ndjson' ? keptLinesFor(options.source.path) : undefined
  const loaded = await loadDataset(source, KNOWN_TYPES, {facts, kept})
  report.documentsRead = loaded.documents.length + loaded.issues.length
  report.issues.push(...loaded.fatal, ...loaded.issues)
  return loaded.fatal.length > 0
    ? undefined
    : {documents: loaded.documents, digests: loaded.digests, facts: loaded.facts}
}
