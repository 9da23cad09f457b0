import {sha256} from '../hash.ts'
import {isRecord} from '../types.ts'

/** 12 hex characters of sha256: stable across runs, and collisions are vanishingly rare. */
export function shortHash(...parts: string[]): string {
  return sha256(parts.join('\u0000')).slice(0, 12)
}

/**
 * Gives every object inside an array a `_key` derived from the document id and its path, so
 * the same page always yields the same keys. Keys already present (link definitions, which
 * spans point to) are kept. `_key` goes first so the output reads naturally.
 */
export function assignKeys<T>(documentId: string, value: T): T {
  return walk(documentId, value, '') as T
}

function walk(documentId: string, value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    const used = new Set<string>()
    return value.map((item, index) => {
      const itemPath = `${path}[${index}]`
      const walked = walk(documentId, item, itemPath)
      if (!isRecord(walked)) return walked
      if (typeof walked._key === 'string') {
        if (used.has(walked._key)) throw new Error(`Duplicate _key "${walked._key}" at ${itemPath}`)
        used.add(walked._key)
        return walked
      }
      let key = shortHash(documentId, itemPath)
      for (let n = 1; used.has(key); n++) key = shortHash(documentId, itemPath, String(n))
      used.add(key)
      return {_key: key, ...walked}
    })
  }
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [name, child] of Object.entries(value)) {
    out[name] = walk(documentId, child, path ? `${path}.${name}` : name)
  }
  return out
}
