import {toString as pathToString} from '@sanity/util/paths'
import {type SanityDocument, validateDocument} from 'sanity'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import type {LocalDatasetClient} from './localClient.ts'
import {getStudioSchema} from './studioSchema.ts'

export interface ValidateOptions {
  /** Every document the rules may look up (slugs, references), drafts included. */
  dataset: LocalDatasetClient
  /** Whether a reference target exists; by default, any document with that id. */
  exists?: (id: string) => boolean
  /** How many documents are validated at once; rules are async but never wait on I/O. */
  concurrency?: number
}

type Workspace = Parameters<typeof validateDocument>[0]['workspace']

/**
 * Runs the Studio's own validation rules on one document and returns its issues.
 *
 * This is the workspace form of `validateDocument`, in the 'studio' environment, so levels
 * match what writers see. (The schema-only form runs in the 'cli' environment, which demotes
 * every rule on an object field, such as a slug, to a warning.) Without `i18n` the engine
 * uses its built-in English messages.
 */
export async function validateOne(
  document: SanityDoc,
  dataset: LocalDatasetClient,
  exists: (id: string) => boolean = (id) => dataset.has(id),
): Promise<ContentIssue[]> {
  const client = dataset.asValidationClient()
  const workspace = {schema: getStudioSchema(), getClient: () => client} as unknown as Workspace
  const markers = await validateDocument({
    document: document as SanityDocument,
    workspace,
    environment: 'studio',
    maxCustomValidationConcurrency: 64,
    // References to drafts-only documents count as missing, as they do for a published page.
    getDocumentExists: async ({id}) => exists(id),
  })
  return markers.map((marker) => ({
    documentId: document._id,
    path: pathToString(marker.path),
    level: marker.level,
    message: marker.message,
    code: `studio:${marker.code}`,
  }))
}

/** Validates documents with bounded concurrency; the result order is deterministic. */
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
      issues.push(...(await validateOne(doc, dataset, exists)))
    }
  }
  await Promise.all(Array.from({length: Math.min(concurrency, queue.length)}, worker))
  return issues.sort(compareIssues)
}
