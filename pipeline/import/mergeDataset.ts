import type {ContentIssue, SanityDoc} from '../types.ts'
import {fileIssue} from './issues.ts'
import {shortHash} from './keys.ts'
import type {PageDocuments} from './types.ts'

/** A document of the output; `line` is its exact input text, kept while it is unchanged. */
export interface DatasetEntry {
  doc: SanityDoc
  line?: string
}

export interface MergeResult {
  /** The whole dataset, sorted by `_id`. */
  entries: DatasetEntry[]
  /** Documents this import created or changed: the ones to validate. */
  changedIds: string[]
  issues: ContentIssue[]
  failedFiles: string[]
}

const isPublished = (id: string) => !id.startsWith('drafts.') && !id.startsWith('versions.')
/** `drafts.x` and `versions.<release>.x` → `x`: the document a draft or version will publish as. */
const publishedIdOf = (id: string) =>
  id.startsWith('drafts.') ? id.slice('drafts.'.length) : id.replace(/^versions\.[^.]+\./, '')
const nameKey = (name: unknown) =>
  typeof name === 'string' ? name.trim().replace(/\s+/g, ' ').toLowerCase() : undefined
const slugOf = (doc: SanityDoc) => (doc.slug as {current?: string} | undefined)?.current

/** Addresses that differ only in encoding, case of the host, or a final slash are the same. */
export function urlKey(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined
  try {
    const parsed = new URL(url.trim())
    const path = decodeURIComponent(parsed.pathname).replace(/ /g, '_').replace(/\/$/, '')
    return `${parsed.host}${path}${parsed.search}`
  } catch {
    return url.trim()
  }
}

/**
 * Adds imported pages to a dataset. Existing documents are reused rather than duplicated: a
 * tumour with the same slug, a kit with the same name (in any case), a source with the same
 * address. The only change ever made to an existing document is adding the tumour to a kit's
 * `availableFor` (and to its pending draft and release versions, or publishing them would
 * drop it), so importing the same pages again changes nothing.
 */
export function mergeDataset(
  base: readonly DatasetEntry[],
  pages: readonly PageDocuments[],
): MergeResult {
  const entries = base.map((entry) => ({...entry}))
  const byId = new Map<string, DatasetEntry>()
  const tumourBySlug = new Map<string, string>()
  const kitByName = new Map<string, string>()
  const sourceByUrl = new Map<string, string>()
  const addedBy = new Map<string, string>()
  const changed = new Set<string>()
  const issues: ContentIssue[] = []
  const failedFiles: string[] = []

  // Only published documents are matched: a reference must not point at a draft.
  const matchKey = (doc: SanityDoc): [Map<string, string>, string | undefined] | undefined => {
    if (!isPublished(doc._id)) return undefined
    if (doc._type === 'tumour') return [tumourBySlug, slugOf(doc)]
    if (doc._type === 'kitProduct') return [kitByName, nameKey(doc.name)]
    if (doc._type === 'source') return [sourceByUrl, urlKey(doc.url)]
    return undefined
  }
  const index = (entry: DatasetEntry) => {
    if (!byId.has(entry.doc._id)) byId.set(entry.doc._id, entry)
    const [map, key] = matchKey(entry.doc) ?? []
    if (map && key !== undefined && !map.has(key)) map.set(key, entry.doc._id)
  }
  const add = (doc: SanityDoc, file: string) => {
    const entry = {doc}
    entries.push(entry)
    index(entry)
    addedBy.set(doc._id, file)
    changed.add(doc._id)
  }
  for (const entry of entries) index(entry)
  const pending = pendingVersions(entries)

  for (const page of pages) {
    const {file, tumour, source, kits} = page
    const existingTumour = tumourBySlug.get(slugOf(tumour) ?? '')
    const existingSource = source && sourceByUrl.get(urlKey(source.url) ?? '')
    // A kept tumour keeps its own sources, so a new source would be cited by nothing.
    const newSource = source && !existingSource && !existingTumour ? source : undefined
    const newKits = kits.filter((kit) => !kitByName.has(nameKey(kit.name) ?? ''))
    const added = [
      ...(existingTumour ? [] : [tumour]),
      ...(newSource ? [newSource] : []),
      ...newKits,
    ]
    const problem = pageProblem(page, addedBy.get(existingTumour ?? ''), added, byId)
    if (problem) {
      issues.push(fileIssue('error', file, undefined, problem))
      failedFiles.push(file)
      continue
    }

    if (newSource) add(newSource, file)
    const tumourId = existingTumour ?? tumour._id
    if (existingTumour) issues.push(keptTumour(file, tumour, existingTumour))
    else add(retarget(tumour, source?._id, existingSource), file)
    for (const kit of kits) {
      const existingKit = kitByName.get(nameKey(kit.name) ?? '')
      if (!existingKit) {
        add(retarget(kit, tumour._id, tumourId), file)
        continue
      }
      for (const entry of [byId.get(existingKit), ...(pending.get(existingKit) ?? [])])
        addAvailability(entry as DatasetEntry, tumourId, changed)
    }
  }

  entries.sort((a, b) => (a.doc._id < b.doc._id ? -1 : a.doc._id > b.doc._id ? 1 : 0))
  return {entries, changedIds: [...changed].sort(), issues, failedFiles}
}

