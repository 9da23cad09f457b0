import type {ExportContext} from '../exportContext.ts'
import type {GateResult} from '../gate/gateStage.ts'
import type {QueryEngine} from '../query/queryEngine.ts'
import {listedTumours} from '../references.ts'
import type {SanityDoc} from '../types.ts'
import type {Selection} from '../validate/exportability.ts'
import type {Manifest, ManifestEntry} from '../write/manifest.ts'

export interface OnlyScope {
  /** The pages this run writes: the one named, and those that link a page no longer exported. */
  selected(doc: SanityDoc): boolean
  /** Files of the last run kept as they are: other pages that are still exported. */
  keeps(entry: ManifestEntry): boolean
}

/**
 * `--only TYPE:SLUG` writes one page and keeps the others as the last run wrote them, but never
 * keeps what is no longer exportable: a withdrawn page's files go, and a page that lists it
 * (a kit, or a tumour listing a kit) is written again without it.
 */
export function onlyScope(
  context: ExportContext,
  input: {selection: Selection; previous?: Manifest; engine: QueryEngine; gate?: GateResult},
): OnlyScope {
  const named = context.selected
  const {selection, engine, gate} = input
  const exported = (id: string) =>
    selection.exportedTumourIds.has(id) || selection.exportedKitIds.has(id)
  const namedNow = namedIds(selection, named)
  const before = new Set((input.previous?.files ?? []).flatMap((f) => f.documentId ?? []))
  const withdrawn = new Set([...before].filter((id) => !exported(id)))
  const shows = (doc: SanityDoc): readonly string[] => {
    if (doc._type === 'kitProduct') return listedTumours(doc)
    const closure = gate?.pages.get(doc._id)?.closure
    return closure ? Object.keys(closure.referencedBy) : engine.kitIdsOf(doc._id)
  }
  return {
    selected: (doc) => named(doc) || shows(doc).some((id) => withdrawn.has(id)),
    keeps: (entry) =>
      entry.documentId !== undefined &&
      exported(entry.documentId) &&
      !namedNow.has(entry.documentId),
  }
}

function namedIds(selection: Selection, named: (doc: SanityDoc) => boolean): Set<string> {
  return new Set([...selection.tumours, ...selection.kits].filter(named).map((d) => d._id))
}
