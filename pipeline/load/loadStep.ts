import {schemaTypes} from '../../schemas/index.ts'
import type {ExportContext} from '../exportContext.ts'
import type {SanityDoc} from '../types.ts'
import {loadDataset} from './loadDataset.ts'
import {openSource} from './openSource.ts'

const KNOWN_TYPES = new Set(schemaTypes.map((t) => t.name))

/** Reads the source; undefined when the file itself is broken (nothing is written then). */
export async function loadStep(context: ExportContext): Promise<SanityDoc[] | undefined> {
  context.stage('reading')
  const {options, report} = context
  const loaded = await loadDataset(await openSource(options.source, options.signal), KNOWN_TYPES)
  report.documentsRead = loaded.documents.length + loaded.issues.length
  report.issues.push(...loaded.fatal, ...loaded.issues)
  return loaded.fatal.length > 0 ? undefined : loaded.documents
}
