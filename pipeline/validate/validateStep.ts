import type {ExportContext} from '../exportContext.ts'
import {documentFingerprints, type Fingerprints} from '../incremental/fingerprints.ts'
import type {RunCaches} from '../incremental/runCaches.ts'
import type {SourceDigests} from '../load/loadDataset.ts'
import {type ContentIssue, compareIssues, isRecord, type SanityDoc} from '../types.ts'
import type {CacheSpace} from '../write/cacheShards.ts'
import {validationRulesVersion} from './rulesVersion.ts'
import {type ValidationResult, validateStage} from './validateStage.ts'
import type {ValidationThreads} from './validationThreads.ts'

export interface ValidateStepResult {
  validation: ValidationResult
  fingerprints: Fingerprints
  /** The validation rules' fingerprint, for the manifest. */
  rules: string
}

const isFinding = (value: unknown): boolean =>
  isRecord(value) &&
  typeof value.documentId === 'string' &&
  typeof value.path === 'string' &&
  (value.level === 'warning' || value.level === 'info') &&
  typeof value.message === 'string' &&
  (value.code === undefined || typeof value.code === 'string')

/**
 * Validation results in the export's cache: what a document that passed was found to have below
 * error level, by its fingerprint (which covers what it references), under the same rules and
 * perspective. A run that does not check it again reports them again from here.
 */
export const validatedSpace = (rules: string, perspective: string): CacheSpace<ContentIssue[]> => ({
  name: 'validated',
  qualifier: `${rules}\n${perspective}`,
  isValue: (value): value is ContentIssue[] => Array.isArray(value) && value.every(isFinding),
})

/**
 * The Studio's rules and the integrity checks, skipping documents that passed under the same
 * rules last run and have not changed since (their fingerprint covers what they reference).
 */
export async function validateStep(
  context: ExportContext,
  input: {
    documents: readonly SanityDoc[]
    raw: readonly SanityDoc[]
    /** The NDJSON line digests of the loaded documents (loadDataset), for their fingerprints. */
    digests: SourceDigests
    caches: RunCaches
    threads?: ValidationThreads | number
  },
): Promise<ValidateStepResult> {
  context.stage('validating')
  const rules = validationRulesVersion()
  const space = validatedSpace(rules, context.options.perspective)
  const remembered = input.caches.read(space)
  const fingerprints = documentFingerprints(input.documents, input.digests)
  const unchanged = new Set<string>()
  const carried: Record<string, ContentIssue[]> = {}
  for (const doc of input.documents) {
    const found = remembered.get(fingerprints.withReferences.get(doc._id) as string)
    if (!found) continue
    unchanged.add(doc._id)
    if (found.length > 0) carried[doc._id] = found
  }
  const validation = await validateStage({
    visible: input.documents,
    raw: input.raw,
    unchanged,
    threads: input.threads,
    carried,
  })
  input.caches.leave(space, passed(input.documents, validation, fingerprints))
  const {report} = context
  report.revalidated = validation.studioRules.documents
  report.studioRulesMs = validation.studioRules.ms
  report.issues.push(...validation.issues)
  return {validation, fingerprints, rules}
}

/** What the documents that passed were found to have, by fingerprint, for the next run. */
function passed(
  documents: readonly SanityDoc[],
  validation: ValidationResult,
  fingerprints: Fingerprints,
): Map<string, ContentIssue[]> {
  const entries = new Map<string, ContentIssue[]>()
  for (const doc of documents) {
    if (validation.blocked.has(doc._id)) continue
    const found = [...(validation.findings.get(doc._id) ?? [])].sort(compareIssues)
    entries.set(fingerprints.withReferences.get(doc._id) as string, found)
  }
  return entries
}
