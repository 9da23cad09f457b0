import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {sha256} from '../../pipeline/hash.ts'
import {
  CACHE_FOLDER,
  type CacheSpace,
  emptySpace,
  planShards,
  type RememberedSpace,
  readSpace,
  type ShardPlan,
  spaceFolder,
} from '../../pipeline/write/cacheShards.ts'
import type {ManifestEntry} from '../../pipeline/write/manifest.ts'
import {tempDir} from '../support/exportHarness.ts'

const SPACE: CacheSpace<string> = {
  name: 'verdicts',
  qualifier: 'keyring-1',
  isValue: (value): value is string => typeof value === 'string',
}

const entries = (count: number, salt = '') =>
  new Map(Array.from({length: count}, (_, i) => [sha256(`${salt}${i}`), `value ${salt}${i}`]))

/** Writes what planShards asked for, as the export writer would, and lists it as a manifest does. */
function store(dir: string, plan: ShardPlan, kept: ManifestEntry[] = []): ManifestEntry[] {
  for (const file of plan.write) {
    mkdirSync(dirname(join(dir, file.path)), {recursive: true})
    writeFileSync(join(dir, file.path), file.content)
  }
  const written = plan.write.map((f) => ({path: f.path, sha256: '', bytes: 0}))
  return [...kept.filter((f) => plan.keep.includes(f.path)), ...written]
}

/** One run: plans the shards of `live` against the last run's, stores them and reads them back. */
function run(dir: string, live: Map<string, string>, files: ManifestEntry[] = []) {
  const remembered = readSpace(dir, files, SPACE)
  const plan = planShards(SPACE, live, remembered)
  const next = store(dir, plan, files)
  return {plan, files: next, read: readSpace(dir, next, SPACE)}
}

const allOf = (space: RememberedSpace<string>, keys: Iterable<string>) =>
  new Map([...keys].map((key) => [key, space.get(key)]))

describe('cache shards', () => {
  it('give back every entry, in one file for a small space and in shards by key prefix for a large one', () => {
    for (const [count, shards] of [
      [10, 1],
      [1000, 16],
      [10_000, 256],
    ] as const) {
      const dir = tempDir('shards-')
      const live = entries(count)
      const {plan, read} = run(dir, live)
      expect(plan.write).toHaveLength(shards)
      expect(allOf(read, live.keys())).toEqual(live)
      for (const file of plan.write)
        expect(file.path.startsWith(`${spaceFolder(SPACE)}/`)).toBe(true)
      if (count === 10) expect(plan.write[0]?.path).toBe(`${spaceFolder(SPACE)}/all.json`)
    }
  })

  it('keep every shard when the keys are the same, and rewrite only the shards a changed key leaves or enters', () => {
    const dir = tempDir('shards-')
    const live = entries(10_000)
    const first = run(dir, live)
    const same = run(dir, live, first.files)
    expect(same.plan.write).toEqual([])
    expect(same.plan.keep).toHaveLength(256)
    const [gone] = live.keys()
    const changed = new Map(live)
    changed.delete(gone as string)
    const added = sha256('a new line')
    changed.set(added, 'new')
    const next = run(dir, changed, same.files)
    const expected = new Set([(gone as string).slice(0, 2), added.slice(0, 2)])
    expect(next.plan.write.map((f) => f.path.slice(-7, -5)).sort()).toEqual([...expected].sort())
    expect(allOf(next.read, changed.keys())).toEqual(changed)
    expect(next.read.get(gone as string)).toBeUndefined()
  })

  it('write every shard again when the space grows into a wider prefix, and read no stale one', () => {
    const dir = tempDir('shards-')
    const small = run(dir, entries(500))
    const large = new Map([...entries(500), ...entries(500, 'more')])
    const grown = run(dir, large, small.files)
    expect(grown.plan.keep).toEqual([])
    expect(grown.files.some((f) => f.path.endsWith('/all.json'))).toBe(false)
    expect(allOf(grown.read, large.keys())).toEqual(large)
  })

  it('read nothing kept under another qualifier, nor a shard the manifest does not list', () => {
    const dir = tempDir('shards-')
    const live = entries(10)
    const {files} = run(dir, live)
    const other = readSpace(dir, files, {...SPACE, qualifier: 'keyring-2'})
    expect(other.get([...live.keys()][0] as string)).toBeUndefined()
    expect(readSpace(dir, [], SPACE).shards.size).toBe(0)
  })

  it('ignore what a damaged shard holds that does not fit, and write that shard again', () => {
    const dir = tempDir('shards-')
    const live = entries(10_000)
    const first = run(dir, live)
    const [a, b] = first.plan.write
    const aPath = join(dir, a?.path as string)
    const bPath = join(dir, b?.path as string)
    const aEntries = JSON.parse(a?.content as string) as Record<string, unknown>
    const [wrongValue, ...rest] = Object.keys(aEntries)
    // A value of another shape, and a key that belongs in another shard.
    aEntries[wrongValue as string] = 42
    aEntries[`ff${'0'.repeat(62)}`] = 'misplaced'
    writeFileSync(aPath, JSON.stringify(aEntries))
    writeFileSync(bPath, '{"truncated": ')
    const read = readSpace(dir, first.files, SPACE)
    expect(read.get(wrongValue as string)).toBeUndefined()
    expect(read.get(`ff${'0'.repeat(62)}`)).toBeUndefined()
    expect(read.get(rest[0] as string)).toBe(live.get(rest[0] as string))
    expect(read.shards.get(a?.path as string)).toBeUndefined()
    const again = planShards(SPACE, live, read)
    expect(again.write.map((f) => f.path).sort()).toEqual([a?.path, b?.path].sort())
  })

  it('are written under the export’s cache folder, and an empty space has no shard', () => {
    expect(spaceFolder(SPACE).startsWith(`${CACHE_FOLDER}/verdicts-`)).toBe(true)
    expect(planShards(SPACE, new Map(), emptySpace())).toEqual({keep: [], write: []})
  })
})
