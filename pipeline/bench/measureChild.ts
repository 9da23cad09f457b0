import {spawn} from 'node:child_process'
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

export interface ChildMeasurement {
  /** Wall time of the whole child process, start-up included. */
  wallMs: number
  /** Peak resident set size of the child, in MiB. */
  peakRssMb: number
  /** Which tool measured the peak RSS. */
  rssFrom: 'time' | 'resourceUsage'
  code: number
  stdout: string
  stderr: string
}

const GNU_TIME = '/usr/bin/time'
let runs = 0
const RSS_PRELOAD = pathToFileURL(join(import.meta.dirname, 'reportPeakRss.ts')).href

/**
 * Runs `node <args>` with the current Node binary in a child process, so that its peak RSS is
 * its own. Peak RSS comes from GNU time (`%M`) when it is installed, otherwise from the child's
 * `process.resourceUsage().maxRSS`, written by a preloaded module.
 */
export async function measureChild(
  args: string[],
  {
    scratchDir,
    cwd,
    useTime = existsSync(GNU_TIME),
  }: {scratchDir: string; cwd?: string; useTime?: boolean},
): Promise<ChildMeasurement> {
  const rssFile = join(scratchDir, `rss-${process.pid}-${++runs}.txt`)
  const command = useTime ? GNU_TIME : process.execPath
  const commandArgs = useTime
    ? ['-f', '%e %M', '-o', rssFile, process.execPath, ...args]
    : ['--import', RSS_PRELOAD, ...args]
  const env = useTime ? process.env : {...process.env, BENCH_RSS_FILE: rssFile}

  const started = performance.now()
  const {code, stdout, stderr} = await new Promise<{code: number; stdout: string; stderr: string}>(
    (resolve, reject) => {
      const child = spawn(command, commandArgs, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
      child.on('error', reject)
      child.on('close', (exitCode) =>
        resolve({
          code: exitCode ?? -1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      )
    },
  )
  const wallMs = performance.now() - started

  let peakKb = Number.NaN
  if (existsSync(rssFile)) {
    // GNU time may write "Command exited with non-zero status 1" first; the numbers come last.
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? ''
    peakKb = Number(useTime ? last.split(' ')[1] : last)
    rmSync(rssFile, {force: true})
  }
  return {
    wallMs,
    peakRssMb: peakKb / 1024,
    rssFrom: useTime ? 'time' : 'resourceUsage',
    code,
    stdout,
    stderr,
  }
}

/** The last non-empty line of a child's stdout, parsed as JSON. */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1)
  if (!line) throw new Error('the child printed nothing on stdout')
  return JSON.parse(line) as T
}
