import {sha256} from '../hash.ts'
import type {SourceDigests} from '../load/loadDataset.ts'
import {referencesOf} from '../references.ts'
import type {SanityDoc} from '../types.ts'

/**
 * Bump when the transforms change what they write for the same input, so that incremental
 * runs re-render every page. (`--check` always exports into an empty folder, so CI would
 * still notice a forgotten bump.)
 */
export const EXPORT_FORMAT_VERSION = '1'

export interface Fingerprints {
  /** The document's own content (system fields included, since `_rev` lands in the manifest). */
  own: Map<string, string>
  /** Its own content and that of every document it references: what its Studio rules can read. */
  withReferences: Map<string, string>
}

/**
 * Fingerprints only need to be equal for equal input, so a document is hashed as parsed
 * (JSON.parse keeps key order) rather than canonicalized, which is several times faster;
 * one read from NDJSON is not serialized again: its line's digest (`digests`) stands for it.
 */
export function documentFingerprints(
  documents: readonly SanityDoc[],
  digests: SourceDigests,
): Fingerprints {
  const own = ownFingerprints(documents, digests)
  const withReferences = new Map<string, string>()
  for (const doc of documents) {
    const self = own.get(doc._id) as string
    const refs = [...referencesOf(doc).all].sort().map((id) => `${id}:${own.get(id) ?? 'missing'}`)
    withReferences.set(doc._id, refs.length === 0 ? self : sha256([self, ...refs].join('\n')))
  }
  return {own, withReferences}
}

/** Each document's own content alone (Fingerprints.own), without walking its references. */
export function ownFingerprints(
  documents: readonly SanityDoc[],
  digests: SourceDigests,
): Map<string, string> {
  const own = new Map<string, string>()
  const ownOf = remembered.get(digests) ?? new WeakMap<SanityDoc, string>()
  remembered.set(digests, ownOf)
  for (const doc of documents) {
    let fingerprint = ownOf.get(doc)
    if (!fingerprint) {
      const input = digests.get(doc) ?? JSON.stringify(doc)
      fingerprint = sha256(`${EXPORT_FORMAT_VERSION}\n${input}`)
      ownOf.set(doc, fingerprint)
    }
    own.set(doc._id, fingerprint)
  }
  return own
}

/** Remembered per document object (and digests): the gate and validation both ask, for 40,000 documents. */
const remembered = new WeakMap<SourceDigests, WeakMap<SanityDoc, string>>()

/**
 * A page's fingerprint: the document's (with what it references) plus the own content of the
 * other documents the page shows, such as the kits listed on a tumour page.
 */
export function pageFingerprint(documentFingerprint: string, extras: readonly string[]): string {
  return sha256([documentFingerprint, ...extras].join('\n'))
}
