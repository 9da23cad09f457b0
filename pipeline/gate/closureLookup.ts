import {referencesOf} from '../references.ts'
import type {SanityDoc} from '../types.ts'
import {type ClosureLookup, SHOWN} from '../workflow/closure.ts'

/** The types some page lists because they reference it (the kits on a tumour page). */
const LISTING_TYPES = new Set(Object.values(SHOWN).flatMap((s) => Object.keys(s.referencedBy)))

/** Closures against a set of documents (the published ones): an id Map and a reverse index. */
export function datasetLookup(documents: readonly SanityDoc[]): ClosureLookup {
  const byId = new Map(documents.map((d) => [d._id, d]))
  const referencing = new Map<string, SanityDoc[]>()
  for (const doc of documents) {
    if (!LISTING_TYPES.has(doc._type)) continue
    for (const id of referencesOf(doc).all) {
      const key = `${doc._type}:${id}`
      const list = referencing.get(key)
      if (list) list.push(doc)
      else referencing.set(key, [doc])
    }
  }
  return {
    get: (id) => byId.get(id),
    referencing: (id, type) => referencing.get(`${type}:${id}`) ?? [],
  }
}
