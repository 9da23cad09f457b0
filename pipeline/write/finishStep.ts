import type {ExportContext} from '../exportContext.ts'
import type {GateResult} from '../gate/gateStage.ts'
import type {RunCaches} from '../incremental/runCaches.ts'
import type {ExportWriter, WriteResult} from './writeExport.ts'

/**
 * Leaves what the next run may trust (statement verdicts, closure hashes, validation results,
 * line facts) in the export's cache shards, records the rules, keyring and releases in the
 * manifest, then swaps the new export in.
 */
export async function finishStep(
  context: ExportContext,
  input: {writer: ExportWriter; caches: RunCaches; rules: string; gate?: GateResult},
): Promise<WriteResult> {
  context.stage('finishing')
  const {writer, gate} = input
  await input.caches.write(writer)
  const keyring = context.keyring
  return writer.finish({
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
    ...(gate ? {gate: {keyring: gate.cache.keyring, released: gate.cache.released}} : {}),
  })
}
