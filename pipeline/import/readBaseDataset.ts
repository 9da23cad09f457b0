import {readNdjson} from '../load/ndjson.ts'
import type {ContentIssue, SanityDoc} from '../types.ts'
import {fileIssue} from './issues.ts'
import type {DatasetEntry} from './mergeDataset.ts'

/**
 * The dataset to merge into. Each document keeps its line exactly as read, so documents the
 * import does not touch are written back byte for byte.
 */
export async function readBaseDataset(
  file: string,
  bytes: Uint8Array,
): Promise<{entries: DatasetEntry[]; issues: ContentIssue[]}> {
  const lines = Buffer.from(bytes).toString('utf8').split('\n')
  const entries: DatasetEntry[] = []
  const issues: ContentIssue[] = []
  for await (const entry of readNdjson(once(bytes))) {
    if ('error' in entry) {
      issues.push(fileIssue('error', file, entry.line, entry.error))
      continue
    }
    const doc = entry.value as Partial<SanityDoc> | null
    if (
      typeof doc !== 'object' ||
      doc === null ||
      typeof doc._id !== 'string' ||
      typeof doc._type !== 'string'
    ) {
      issues.push(
        fileIssue(
          'error',
          file,
          entry.line,
          'The line is not a document: it needs an _id and a _type.',
        ),
      )
      continue
    }
    const line = (lines[entry.line - 1] ?? '').replace(/^\uFEFF/, '').replace(/\r$/, '')
    entries.push({doc: doc as SanityDoc, line})
  }
  return {entries, issues}
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}
