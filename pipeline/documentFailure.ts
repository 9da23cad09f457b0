import type {ContentIssue} from './types.ts'

/**
 * A stage that fails on one document (a check, a rule, a render that throws) reports it as a
 * content error on that document and goes on with the others: one bad document must not take
 * the export down.
 */
export function documentFailure(documentId: string, stage: string, error: unknown): ContentIssue {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return {
    documentId,
    path: '',
    level: 'error',
    code: 'document-failed',
    message: `${stage} failed on this document (${reason}), so it is not exported; the rest of the export went on. Check the document for unusual content, and report the error with its id.`,
  }
}
