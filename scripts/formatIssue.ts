import type {ContentIssue} from '../pipeline/types.ts'

const icon = {error: '✗', warning: '!', info: 'i'} as const

/** Where an issue is: `file:line` for a problem in an input file, else document › field path › line. */
function whereOf(issue: ContentIssue): string {
  if (issue.file !== undefined) return issue.line ? `${issue.file}:${issue.line}` : issue.file
  return [issue.documentId, issue.path || undefined, issue.line ? `line ${issue.line}` : undefined]
    .filter(Boolean)
    .join(' › ')
}

/** One line per issue, for every CLI: level, where, then what to do. */
export function formatIssue(issue: ContentIssue): string {
  return `${icon[issue.level]} ${issue.level.padEnd(7)} ${whereOf(issue)}: ${issue.message}`
}
