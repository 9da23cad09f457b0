import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {isIncrementalRun} from '../../scripts/export.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {runCli, tempDir, writeDataset} from '../support/exportHarness.ts'

/**
 * The threads of one CLI run that ran the pipeline's code, main thread 0: a CPU profile is
 * written per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile).
 */
async function pipelineThreads(args: string[]): Promise<{code: number; threads: number[]}> {
  const dir = tempDir('launcher-prof-')
  const run = await runCli('scripts/export.ts', args, {
    NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`,
  })
  const threads = readdirSync(dir).flatMap((file) => {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      nodes: {callFrame: {url: string}}[]
    }
    const ran = profile.nodes.some((n) => n.callFrame.url.includes('/pipeline/'))
    return ran ? [Number(file.split('.')[4])] : []
  })
  return {code: run.code, threads}
}

describe('the export launcher', () => {
  it('runs in a worker only an export into a folder holding an earlier one', () => {
    const earlier = tempDir()
    writeFileSync(join(earlier, 'manifest.json'), '{}')
    const empty = tempDir()
    mkdirSync(join(empty, 'json'))
    expect(isIncrementalRun(['--out', earlier])).toBe(true)
    expect(isIncrementalRun([`--out=${earlier}`, '--strict'])).toBe(true)
    expect(isIncrementalRun(['--out', empty])).toBe(false)
    expect(isIncrementalRun(['--out', join(empty, 'new')])).toBe(false)
    // These export into a new folder, trust nothing of the last run, or export nothing.
    for (const flag of ['--check', '--repair', '--verify', '--help'])
      expect(isIncrementalRun(['--out', earlier, flag])).toBe(false)
    expect(isIncrementalRun(['--out', earlier, `--verify=${earlier}`])).toBe(false)
  })

  it('runs a cold export on the main thread and an incremental one in a worker', async () => {
    const out = tempDir()
    const args = ['--source', writeDataset(validDataset()), '--out', out, '--no-require-approval']
    const cold = await pipelineThreads(args)
    expect(cold).toMatchObject({code: 0})
    expect(cold.threads).toContain(0)
    const incremental = await pipelineThreads(args)
    expect(incremental.code).toBe(0)
    expect(incremental.threads.length).toBeGreaterThan(0)
    expect(incremental.threads).not.toContain(0)
    // --repair trusts nothing of the last run: it runs as a cold export does.
    expect((await pipelineThreads([...args, '--repair'])).threads).toContain(0)
  })

  it('gives the same report, exit code and files in a worker as on the main thread', async () => {
    const out = tempDir()
    const source = writeDataset(validDataset())
    const args = ['--source', source, '--out', out, '--no-require-approval']
    const cold = await runCli('scripts/export.ts', [...args, '--report', 'json'])
    expect(cold.code).toBe(0)
    const noop = await runCli('scripts/export.ts', [...args, '--report', 'json'])
    expect(noop.code).toBe(0)
    const first = JSON.parse(cold.stdout)
    const again = JSON.parse(noop.stdout)
    expect(again.issues).toEqual(first.issues)
    expect(again.files.written).toEqual([])
    // A content error in an incremental run: exit 1, and the report names it.
    const nameless = ({name: _, ...doc}: SanityDoc) => doc as SanityDoc
    const broken = validDataset().map((d) => (d._id === 'tumour-leiomyosarcoma' ? nameless(d) : d))
    writeDataset(broken, dirname(source))
    const failed = await runCli('scripts/export.ts', args)
    expect(failed.code).toBe(1)
    expect(failed.stdout).toContain('tumour-leiomyosarcoma › name: Enter the tumour name.')
    expect(failed.stdout).toContain('Export of')
    // With --report json the issues go to stderr, the report to stdout, as on the main thread.
    const json = await runCli('scripts/export.ts', [...args, '--report', 'json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout).skipped).toContainEqual(
      expect.objectContaining({documentId: 'tumour-leiomyosarcoma'}),
    )
    expect(json.stderr).toContain('tumour-leiomyosarcoma › name: Enter the tumour name.')
  })
})
