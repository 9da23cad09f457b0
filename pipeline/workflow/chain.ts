import type {ValidStatement} from './checkStatement.ts'
import {type Failure, failures} from './failures.ts'
import {statementIdOf} from './statement.ts'

/** One page's review history: valid statements from the first to the newest, each naming the one before. */
export interface Chain {
  documentId: string
  statements: ValidStatement[]
  /** Valid statements that are not on the history: broken links, forks, impossible times. */
  ignored: Failure[]
}

/** Newest by signing time; a statement signed in the same millisecond as its predecessor is deeper. */
const newer = (a: ValidStatement, b: ValidStatement, depth: Map<string, number>) => {
  if (a.payload.signedAt !== b.payload.signedAt) return a.payload.signedAt > b.payload.signedAt
  const [da, db] = [depth.get(a.hash) ?? 0, depth.get(b.hash) ?? 0]
  return da !== db ? da > db : a.hash > b.hash
}

/**
 * Links one page's valid statements by `previous`. A statement counts only if every statement
 * before it does; where the history forks, the branch holding the newest statement is the history.
 */
export function buildChain(documentId: string, statements: readonly ValidStatement[]): Chain {
  const byHash = new Map<string, ValidStatement>()
  for (const s of statements) if (!byHash.has(s.hash)) byHash.set(s.hash, s)
  const ignored: Failure[] = []
  const counts = new Map<string, boolean>()
  const depth = new Map<string, number>()
  const judge = (s: ValidStatement): boolean => {
    const previous = s.payload.previous
    if (previous === null) return true
    const before = byHash.get(previous)
    if (!before || !counts.get(before.hash)) {
      ignored.push(failures.chainBroken(s.id, before?.id ?? statementIdOf(previous)))
      return false
    }
    if (s.payload.signedAt < before.payload.signedAt) {
      ignored.push(failures.outOfOrder(s.id, before.id))
      return false
    }
    depth.set(s.hash, (depth.get(before.hash) ?? 0) + 1)
    return true
  }
  for (const start of byHash.values()) {
    // Iterative: a history in the dataset can be arbitrarily long.
    const path: ValidStatement[] = []
    const seen = new Set<ValidStatement>()
    for (let s: ValidStatement | undefined = start; s && !counts.has(s.hash); ) {
      if (seen.has(s)) break
      seen.add(s)
      path.push(s)
      s = s.payload.previous === null ? undefined : byHash.get(s.payload.previous)
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const s = path[i] as ValidStatement
      counts.set(s.hash, judge(s))
    }
  }
  return {documentId, statements: historyOf(byHash, counts, depth, ignored), ignored}
}

/** The path from the first statement to the newest one that counts; the rest are forks. */
function historyOf(
  byHash: Map<string, ValidStatement>,
  counts: Map<string, boolean>,
  depth: Map<string, number>,
  ignored: Failure[],
): ValidStatement[] {
  let head: ValidStatement | undefined
  for (const s of byHash.values())
    if (counts.get(s.hash) && (!head || newer(s, head, depth))) head = s
  const history: ValidStatement[] = []
  for (let s = head; s; s = s.payload.previous ? byHash.get(s.payload.previous) : undefined)
    history.push(s)
  history.reverse()
  const onHistory = new Set(history.map((s) => s.hash))
  for (const s of byHash.values())
    if (counts.get(s.hash) && !onHistory.has(s.hash))
      ignored.push(failures.fork(s.id, (head as ValidStatement).id))
  return history
}
