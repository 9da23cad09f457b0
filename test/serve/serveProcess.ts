import {type ChildProcess, spawn} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {waitFor} from './support.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCRIPT = join(ROOT, 'scripts/serve.ts')

export interface Running {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
  /** What the server said, for a failing expectation. */
  context: () => string
}

const children: ChildProcess[] = []

/** SIGKILLs whatever a test left running; call it from afterEach. */
export function killServes(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
}

/**
 * The real CLI on the project's Node (the one running vitest), with only the given env;
 * `prefix` runs it under another command, such as `prlimit --nofile=200`.
 */
export function spawnServe(
  args: string[],
  env: Record<string, string>,
  prefix: string[] = [],
): Running {
  const argv = [...prefix, process.execPath, SCRIPT, ...args]
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: ROOT,
    env: {PATH: process.env.PATH ?? '', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk) => {
    out += chunk
  })
  child.stderr?.on('data', (chunk) => {
    err += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    context: () => `stdout:\n${out}\nstderr:\n${err}`,
  }
}

/** Starts the CLI and waits until it listens; its base URL. */
export async function startServe(
  args: string[],
  env: Record<string, string>,
  prefix: string[] = [],
): Promise<Running & {base: string}> {
  const run = spawnServe(['--port', '0', ...args], env, prefix)
  const listening = await waitFor(
    () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout()),
    (match) => match !== null || run.child.exitCode !== null,
    // The pipeline's import takes seconds, many more on a loaded machine.
    {timeoutMs: 45_000, intervalMs: 50},
  )
  if (!listening) throw new Error(`the server did not start:\n${run.context()}`)
  return {...run, base: listening[1] as string}
}
