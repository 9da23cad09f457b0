import {sha256} from '../hash.ts'
import {referencesOf} from '../references.ts'
import type {SanityDoc} from '../types.ts'
import {type ClosureLookup, closureOf, closureText, SHOWN} from '../workflow/closure.ts'
import type {CacheLookup} from '../write/cacheShards.ts'

/** Closure hashes by the fingerprint of what the closure was made from (closureInputs). */
export type ClosureCache = Map<string, string>

/**
 * The fingerprint of everything a page's closure is made from: the page and the documents it
 * references or that list it, each by its own fingerprint (see documentFingerprints). The
 * page's id is part of it, so it stands for one page's closure.
 */
function closureInputs(page: SanityDoc, lookup: ClosureLookup, own: ReadonlyMap<string, string>) {
  const parts = [`${page._id}:${own.get(page._id)}`]
  for (const id of [...referencesOf(page).all].sort())
    parts.push(`${id}:${own.get(id) ?? 'missing'}`)
  for (const type of Object.keys(SHOWN[page._type]?.referencedBy ?? {}))
    for (const doc of lookup.referencing(page._id, type))
      parts.push(`<${doc._id}:${own.get(doc._id)}`)
  return sha256(parts.join('\n'))
}

/**
 * The hash of each published page's closure as the dataset stands, for comparison with what
 * was approved. A page whose inputs are unchanged since the last run keeps its hash from then,
 * so a run with nothing changed canonicalizes no page.
 */
export function currentClosureHashes(
  pages: readonly SanityDoc[],
  lookup: ClosureLookup,
  own: ReadonlyMap<string, string>,
  cached: CacheLookup<string> | undefined,
): {hashes: Map<string, string>; cache: ClosureCache} {
  const hashes = new Map<string, string>()
  const cache: ClosureCache = new Map()
  for (const page of pages) {
    const inputs = closureInputs(page, lookup, own)
    const hash = cached?.get(inputs) ?? sha256(closureText(closureOf(page, page._id, lookup)))
    hashes.set(page._id, hash)
    cache.set(inputs, hash)
  }
  return {hashes, cache}
}
