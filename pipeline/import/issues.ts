import type {ContentIssue, IssueLevel} from '../types.ts'

/** A problem in a legacy page (or the dataset to merge into): it names the file and line, not a document. */
export function fileIssue(
  level: IssueLevel,
  file: string,
  line: number | undefined,
  message: string,
): ContentIssue {
  return {documentId: '', path: '', level, message, file, ...(line === undefined ? {} : {line})}
}
