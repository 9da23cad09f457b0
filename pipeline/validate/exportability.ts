import type {ExportContext} from '../exportContext.ts'
import {listedTumours} from '../references.ts'
import {isPageType, type SanityDoc} from '../types.ts'
import type {ValidationResult} from './validateStage.ts'

export interface Selection {
  tumours: SanityDoc[]
  kits: SanityDoc[]
  exportedTumourIds: Set<string>
  exportedKitIds: Set<string>
}

/**
 * Which pages this export writes: those the gate released and validation did not block. Each
 * page left out is listed in the report with its reason, and a kit that lists a tumour left out
 * says so, since its page will not show it.
 */
export function selectPages(
  context: ExportContext,
  input: {
    documents: readonly SanityDoc[]
    heldBack: ReadonlySet<string>
    validation: ValidationResult
  },
): Selection {
  const {report} = context
  const {heldBack, validation} = input
  const exportable = (doc: SanityDoc) =>
    isPageType(doc._type) && !validation.blocked.has(doc._id) && !heldBack.has(doc._id)
  for (const doc of input.documents) {
    if (!isPageType(doc._type)) continue
    if (heldBack.has(doc._id))
      report.skipped.push({documentId: doc._id, reason: 'no medical approval'})
    else if (validation.blocked.has(doc._id))
      report.skipped.push({documentId: doc._id, reason: blockReason(doc, validation)})
  }
  const tumours = input.documents.filter((d) => d._type === 'tumour' && exportable(d))
  const kits = input.documents.filter((d) => d._type === 'kitProduct' && exportable(d))
  const selection = {
    tumours,
    kits,
    exportedTumourIds: new Set(tumours.map((t) => t._id)),
    exportedKitIds: new Set(kits.map((k) => k._id)),
  }
  for (const kit of kits)
    for (const id of listedTumours(kit).filter((t) => !selection.exportedTumourIds.has(t)))
      report.issues.push({
        documentId: kit._id,
        path: 'availableFor',
        level: 'warning',
        code: 'dropped-reference',
        message: `Lists ${id}, which is not exported (see its own issues), so the kit page leaves it out.`,
      })
  return selection
}

function blockReason(doc: SanityDoc, validation: ValidationResult): string {
  const first = validation.issues.find((i) => i.documentId === doc._id && i.level === 'error')
  return first ? `${first.path || '(document)'}: ${first.message}` : 'has errors'
}
