import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {type ExportOptions, runExport} from '../../pipeline/exportDataset.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {listFiles} from '../../pipeline/write/writeExport.ts'

export const tempDir = (prefix = 'export-test-') => mkdtempSync(join(tmpdir(), prefix))

/** Writes documents as a Sanity NDJSON export, adding the system fields an export carries. */
export function writeDataset(documents: SanityDoc[], dir = tempDir('dataset-')): string {
  mkdirSync(dir, {recursive: true})
  const path = join(dir, 'data.ndjson')
  const lines = documents.map((doc) =>
    JSON.stringify({
      _rev: `rev-${doc._id}`,
      _createdAt: '2026-01-01T00:00:00Z',
      _updatedAt: '2026-02-01T00:00:00Z',
      ...doc,
    }),
  )
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

/** Exports documents through a dataset file next to `outDir`, so reruns see the same source path. */
export function exportDocs(
  documents: SanityDoc[],
  outDir: string,
  options: Partial<ExportOptions> = {},
) {
  return runExport({
    source: {kind: 'ndjson', path: writeDataset(documents, `${outDir}.dataset`)},
    outDir,
    perspective: 'published',
    strict: false,
    // The approval gate has its own tests (test/export/approvals.test.ts).
    requireApproval: false,
    ...options,
  })
}

/** Every file of an export folder with its bytes, for byte-for-byte comparisons. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const path of await listFiles(dir)) out[path] = readFileSync(join(dir, path), 'utf8')
  return out
}

const run = promisify(execFile)

/** Runs the real CLI with the project's Node; resolves with the exit code instead of throwing. */
export async function runCli(script: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const {stdout, stderr} = await run('node', [script, ...args], {
      env: {...process.env, ...env},
      maxBuffer: 64 << 20,
    })
    return {code: 0, stdout, stderr}
  } catch (error) {
    const e = error as {code?: number; stdout?: string; stderr?: string}
    return {code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? ''}
  }
}
