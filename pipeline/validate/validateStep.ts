import type {ExportContext} from '../exportContext.ts'
import {documentFingerprints, type Fingerprints} from '../incremental/fingerprints.ts'
import type {SourceDigests} from '../load/loadDataset.ts'
import type {SanityDoc} from '../types.ts'
import type {Manifest} from '../write/manifest.ts'
import {validationRulesVersion} from './rulesVersion.ts'
import {type ValidationResult, validateStage} from './validateStage.ts'
import type {ValidationThreads} from './validationThreads.ts'

export interface ValidateStepResult {
  validation: ValidationResult
  fingerprints: Fingerprints
  /** The validation rules' fingerprint, for the manifest. */
  rules: string
}

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
    /** The last run's manifest, when it was made from the same perspective. */
    previous?: Manifest
    threads?: ValidationThreads | number
  },
): Promise<ValidateStepResult> {
  context.stage('validating')
  const rules = validationRulesVersion()
  // --repair distrusts the output folder, and the last run's verdicts live there.
  const trusted = !context.options.repair && input.previous?.rules === rules
  const verdicts = trusted ? input.previous : undefined
  const fingerprints = documentFingerprints(input.documents, input.digests)
  const lastValidated = verdicts?.validated ?? {}
  const unchanged = new Set(
    input.documents
      .filter((d) => lastValidated[d._id] === fingerprints.withReferences.get(d._id))
      .map((d) => d._id),
  )
  const validation = await validateStage({
    visible: input.documents,
    raw: input.raw,
    unchanged,
    threads: input.threads,
    carried: verdicts?.findings,
  })
  const {report} = context
  report.revalidated = validation.studioRules.documents
  report.studioRulesMs = validation.studioRules.ms
  report.issues.push(...validation.issues)
  return {validation, fingerprints, rules}
}
