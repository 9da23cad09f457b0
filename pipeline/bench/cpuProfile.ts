import {readFileSync} from 'node:fs'
import {basename, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that self time needs. */
interface CpuProfile {
  nodes: {
    id: number
    callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number}
  }[]
  samples: number[]
  timeDeltas: number[]
}

export interface SelfTimeRow {
  name: string
  /** Where it lives: `file:line`, a package name, or a V8 pseudo-frame. */
  location: string
  selfMs: number
  share: number
}

function locate(url: string, line: number, root: string): string {
  if (!url) return '(native)'
  const path = url.startsWith('file:') ? fileURLToPath(url) : url
  const rel = relative(root, path)
  return `${rel.startsWith('..') ? path : rel}:${line + 1}`
}

/** The package (or project folder) a frame belongs to, for a coarser view of the same profile. */
function owner(url: string, root: string): string {
  if (!url) return '(V8 / native)'
  if (url.startsWith('node:')) return 'node: built-ins'
  const path = url.startsWith('file:') ? fileURLToPath(url) : url
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
  if (inModules) return inModules[1] as string
  const rel = relative(root, path).split('/')
  return rel.length > 1 ? `${rel[0]}/${rel[1]}` : (rel[0] ?? path)
}

export interface ThreadTime {
  profile: string
  busyMs: number
  idleMs: number
}

/**
 * Self time per function (and per package) over one or more CPU profiles: `node --cpu-prof`
 * writes one per thread, and worker threads do real work. A sample's time is the gap to the
 * next sample, as the DevTools bottom-up view counts it. `(idle)` is left out of the rows and
 * of the shares, which are fractions of the busy time of all threads together.
 */
export function selfTime(
  profilePaths: string[],
  root: string,
): {functions: SelfTimeRow[]; owners: SelfTimeRow[]; threads: ThreadTime[]; busyMs: number} {
  const byFunction = new Map<string, SelfTimeRow>()
  const byOwner = new Map<string, SelfTimeRow>()
  const threads: ThreadTime[] = []
  for (const path of profilePaths) {
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
    const thread = {profile: basename(path), busyMs: 0, idleMs: 0}
    threads.push(thread)
    for (let i = 0; i < profile.samples.length; i++) {
      const frame = frames.get(profile.samples[i] as number)
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000
      if (!frame) continue
      const name = frame.functionName || '(anonymous)'
      if (name === '(idle)') {
        thread.idleMs += ms
        continue
      }
      thread.busyMs += ms
      const location = frame.url ? locate(frame.url, frame.lineNumber, root) : name
      const key = `${name}\u0000${location}`
      const row = byFunction.get(key) ?? {name, location, selfMs: 0, share: 0}
      row.selfMs += ms
      byFunction.set(key, row)
      const who = frame.url ? owner(frame.url, root) : name.startsWith('(') ? name : '(V8 / native)'
      const ownerRow = byOwner.get(who) ?? {name: who, location: '', selfMs: 0, share: 0}
      ownerRow.selfMs += ms
      byOwner.set(who, ownerRow)
    }
  }
  const busyMs = threads.reduce((sum, t) => sum + t.busyMs, 0)
  const finish = (rows: Iterable<SelfTimeRow>) =>
    [...rows]
      .map((row) => ({...row, share: busyMs > 0 ? row.selfMs / busyMs : 0}))
      .sort((a, b) => b.selfMs - a.selfMs)
  return {functions: finish(byFunction.values()), owners: finish(byOwner.values()), threads, busyMs}
}
