import {referencesOf} from '../references.ts'
import type {ContentIssue, SanityDoc} from '../types.ts'
import {compareIssues} from '../types.ts'
import {checkIntegrity} from './integrity.ts'
import {referenceTargets} from './referenceTargets.ts'
import type {ValidationThreads} from './validationThreads.ts'

export interface ValidationResult {
  issues: ContentIssue[]
  /** Documents with at least one error, directly or through a document they depend on. */
  blocked: Set<string>
  /** How many documents went through the Studio's rules, and how long that took. */
  studioRules: {documents: number; ms: number}
  /**
   * What the integrity checks and the Studio's rules found, by document, with what they found
   * on the unchanged documents when these last ran (which this run does not check again).
   */
  findings: Map<string, ContentIssue[]>
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

/** Types whose pages cannot be exported without the documents they reference (sources, reviewer). */
const HARD_DEPENDENCIES = new Set(['tumour'])

export interface ValidateOptions {
  /** The documents of the perspective (as the gate left them). */
  visible: readonly SanityDoc[]
  /** The whole dataset, drafts included, which the slug-uniqueness rule consults as the Studio does. */
  raw: readonly SanityDoc[]
  /** Documents that passed the Studio's rules before and have not changed since. */
  unchanged?: ReadonlySet<string>
  /** Helper threads for the Studio's rules (see validateParallel); none by default. */
  threads?: ValidationThreads | number
  /** What was found on the unchanged documents when they were last checked. */
  carried?: Readonly<Record<string, ContentIssue[]>>
}

/** Runs the Studio's own rules and the integrity checks over the documents of a perspective. */
export async function validateStage(options: ValidateOptions): Promise<ValidationResult> {
  const {visible, raw, threads} = options
  const unchanged = options.unchanged ?? new Set<string>()
  const carried = options.carried ?? {}
  const visibleById = new Map(visible.map((doc) => [doc._id, doc]))
  const changed = visible.filter((doc) => !unchanged.has(doc._id))
  const {integrity, studio, studioRules} = await checkChanged(
    changed,
    {visible, raw, threads},
    visibleById,
  )
  const coveredPaths = new Set(
    integrity
      .filter((i) => REPORTED_BY_INTEGRITY.has(i.code ?? ''))
      .map((i) => `${i.documentId}\u0000${i.path}`),
  )
  const findings = new Map<string, ContentIssue[]>()
  const add = (found: ContentIssue) => {
    const list = findings.get(found.documentId)
    if (list) list.push(found)
    else findings.set(found.documentId, [found])
  }
  for (const found of integrity) add(found)
  for (const found of studio)
    if (!coveredPaths.has(`${found.documentId}\u0000${found.path}`)) add(found)
  for (const id of unchanged)
    if (visibleById.has(id)) for (const found of carried[id] ?? []) add(found)
  const issues = [...findings.values()].flat().sort(compareIssues)

  const blocked = new Set(issues.filter((i) => i.level === 'error').map((i) => i.documentId))
  // Cascade until stable: a page that shows a blocked source or reviewer is blocked too.
  const dependents = visible
    .filter((doc) => HARD_DEPENDENCIES.has(doc._type))
    .map((doc) => ({id: doc._id, refs: [...referencesOf(doc).strong]}))
  for (let changed = true; changed; ) {
    changed = false
    for (const doc of dependents) {
      if (blocked.has(doc.id)) continue
      const dependency = doc.refs.find((id) => blocked.has(id))
      if (dependency) {
        blocked.add(doc.id)
        issues.push({
          documentId: doc.id,
          path: '',
          level: 'error',
          code: 'blocked-dependency',
          message: `Not exported because it shows ${dependency}, which has errors. Fix ${dependency} first.`,
        })
        changed = true
      }
    }
  }
  return {issues: issues.sort(compareIssues), blocked, studioRules, findings}
}

/**
 * The integrity checks and the Studio's rules over the changed documents. The Studio's packages
 * (a thousand modules, about a second to load) are imported only when something changed.
 */
async function checkChanged(
  changed: SanityDoc[],
  {visible, raw, threads}: Pick<ValidateOptions, 'visible' | 'raw' | 'threads'>,
  visibleById: ReadonlyMap<string, SanityDoc>,
) {
  const rules = changed.length > 0 ? await loadStudioRules() : undefined
  const types = [...new Set(visible.map((doc) => doc._type))]
  // An unchanged document's references resolve to the same documents (its fingerprint covers
  // them), so only slugs, which any other document may now share (or have given up), are
  // compared for all, even when nothing changed.
  const targets = rules ? referenceTargets(rules.getStudioSchema(), types) : new Map()
  const integrity = checkIntegrity(changed, visibleById, targets, visible)
  if (!rules) {
    if (typeof threads === 'object') await threads.close()
    return {integrity, studio: [], studioRules: {documents: 0, ms: 0}}
  }
  const started = performance.now()
  const exists = new Set(visibleById.keys())
  const studio = await rules.validateParallel(changed, {raw, exists, threads})
  const studioRules = {documents: changed.length, ms: Math.round(performance.now() - started)}
  return {integrity, studio, studioRules}
}

/** The Studio's schema compiler and rule runner, loaded on first need. */
async function loadStudioRules() {
  const [{getStudioSchema}, {validateParallel}] = await Promise.all([
    import('./studioSchema.ts'),
    import('./validateParallel.ts'),
  ])
  return {getStudioSchema, validateParallel}
}
