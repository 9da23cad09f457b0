import type {IssueLevel} from '../types.ts'
import type {ImportIssue} from './types.ts'

export function fileIssue(
  level: IssueLevel,
  file: string,
  line: number | undefined,
  message: string,
): ImportIssue {
  return line === undefined ? {level, file, message} : {level, file, line, message}
}

/** `file:line: level: message` for page problems, `id path: level: message` for documents. */
export function formatIssue(issue: ImportIssue): string {
  const where =
    issue.file !== undefined
      ? [issue.file, issue.line].filter((part) => part !== undefined).join(':')
      : [issue.documentId, issue.path].filter(Boolean).join(' ')
  return `${where}: ${issue.level}: ${issue.message}`
}
