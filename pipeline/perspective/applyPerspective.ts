import type {SanityDoc} from '../types.ts'

export type Perspective = 'published' | 'drafts'

const DRAFTS = 'drafts.'
const VERSIONS = 'versions.'

export const isDraftId = (id: string) => id.startsWith(DRAFTS)
export const isVersionId = (id: string) => id.startsWith(VERSIONS)
export const publishedId = (id: string) => (isDraftId(id) ? id.slice(DRAFTS.length) : id)

/**
 * The documents a reader would see under a perspective, as the Content Lake computes it.
 * - published: drafts and release versions are invisible.
 * - drafts: a draft replaces its published document (keeping the published _id, as the
 *   drafts perspective does, with `_originalId` naming the draft); draft-only documents appear.
 */
export function applyPerspective(
  documents: Iterable<SanityDoc>,
  perspective: Perspective,
): SanityDoc[] {
  const visible = new Map<string, SanityDoc>()
  for (const doc of documents) {
    if (isVersionId(doc._id)) continue
    if (!isDraftId(doc._id)) {
      if (!visible.has(doc._id)) visible.set(doc._id, doc)
    } else if (perspective === 'drafts') {
      const id = publishedId(doc._id)
      visible.set(id, {...doc, _id: id, _originalId: doc._id})
    }
  }
  return [...visible.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}
