import {nestingDepth} from '../references.ts'
import {type ContentIssue, isRecord, type SanityDoc} from '../types.ts'
import {readNdjson} from './ndjson.ts'
import {MAX_NESTING_DEPTH, tooDeepAt} from './nestingDepth.ts'

/**
 * The sha256 of each loaded document's NDJSON line, by the document object as parsed: it stands
 * for the document's bytes where they are fingerprinted. A document made from another (a draft
 * overlaid, a page replaced by its approved closure) is a new object and has none.
 */
export interface SourceDigests {
  get(doc: SanityDoc): string | undefined
}

export interface LoadedDataset {
  documents: SanityDoc[]
  digests: SourceDigests
  /** Problems with the file itself (malformed lines, encoding): fatal, nothing is written. */
  fatal: ContentIssue[]
  /**
   * Problems with single documents (duplicate id, unknown type, nested too deeply): those
   * documents are dropped.
   */
  issues: ContentIssue[]
}

/** Sanity's own bookkeeping documents, which every real export contains. */
function isSystemDocument(doc: SanityDoc): boolean {
  return (
    doc._id.startsWith('_.') || doc._type.startsWith('sanity.') || doc._type.startsWith('system.')
  )
}

/** Why a document cannot be loaded, or 'system' for Sanity's own documents, which are skipped. */
function documentProblem(
  doc: SanityDoc,
  knownTypes: ReadonlySet<string>,
): {path: string; message: string; code?: string} | 'system' | undefined {
  if (typeof doc._type !== 'string' || doc._type === '') {
    return {
      path: '_type',
      message: 'The document has no _type, so it cannot be validated or exported.',
    }
  }
  if (isSystemDocument(doc)) return 'system'
  if (!knownTypes.has(doc._type)) {
    return {
      path: '_type',
      message: `Unknown _type "${doc._type}": no schema type has this name, so the document is not exported.`,
    }
  }
  if (nestingDepth(doc) > MAX_NESTING_DEPTH) {
    return {
      path: tooDeepAt(doc) ?? '',
      code: 'too-deep',
      message: `The document nests objects and arrays more than ${MAX_NESTING_DEPTH} levels deep here (the Content Lake stores at most 20), so it is not exported. Flatten or remove this field.`,
    }
  }
  return undefined
}

/** What loading has gathered so far; every copy of a duplicated _id is dropped at the end. */
interface LoadState {
  knownTypes: ReadonlySet<string>
  byId: Map<string, SanityDoc>
  /** The first line of every _id, whether or not that copy was accepted. */
  firstLine: Map<string, number>
  duplicates: Set<string>
  fatal: ContentIssue[]
  issues: ContentIssue[]
}

/** An issue on one line of the source, named after the line until the document has an _id. */
function lineIssue(line: number, message: string, documentId = `line ${line}`): ContentIssue {
  return {documentId, path: '', level: 'error', message, code: 'ndjson', line}
}

/** Why a parsed line is not a document at all (fatal), or undefined if it is one. */
function notADocument(value: unknown): string | undefined {
  if (!isRecord(value))
    return `Expected a document object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`
  if (typeof value._id !== 'string' || value._id === '')
    return 'The document has no _id. Every line of a Sanity export needs a string _id.'
  return undefined
}

/** Records why this document is not loaded (a repeated _id, or documentProblem); true if so. */
function rejected(state: LoadState, doc: SanityDoc, line: number): boolean {
  const first = state.firstLine.get(doc._id)
  if (first !== undefined) {
    state.duplicates.add(doc._id)
    state.issues.push({
      ...lineIssue(
        line,
        `The _id "${doc._id}" appears again (first on line ${first}). Remove one copy; neither is exported until then.`,
        doc._id,
      ),
      path: '_id',
    })
    return true
  }
  state.firstLine.set(doc._id, line)
  const problem = documentProblem(doc, state.knownTypes)
  if (!problem) return false
  if (problem !== 'system')
    state.issues.push({
      ...lineIssue(line, problem.message, doc._id),
      path: problem.path,
      code: problem.code ?? 'ndjson',
    })
  return true
}

/** Reads an NDJSON export: the documents by _id, and every problem as an issue on its line. */
export async function loadDataset(
  chunks: AsyncIterable<Uint8Array>,
  knownTypes: ReadonlySet<string>,
): Promise<LoadedDataset> {
  const state: LoadState = {
    knownTypes,
    byId: new Map(),
    firstLine: new Map(),
    duplicates: new Set(),
    fatal: [],
    issues: [],
  }
  const {byId, fatal} = state
  const digests = new WeakMap<SanityDoc, string>()
  for await (const entry of readNdjson(chunks)) {
    if ('error' in entry) {
      fatal.push(lineIssue(entry.line, entry.error))
      continue
    }
    const {line, value} = entry
    const notDocument = notADocument(value)
    if (notDocument !== undefined) {
      fatal.push(lineIssue(line, notDocument))
      continue
    }
    const doc = value as SanityDoc
    if (rejected(state, doc, line)) continue
    byId.set(doc._id, doc)
    digests.set(doc, entry.digest)
  }
  for (const id of state.duplicates) byId.delete(id)
  return {documents: [...byId.values()], digests, fatal, issues: state.issues}
}
