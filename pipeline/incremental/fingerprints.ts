import {createHash} from 'node:crypto'
import canonicalize from 'canonicalize'
import type {SanityDoc} from '../types.ts'

/**
 * Bump when the transforms change what they write for the same input, so that incremental
 * runs re-render every page. (`--check` always exports into an empty folder, so CI would
 * still notice a forgotten bump.)
 */
export const EXPORT_FORMAT_VERSION = '1'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function referencedIds(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencedIds(item, out)
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string') out.add(record._ref)
    for (const child of Object.values(record))
      if (typeof child === 'object') referencedIds(child, out)
  }
  return out
}

/**
 * A fingerprint per document: its own content (system fields included, since `_rev` lands in
 * the manifest) and the content of every document it references. Whatever a Studio rule or
 * a page can read about a document changes its fingerprint.
 */
export function documentFingerprints(documents: readonly SanityDoc[]): Map<string, string> {
  const own = new Map<string, string>()
  for (const doc of documents) own.set(doc._id, sha256(canonicalize(doc) as string))
  const result = new Map<string, string>()
  for (const doc of documents) {
    const refs = [...referencedIds(doc, new Set())]
      .sort()
      .map((id) => `${id}:${own.get(id) ?? 'missing'}`)
    result.set(doc._id, sha256([EXPORT_FORMAT_VERSION, own.get(doc._id), ...refs].join('\n')))
  }
  return result
}

/** A page's fingerprint: the document's, plus what else the page shows (reverse references, approval). */
export function pageFingerprint(documentFingerprint: string, extras: readonly string[]): string {
  return sha256([documentFingerprint, ...extras].join('\n'))
}
