import {spawnSync} from 'node:child_process'
import {join, resolve} from 'node:path'
import {type ChildMeasurement, lastJsonLine, measureChild} from './measureChild.ts'
import type {StageResult} from './stageResult.ts'

/** The repository root: every stage runs with it as its working folder. */
export const ROOT = resolve(import.meta.dirname, '../..')

/** A path below the repository root. */
export const script = (path: string) => join(ROOT, path)

/** The error for a stage that exited badly, with the end of its stderr. */
export function failed(what: string, m: ChildMeasurement): Error {
  return new Error(`${what} exited with code ${m.code}:\n${m.stderr.slice(-4000)}`)
}

/**
 * Flushes the files earlier stages wrote (`sync`), so that no stage pays for the write-back of
 * another's output.
 */
export function settleDisk(): void {
  spawnSync('sync', {stdio: 'ignore'})
}

/** Runs one bench stage script in a child process; its measurement and its StageResult line. */
export async function runStage(what: string, args: string[], scratchDir: string) {
  settleDisk()
  const m = await measureChild(args, {scratchDir, cwd: ROOT})
  if (m.code !== 0) throw failed(what, m)
  return {m, result: lastJsonLine<StageResult>(m.stdout)}
}
