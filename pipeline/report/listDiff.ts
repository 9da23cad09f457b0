/** Items that came and went between two lists of labels (sources, kits, codes …). */
export interface ListChange {
  added: string[]
  removed: string[]
}

export function diffLists(before: readonly string[], after: readonly string[]): ListChange {
  const old = new Set(before)
  const now = new Set(after)
  return {
    added: [...now].filter((item) => !old.has(item)),
    removed: [...old].filter((item) => !now.has(item)),
  }
}

export const listChanged = (change: ListChange) =>
  change.added.length > 0 || change.removed.length > 0
