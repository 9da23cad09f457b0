import type {ExportContext} from '../exportContext.ts'
import type {GateResult} from '../gate/gateStage.ts'
import type {Fingerprints} from '../incremental/fingerprints.ts'
import {factsMemory, type LineFactsCache} from '../load/lineFacts.ts'
import {type ContentIssue, compareIssues, type SanityDoc} from '../types.ts'
import type {ValidationResult} from '../validate/validateStage.ts'
import type {ExportWriter, WriteResult} from './writeExport.ts'

/**
 * Records what the next run may trust (documents that passed validation, their warnings, the
 * gate's verdicts) in the manifest, then swaps the new export in.
 */
export async function finishStep(
  context: ExportContext,
  input: {
    writer: ExportWriter
    documents: readonly SanityDoc[]
    validation: ValidationResult
    fingerprints: Fingerprints
    rules: string
    gate?: GateResult
    /** The loaded pages' line facts, for the next run. */
    lines: LineFactsCache
  },
): Promise<WriteResult> {
  context.stage('finishing')
  const {validation, fingerprints} = input
  const validated: Record<string, string> = {}
  const findings: Record<string, ContentIssue[]> = {}
  for (const doc of [...input.documents].sort((a, b) => (a._id < b._id ? -1 : 1))) {
    if (validation.blocked.has(doc._id)) continue
    validated[doc._id] = fingerprints.withReferences.get(doc._id) as string
    const found = validation.findings.get(doc._id)
    if (found) findings[doc._id] = found.sort(compareIssues)
  }
  const keyring = context.keyring
  return input.writer.finish({
    validated,
    findings,
    rules: input.rules,
    ...(keyring
      ? {
          keyring: {
            path: keyring.path,
            purpose: keyring.keyring.purpose,
            fingerprint: keyring.fingerprint,
          },
        }
      : {}),
    ...(input.gate ? {gate: input.gate.cache} : {}),
    lines: factsMemory(input.lines),
  })
}
