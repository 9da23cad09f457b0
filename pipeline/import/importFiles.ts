import {readFile} from 'node:fs/promises'
import type {ContentIssue, SanityDoc} from '../types.ts'
import {LocalDatasetClient} from '../validate/localClient.ts'
import {validateDocuments} from '../validate/validateDocuments.ts'
import {decodeText} from './decodeText.ts'
import {fileIssue} from './issues.ts'
import {type DatasetEntry, mergeDataset} from './mergeDataset.ts'
import {type PageDocumentsResult, pageToDocuments} from './pageToDocuments.ts'
import {PageError} from './parseMarkdown.ts'
import {parseMarkdownPage} from './parseMarkdownPage.ts'
import {parsePlainText} from './parsePlainText.ts'
import {readBaseDataset} from './readBaseDataset.ts'
import type {InputFile, PageDocuments, ParseResult} from './types.ts'

export interface ImportOptions {
  /** YYYY-MM-DD: the day the sources were read (`accessedAt`). */
  date: string
  /** The dataset to merge into; without it, the output holds only the imported documents. */
  base?: readonly DatasetEntry[]
}

export interface ImportResult {
  /** The whole output dataset, sorted by `_id`. */
  documents: SanityDoc[]
  /** What to write; empty when `blocked`. */
  ndjson: string
  /** Page problems in input order, then merge problems, then the Studio's verdict. */
  issues: ContentIssue[]
  /** Inputs that could not be imported; the others were. */
  failedFiles: string[]
  /** Documents created or changed by this import. */
  changedIds: string[]
  /** The Studio's rules found errors, or the merge base is unusable: write nothing. */
  blocked: boolean
}

export function isMarkdownFile(path: string): boolean {
  return /\.(?:md|markdown)$/i.test(path)
}

export function parsePage(input: InputFile): ParseResult {
  const decoded = decodeText(input.bytes)
  if ('error' in decoded)
    return {issues: [fileIssue('error', input.path, undefined, decoded.error)]}
  return isMarkdownFile(input.path)
    ? parseMarkdownPage(input.path, decoded.text)
    : parsePlainText(input.path, decoded.text)
}

/**
 * One page's documents and problems. A page that makes the importer throw fails alone, with
 * the reason on its file, and the other pages are still imported.
 */
function buildPage(input: InputFile, date: string): PageDocumentsResult {
  try {
    const parsed = parsePage(input)
    const built = parsed.page ? pageToDocuments(parsed.page, {date}) : undefined
    return {...built, issues: [...parsed.issues, ...(built?.issues ?? [])]}
  } catch (error) {
    if (error instanceof PageError) {
      return {issues: [fileIssue('error', input.path, error.line, error.message)]}
    }
    const deep = error instanceof RangeError && /call stack/i.test(error.message)
    const why = deep
      ? 'it nests quotes, lists or emphasis too deeply to read'
      : `the importer failed on it: ${reason(error)}`
    return {
      issues: [fileIssue('error', input.path, undefined, `The page was left out: ${why}.`)],
    }
  }
}

/** Pages in memory → a validated dataset. Pure apart from the clock-free validation. */
export async function importPages(
  inputs: readonly InputFile[],
  {date, base = []}: ImportOptions,
): Promise<ImportResult> {
  const issues: ContentIssue[] = []
  const failedFiles: string[] = []
  const pages: PageDocuments[] = []
  for (const input of inputs) {
    const built = buildPage(input, date)
    issues.push(...byLine(built.issues))
    if (built.documents) pages.push(built.documents)
    else failedFiles.push(input.path)
  }
  const merged = mergeDataset(base, pages)
  issues.push(...merged.issues)
  failedFiles.push(...merged.failedFiles)

  const documents = merged.entries.map((entry) => entry.doc)
  const changed = new Set(merged.changedIds)
  const verdict = await validateDocuments(
    documents.filter((doc) => changed.has(doc._id)),
    {dataset: new LocalDatasetClient(documents)},
  )
  for (const {level, message, documentId, path} of verdict) {
    issues.push({level, message, documentId, path})
  }
  const blocked = verdict.some((issue) => issue.level === 'error')
  return {
    documents,
    ndjson: blocked
      ? ''
      : merged.entries.map((entry) => `${entry.line ?? JSON.stringify(entry.doc)}\n`).join(''),
    issues,
    failedFiles: inputs.map((input) => input.path).filter((path) => failedFiles.includes(path)),
    changedIds: merged.changedIds,
    blocked,
  }
}

/** Reads the pages (and the dataset to merge into) from disk, then imports them. */
export async function importFiles(
  paths: readonly string[],
  {date, mergeFile}: {date: string; mergeFile?: string},
): Promise<ImportResult> {
  const inputs: InputFile[] = []
  const unreadable: ContentIssue[] = []
  for (const path of paths) {
    try {
      inputs.push({path, bytes: await readFile(path)})
    } catch (error) {
      unreadable.push(
        fileIssue('error', path, undefined, `Cannot read the file (${reason(error)}).`),
      )
    }
  }
  let base: DatasetEntry[] | undefined
  if (mergeFile !== undefined) {
    const read = await readFile(mergeFile).then(
      (bytes) => readBaseDataset(mergeFile, bytes),
      (error: unknown) => ({
        entries: [],
        issues: [
          fileIssue(
            'error',
            mergeFile,
            undefined,
            `Cannot read the dataset to merge into (${reason(error)}).`,
          ),
        ],
      }),
    )
    if (read.issues.length > 0) {
      const failedFiles = [...paths]
      return {
        documents: [],
        ndjson: '',
        issues: [...unreadable, ...read.issues],
        failedFiles,
        changedIds: [],
        blocked: true,
      }
    }
    base = read.entries
  }
  const result = await importPages(inputs, {date, ...(base ? {base} : {})})
  const failed = new Set([...unreadable.map((issue) => issue.file), ...result.failedFiles])
  return {
    ...result,
    issues: [...unreadable, ...result.issues],
    failedFiles: paths.filter((path) => failed.has(path)),
  }
}

function byLine(issues: ContentIssue[]): ContentIssue[] {
  return issues
    .map((issue, order) => ({issue, order}))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order)
    .map(({issue}) => issue)
}

function reason(error: unknown): string {
  return (
    (error as NodeJS.ErrnoException).code ??
    (error instanceof Error ? error.message : String(error))
  )
}
