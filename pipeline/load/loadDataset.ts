import {dequal} from 'dequal'
import {nestingDepth, rememberWalk} from '../references.ts'
import {type ContentIssue, isRecord, type SanityDoc} from '../types.ts'
import type {CacheLookup} from '../write/cacheShards.ts'
import {type KeptLines, linesInMemory, type ReadKept} from './keptLines.ts'
import {lazyDocument} from './lazyDocument.ts'
import {factsOf, LAZY_TYPES, type LineFacts, type LineFactsCache} from './lineFacts.ts'
import {decodeLine, readNdjsonKeeping} from './ndjson.ts'
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
  /** The line facts of the loaded pages, for the next run (see lineFacts.ts). */
  facts: LineFactsCache
}

export interface LoadOptions {
  /** Line facts of the last run: a line with facts is not parsed until a stage reads more. */
  facts?: CacheLookup<LineFacts>
  /** Where lines kept unparsed are read from later (default: copied into memory). */
  kept?: KeptLines
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
  options: LoadOptions = {},
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
  const cached = options.facts
  const keep = (digest: string) => cached?.get(digest) !== undefined
  const kept = options.kept ?? linesInMemory()
  for await (const entry of readNdjsonKeeping(chunks, {keep})) {
    if ('error' in entry) {
      fatal.push(lineIssue(entry.line, entry.error))
      continue
    }
    const doc =
      'bytes' in entry
        ? keptDocument(kept.keep(entry), entry.line, cached?.get(entry.digest) as LineFacts)
        : entry.value
    const notDocument = notADocument(doc)
    if (notDocument !== undefined) {
      fatal.push(lineIssue(entry.line, notDocument))
      continue
    }
    if (rejected(state, doc as SanityDoc, entry.line)) continue
    byId.set((doc as SanityDoc)._id, doc as SanityDoc)
    digests.set(doc as SanityDoc, entry.digest)
  }
  for (const id of state.duplicates) byId.delete(id)
  const documents = [...byId.values()]
  return {
    documents,
    digests,
    fatal,
    issues: state.issues,
    facts: nextFacts(documents, digests),
  }
}

/**
 * A page known by its line facts: parsed only when a stage reads more (lazyDocument.ts), and
 * its references and depth taken from the facts, so the loader's checks do not parse it either.
 */
function keptDocument(read: ReadKept, line: number, facts: LineFacts): SanityDoc {
  const doc = lazyDocument(facts, () => parseKept(read(), line, facts))
  const strong = new Set(facts.strong)
  rememberWalk(doc, {strong, all: new Set([...strong, ...facts.weak]), depth: facts.depth})
  return doc
}

/** A kept line, parsed when first needed; it must say what its facts said it did. */
function parseKept(bytes: Uint8Array, line: number, facts: LineFacts): SanityDoc {
  const decoded = decodeLine(bytes, line)
  const value = 'value' in decoded ? decoded.value : undefined
  if (isRecord(value) && dequal(factsOf(value as SanityDoc), facts)) return value as SanityDoc
  throw new Error(
    `Line ${line} (${String(facts.fields._id)}) does not hold what the last export's cache says it does, so that cache cannot be trusted. Run the export again with --repair.`,
  )
}

/** The facts of every loaded page, for the next run (a kept page gives its own back unparsed). */
function nextFacts(documents: readonly SanityDoc[], digests: WeakMap<SanityDoc, string>) {
  const facts: LineFactsCache = new Map()
  for (const doc of documents) {
    const digest = digests.get(doc)
    if (digest && LAZY_TYPES.has(doc._type)) facts.set(digest, factsOf(doc))
  }
  return facts
}
