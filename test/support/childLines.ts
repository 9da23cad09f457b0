import {type ChildProcess, spawn} from 'node:child_process'
import {createInterface} from 'node:readline'

// biome-ignore lint/suspicious/noExplicitAny: the children print free-form JSON lines
type Line = Record<string, any>

export interface LineChild {
  process: ChildProcess
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** The first JSON line on stdout that `match` accepts (also one printed before the call). */
  waitFor: (match: (line: Line) => boolean, timeoutMs?: number) => Promise<Line>
  stderr: () => string
}

/** Starts a child process that reports on stdout in JSON lines (see test/write/children). */
export function startLineChild(command: string, args: string[]): LineChild {
  const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']})
  const lines: Line[] = []
  const wake = new Set<() => void>()
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  createInterface({input: child.stdout as NodeJS.ReadableStream}).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Line)
    } catch {
      return
    }
    for (const w of wake) w()
  })
  let code: number | null | undefined
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (c) => {
      code = c
      for (const w of wake) w()
      resolve(c)
    }),
  )
  const waitFor = (match: (line: Line) => boolean, timeoutMs = 30_000) =>
    new Promise<Line>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`no such line within ${timeoutMs} ms`)),
        timeoutMs,
      )
      const check = () => {
        const found = lines.find(match)
        if (found) done(undefined, found)
        else if (code !== undefined) done(new Error(`exited with ${code} first: ${stderr}`))
      }
      const done = (error?: Error, line?: Line) => {
        clearTimeout(timer)
        wake.delete(check)
        if (error) reject(error)
        else resolve(line as Line)
      }
      wake.add(check)
      check()
    })
  return {process: child, exited, waitFor, stderr: () => stderr}
}

/** Kills a child with SIGKILL and waits until it is gone. */
export async function killHard(child: LineChild): Promise<void> {
  child.process.kill('SIGKILL')
  await child.exited
}
