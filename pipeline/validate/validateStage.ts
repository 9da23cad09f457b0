import type {ContentIssue, SanityDoc} from '../types.ts'
import {compareIssues} from '../types.ts'
import {checkIntegrity} from './integrity.ts'
import {referenceTargets} from './referenceTargets.ts'
import {getStudioSchema} from './studioSchema.ts'
import {validateParallel} from './validateParallel.ts'

export interface ValidationResult {
  issues: ContentIssue[]
  /** Documents with at least one error, directly or through a document they depend on. */
  blocked: Set<string>
}

/** Studio markers that an integrity check reports better (with the missing id, or as a repair). */
const REPORTED_BY_INTEGRITY = new Set([
  'null-item',
  'wrong-reference-type',
  'missing-reference',
  'unsafe-link',
  'unsafe-slug',
  'duplicate-slug',
])

/** Pages cannot be exported without the sources and reviewer they show. */
const HARD_DEPENDENCIES: Record<string, (doc: SanityDoc) => string[]> = {
  tumour: (doc) => refsIn(doc),
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out)
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string' && record._weak !== true) out.push(record._ref)
    for (const child of Object.values(record)) if (typeof child === 'object') refsIn(child, out)
  }
  return out
}

/**
 * Runs the Studio's own rules and the integrity checks over the documents of a perspective.
 * `raw` is the whole dataset (drafts included), which the slug-uniqueness rule consults,
 * exactly as the Studio does.
 */
export async function validateStage(
  visible: SanityDoc[],
  raw: SanityDoc[],
  /** Documents that passed the Studio's rules before and have not changed since. */
  unchanged: ReadonlySet<string> = new Set(),
  workers?: number,
): Promise<ValidationResult> {
  const visibleById = new Map(visible.map((doc) => [doc._id, doc]))
  const types = [...new Set(visible.map((doc) => doc._type))]
  const integrity = checkIntegrity(visible, visibleById, referenceTargets(getStudioSchema(), types))
  const coveredPaths = new Set(
    integrity
      .filter((i) => REPORTED_BY_INTEGRITY.has(i.code ?? ''))
      .map((i) => `${i.documentId}\u0000${i.path}`),
  )
  const studio = await validateParallel(
    visible.filter((doc) => !unchanged.has(doc._id)),
    {raw, exists: new Set(visibleById.keys()), workers},
  )
  const issues = [
    ...integrity,
    ...studio.filter((i) => !coveredPaths.has(`${i.documentId}\u0000${i.path}`)),
  ].sort(compareIssues)

  const blocked = new Set(issues.filter((i) => i.level === 'error').map((i) => i.documentId))
  // Cascade until stable: a page that shows a blocked source or reviewer is blocked too.
  for (let changed = true; changed; ) {
    changed = false
    for (const doc of visible) {
      if (blocked.has(doc._id)) continue
      const dependency = HARD_DEPENDENCIES[doc._type]?.(doc).find((id) => blocked.has(id))
      if (dependency) {
        blocked.add(doc._id)
        issues.push({
          documentId: doc._id,
          path: '',
          level: 'error',
          code: 'blocked-dependency',
          message: `Not exported because it shows ${dependency}, which has errors. Fix ${dependency} first.`,
        })
        changed = true
      }
    }
  }
  return {issues: issues.sort(compareIssues), blocked}
}
