import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sha256} from '../../pipeline/hash.ts'
import {CACHE_FOLDER} from '../../pipeline/write/cacheShards.ts'
import {MANIFEST_FILE, type Manifest, manifestText} from '../../pipeline/write/manifest.ts'

/**
 * What someone who can write to the output folder does to its cache: rewrites every shard of a
 * space (by name) and the manifest's sha256 and size for it, so the writer finds nothing damaged.
 * Returns how many shards were rewritten.
 */
export function forgeCache(
  out: string,
  space: string,
  forge: (entries: Record<string, unknown>) => void,
): number {
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as Manifest
  let count = 0
  for (const entry of manifest.files) {
    if (!entry.path.startsWith(`${CACHE_FOLDER}/${space}-`)) continue
    const entries = JSON.parse(readFileSync(join(out, entry.path), 'utf8')) as Record<
      string,
      unknown
    >
    forge(entries)
    const text = `${JSON.stringify(entries)}\n`
    writeFileSync(join(out, entry.path), text)
    entry.sha256 = sha256(text)
    entry.bytes = Buffer.byteLength(text)
    count++
  }
  writeFileSync(join(out, MANIFEST_FILE), manifestText(manifest))
  return count
}

/** Every entry of a space (by name) that the export in `out` lists in its manifest. */
export function cacheEntries(out: string, space: string): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as Manifest
  const entries: Record<string, unknown> = {}
  for (const {path} of manifest.files)
    if (path.startsWith(`${CACHE_FOLDER}/${space}-`))
      Object.assign(entries, JSON.parse(readFileSync(join(out, path), 'utf8')))
  return entries
}

const isCache = (path: string) => path.startsWith(`${CACHE_FOLDER}/`)

/** The paths of a write that are the export's content (not its cache), sorted. */
export const contentOf = (paths: readonly string[] = []) =>
  paths.filter((path) => !isCache(path)).sort()

/** The cache spaces (by name) a write touched, sorted. */
export const cacheOf = (paths: readonly string[] = []) =>
  [
    ...new Set(
      paths
        .filter(isCache)
        .map((path) => (path.split('/')[1] as string).replace(/-[0-9a-f]{16}$/, '')),
    ),
  ].sort()