const keptTumour = (file: string, tumour: SanityDoc, existing: string) =>
  fileIssue(
    'info',
    file,
    undefined,
    `${tumour.name} is already in the dataset as ${existing}; its content was kept as it is.`,
  )

/** Why a page cannot be merged: its tumour came from another page, or an id is taken. */
function pageProblem(
  page: PageDocuments,
  earlier: string | undefined,
  added: readonly SanityDoc[],
  byId: ReadonlyMap<string, DatasetEntry>,
): string | undefined {
  if (earlier) return `${page.tumour.name} was already imported from ${earlier}.`
  const clashes = added.filter((doc) => byId.has(doc._id)).map((doc) => doc._id)
  if (clashes.length === 0) return undefined
  return `The dataset already has a different document with the id ${clashes.join(', ')}; rename it or remove it, then import again.`
}

/** The drafts and release versions of each published id: publishing them must keep a change. */
function pendingVersions(entries: readonly DatasetEntry[]): Map<string, DatasetEntry[]> {
  const pending = new Map<string, DatasetEntry[]>()
  for (const entry of entries) {
    if (isPublished(entry.doc._id)) continue
    const id = publishedIdOf(entry.doc._id)
    pending.set(id, [...(pending.get(id) ?? []), entry])
  }
  return pending
}

function addAvailability(entry: DatasetEntry, tumourId: string, changed: Set<string>): void {
  const list = Array.isArray(entry.doc.availableFor)
    ? (entry.doc.availableFor as {_key?: string; _ref?: string}[])
    : []
  if (list.some((item) => item?._ref === tumourId)) return
  const used = new Set(list.map((item) => item?._key))
  let key = shortHash(entry.doc._id, 'availableFor', tumourId)
  for (let n = 1; used.has(key); n++)
    key = shortHash(entry.doc._id, 'availableFor', tumourId, String(n))
  entry.doc = {
    ...entry.doc,
    availableFor: [...list, {_key: key, _type: 'reference', _ref: tumourId}],
  }
  delete entry.line
  changed.add(entry.doc._id)
}

/** The document with every reference to `from` pointing at `to` instead. */
function retarget(doc: SanityDoc, from: string | undefined, to: string | undefined): SanityDoc {
  if (!from || !to || from === to) return doc
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (typeof value !== 'object' || value === null) return value
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => [
        name,
        name === '_ref' && child === from ? to : walk(child),
      ]),
    )
  }
  return walk(doc) as SanityDoc
}
