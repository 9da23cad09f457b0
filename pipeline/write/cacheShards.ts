import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {sha256} from '../hash.ts'
import {isRecord} from '../types.ts'
import type {ManifestEntry} from './manifest.ts'
import type {OutputFile} from './writeExport.ts'

/** The export's folder of what the next run may reuse; listed in the manifest like any file. */
export const CACHE_FOLDER = '.cache'

/** Entries a shard aims at: one edit then rewrites a few small shards, not the whole cache. */
const SHARD_ENTRIES = 512

/** Keys are sha256 (hex) of what the entry is a pure function of, so equal keys mean equal values. */
const KEY = /^[0-9a-f]{64}$/

/** One kind of remembered result, such as statement verdicts. */
export interface CacheSpace<V> {
  /** What the entries are (the folder's name). */
  name: string
  /** What they hold under (keyring, rules): entries kept under another qualifier are not read. */
  qualifier: string
  /** The cache is read from the output folder, so an entry of another shape is ignored. */
  isValue: (value: unknown) => value is V
}

/** Remembered values by key. */
export interface CacheLookup<V> {
  get(key: string): V | undefined
}

/** A space's entries as the last export left them. */
export interface RememberedSpace<V> extends CacheLookup<V> {
  /** Each shard's path and how many entries it holds; undefined: it held something unusable. */
  readonly shards: ReadonlyMap<string, number | undefined>
}

export const emptySpace = <V>(): RememberedSpace<V> => ({get: () => undefined, shards: new Map()})

export const spaceFolder = (space: CacheSpace<unknown>): string =>
  `${CACHE_FOLDER}/${space.name}-${sha256(space.qualifier).slice(0, 16)}`

/** The shard a key lives in, when a space holds `count` entries: `all`, or a prefix of the key. */
function shardName(key: string, count: number): string {
  let width = 0
  while (width < 4 && count > SHARD_ENTRIES * 16 ** width) width++
  return width === 0 ? 'all' : key.slice(0, width)
}

/**
 * Reads a space's shards among the last export's files (those it found intact). A shard that is
 * unreadable, or holds a key outside its prefix or a value of another shape, gives only its
 * usable entries and is written again.
 */
export function readSpace<V>(
  outDir: string,
  files: readonly ManifestEntry[],
  space: CacheSpace<V>,
): RememberedSpace<V> {
  const folder = `${spaceFolder(space)}/`
  const entries = new Map<string, V>()
  const shards = new Map<string, number | undefined>()
  for (const {path} of files) {
    if (!path.startsWith(folder) || !path.endsWith('.json')) continue
    const prefix = path.slice(folder.length, -'.json'.length)
    const usable = readShard(join(outDir, path), prefix === 'all' ? '' : prefix, space, entries)
    shards.set(path, usable)
  }
  return {get: (key) => entries.get(key), shards}
}

function readShard<V>(
  file: string,
  prefix: string,
  space: CacheSpace<V>,
  into: Map<string, V>,
): number | undefined {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  if (!isRecord(value)) return undefined
  let count = 0
  let clean = true
  for (const [key, entry] of Object.entries(value)) {
    if (KEY.test(key) && key.startsWith(prefix) && space.isValue(entry)) {
      into.set(key, entry)
      count++
    } else clean = false
  }
  return clean ? count : undefined
}

/** What the export does with a space's shards: keep the last export's, or write new ones. */
export interface ShardPlan {
  keep: string[]
  write: OutputFile[]
}

/**
 * This run's entries of a space as shards. A shard that holds exactly the same keys as the
 * last export's is kept (equal keys mean equal values), so a run that changed one document
 * writes the few shards its keys fall in.
 */
export function planShards<V>(
  space: CacheSpace<V>,
  live: ReadonlyMap<string, V>,
  remembered: RememberedSpace<V>,
): ShardPlan {
  const folder = spaceFolder(space)
  const byShard = new Map<string, string[]>()
  for (const key of live.keys()) {
    const path = `${folder}/${shardName(key, live.size)}.json`
    const keys = byShard.get(path)
    if (keys) keys.push(key)
    else byShard.set(path, [key])
  }
  const plan: ShardPlan = {keep: [], write: []}
  for (const [path, keys] of byShard) {
    const held = remembered.shards.get(path)
    if (held === keys.length && keys.every((key) => remembered.get(key) !== undefined)) {
      plan.keep.push(path)
      continue
    }
    const shard: Record<string, V> = {}
    for (const key of keys.sort()) shard[key] = live.get(key) as V
    plan.write.push({path, content: `${JSON.stringify(shard)}\n`})
  }
  return plan
}
