import {execFile, execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'
import {acquireExportLock, LOCK_STEPS} from '../../pipeline/write/exportLock.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {killHard, startLineChild} from '../support/childLines.ts'
import {exportDocs, runCli, tempDir, writeDataset} from '../support/exportHarness.ts'

const LOCK_CHILD = 'test/write/children/lockAt.ts'
const lockFile = (out: string) => join(out, '..', '.out.export-lock')

/** Takes the lock of `out` in this process and tells how long that took and what it found. */
async function takeLock(out: string) {
  const started = Date.now()
  let stale: number | undefined
  const release = await acquireExportLock(out, {
    waitMs: 5000,
    onStale: (pid) => {
      stale = pid
    },
  })
  await release()
  return {ms: Date.now() - started, stale}
}

describe('the export lock', () => {
  it('is free at once after its holder is killed at any step of taking it', async () => {
    const kills: string[] = []
    for (const earlier of [false, true]) {
      const out = join(tempDir('lock-'), 'out')
      mkdirSync(out)
      for (const step of LOCK_STEPS) {
        // An empty lock file: what a process killed before it wrote its record leaves.
        if (earlier) writeFileSync(lockFile(out), '')
        const holder = startLineChild('node', [LOCK_CHILD, out, step])
        await holder.waitFor((line) => line.at === step)
        await killHard(holder)
        const next = await takeLock(out)
        // Only a holder killed after it wrote its record is reported as such.
        expect(next.stale).toBe(step === 'recorded' ? holder.process.pid : undefined)
        expect(next.ms).toBeLessThan(2000)
        kills.push(`${earlier ? 'empty' : 'no'} lock file before: ${step}`)
      }
    }
    expect(kills).toHaveLength(2 * LOCK_STEPS.length)
  }, 120_000)

  it('is free after a process killed while waiting for it, once the holder is gone', async () => {
    const out = join(tempDir('lock-'), 'out')
    const holder = startLineChild('node', [LOCK_CHILD, out, 'recorded'])
    await holder.waitFor((line) => line.at === 'recorded')
    const waiter = startLineChild('node', [LOCK_CHILD, out, 'none', '30000'])
    await new Promise((resolve) => setTimeout(resolve, 500))
    await killHard(waiter)
    await killHard(holder)
    expect((await takeLock(out)).stale).toBe(holder.process.pid)
  })

  it('makes a second export wait, then fail with exit 2 naming the holder', async () => {
    const out = join(tempDir('lock-'), 'out')
    const holder = startLineChild('node', [LOCK_CHILD, out, 'recorded'])
    try {
      const {pid} = await holder.waitFor((line) => line.at === 'recorded')
      const source = writeDataset(validDataset())
      const args = ['--source', source, '--out', out, '--no-require-approval', '--lock-wait', '1']
      const result = await runCli('scripts/export.ts', args)
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(
        new RegExp(
          `error: Another export \\(pid ${pid} on .+\\) is writing to .*out; gave up after waiting 1 s`,
        ),
      )
    } finally {
      await killHard(holder)
    }
  }, 60_000)

  it('reports a lock taken over from a killed export, and removes the lock file', async () => {
    const out = join(tempDir('lock-'), 'out')
    const holder = startLineChild('node', [LOCK_CHILD, out, 'recorded'])
    await holder.waitFor((line) => line.at === 'recorded')
    await killHard(holder)
    const report = await exportDocs(validDataset(), out)
    expect(report.notes).toEqual([
      `Took over the lock left by a killed export (pid ${holder.process.pid}).`,
    ])
    expect(existsSync(lockFile(out))).toBe(false)
  })

  it('is held by one process at a time although each holder removes the file it locked', async () => {
    const out = join(tempDir('lock-'), 'out')
    const first = await acquireExportLock(out)
    // The second waits on the file the first removes when it lets go; it must not keep that
    // one, or a third would make a new file and hold a lock of its own at the same time.
    const second = acquireExportLock(out, {pollMs: 5})
    await new Promise((resolve) => setTimeout(resolve, 50))
    await first()
    const releaseSecond = await second
    expect(JSON.parse(readFileSync(lockFile(out), 'utf8')).pid).toBe(process.pid)
    await expect(acquireExportLock(out, {waitMs: 300})).rejects.toThrow(/Another export/)
    await releaseSecond()
    await (await acquireExportLock(out, {waitMs: 300}))()
  })

  it('refuses a lock file that is a symbolic link, and leaves its target alone', async () => {
    const parent = tempDir('lock-')
    const target = join(parent, 'precious.txt')
    execFileSync('sh', ['-c', `printf keep > ${target}`])
    symlinkSync(target, join(parent, '.out.export-lock'))
    await expect(acquireExportLock(join(parent, 'out'))).rejects.toThrow(
      /lock file .*\.out\.export-lock is a symbolic link/,
    )
    expect(readFileSync(target, 'utf8')).toBe('keep')
  })
})

function unshareWorks(): boolean {
  try {
    const pid = execFileSync('unshare', ['-pf', '--mount-proc', 'sh', '-c', 'echo $$'])
    return pid.toString().trim() === '1'
  } catch {
    return false
  }
}

/** Runs a command to its end; resolves with its exit code and output instead of throwing. */
async function run(command: string, args: string[]) {
  try {
    const {stdout, stderr} = await promisify(execFile)(command, args, {maxBuffer: 64 << 20})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const e = error as {code?: number; stdout?: string; stderr?: string}
    return {code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? ''}
  }
}

/** Runs `args` as pid 1 of a new pid namespace; killing it kills everything in there. */
const asPid1 = (args: string[]) => ['-pf', '--mount-proc', '--kill-child', ...args]

describe.runIf(unshareWorks())(
  'a pid used again in a new pid namespace (a restarted container)',
  () => {
    it('an export killed as pid 1 does not block the next export, which is pid 1 again', async () => {
      const parent = tempDir('pidns-')
      const out = join(parent, 'out')
      const source = writeDataset(validDataset())
      const args = ['node', 'scripts/export.ts', '--source', source, '--out', out]
      const first = startLineChild('unshare', asPid1([...args, '--no-require-approval']))
      // It holds the lock once it writes: killed then, it leaves a lock that names pid 1.
      const started = Date.now()
      while (!readdirSync(parent).some((n) => n.startsWith('.out.staging'))) {
        if (Date.now() - started > 60_000) throw new Error(`no staging folder: ${first.stderr()}`)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      await killHard(first)
      const second = await run('unshare', asPid1([...args, '--no-require-approval']))
      expect(second.code, second.stderr).toBe(0)
      expect(second.stdout).toMatch(
        /note: (Took over the lock left by a killed export \(pid 1\)|The last export into .* was interrupted)/,
      )
    }, 180_000)

    it('a live holder that is pid 1 in one namespace makes pid 1 elsewhere, and the host, wait', async () => {
      const out = join(tempDir('pidns-'), 'out')
      const holder = startLineChild('unshare', asPid1(['node', LOCK_CHILD, out, 'recorded']))
      const held = await holder.waitFor((line) => line.at === 'recorded')
      expect(held.pid).toBe(1)
      try {
        const waitOnce = ['node', LOCK_CHILD, out, 'none', '800']
        for (const [command, ...args] of [['unshare', ...asPid1(waitOnce)], waitOnce]) {
          const child = startLineChild(command as string, args)
          const line = await child.waitFor((l) => 'error' in l || 'acquired' in l)
          expect(line.error).toMatch(/Another export \(pid 1 on .+\) is writing to/)
          expect(await child.exited).toBe(2)
        }
      } finally {
        await killHard(holder)
      }
      // Once it is gone, pid 1 of a new namespace takes the lock at once and names the dead pid 1.
      const next = startLineChild('unshare', asPid1(['node', LOCK_CHILD, out, 'none', '2000']))
      const line = await next.waitFor((l) => 'acquired' in l || 'error' in l)
      expect(line).toEqual({acquired: true, pid: 1, stale: 1})
    }, 120_000)
  },
)
