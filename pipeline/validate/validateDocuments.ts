import {documentFailure} from '../documentFailure.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import type {LocalDatasetClient} from './localClient.ts'
import {pathText} from './pathText.ts'
import {validateWithStudioRules} from './ruleWalker.ts'
import {getStudioSchema} from './studioSchema.ts'

export interface ValidateOptions {
  /** Every document the rules may look up (slugs, references), drafts included. */
  dataset: LocalDatasetClient
  /** Whether a reference target exists; by default, any document with that id. */
  exists?: (id: string) => boolean
  /** How many documents are validated at once; rules are async but never wait on I/O. */
  concurrency?: number
}

/**
 * Runs the Studio's own validation rules on one document and returns its issues.
 *
 * The rules run as `validateDocument` from `sanity` runs them in the Studio (the 'studio'
 * environment, so levels match what writers see; the schema-only 'cli' form demotes every rule
 * on an object field, such as a slug, to a warning), through the faster walk in ruleWalker.ts.
 */
export async function validateOne(
  document: SanityDoc,
  dataset: LocalDatasetClient,
  exists: (id: string) => boolean = (id) => dataset.has(id),
): Promise<ContentIssue[]> {
  const client = dataset.asValidationClient()
  const markers = await validateWithStudioRules(document, {
    schema: getStudioSchema(),
    getClient: () => client as never,
    // References to drafts-only documents count as missing, as they do for a published page.
    getDocumentExists: async ({id}) => exists(id),
    documentExists: exists,
  })
  return markers.map((marker) => ({
    documentId: document._id,
    path: pathText(marker.path),
    level: marker.level,
    message: marker.message,
    code: `studio:${marker.code}`,
  }))
}

/**
 * Validates documents with bounded concurrency; the result order is deterministic. A document
 * whose validation throws gets an error of its own, and the others are still validated.
 */
export async function validateDocuments(
  documents: Iterable<SanityDoc>,
  {dataset, exists, concurrency = 64}: ValidateOptions,
): Promise<ContentIssue[]> {
  const queue = [...documents]
  const issues: ContentIssue[] = []
  let next = 0
  const worker = async () => {
    while (next < queue.length) {
      const doc = queue[next++] as SanityDoc
      const found = await validateOne(doc, dataset, exists).catch((error: unknown) => [
        documentFailure(doc._id, "Running the Studio's rules", error),
      ])
      issues.push(...found)
    }
  }
  await Promise.all(Array.from({length: Math.min(concurrency, queue.length)}, worker))
  return issues.sort(compareIssues)
}
