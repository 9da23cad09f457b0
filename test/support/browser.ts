/**
 * The one place the tests get a browser from: `CHROMIUM_PATH`, then a Chromium or Chrome on PATH,
 * then the Chromium inside the npm package @sparticuz/chromium, else an error naming all three.
 */
import {spawn} from 'node:child_process'
import {constants} from 'node:fs'
import {access, stat} from 'node:fs/promises'
import {delimiter, join} from 'node:path'
import {npmChromium} from './npmChromium.ts'

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'npm'

export interface BrowserCandidate {
  source: BrowserSource
  executablePath: string
  /** Extra environment the browser needs (the npm browser's own libraries and fonts). */
  env: Record<string, string>
}

export interface ResolvedBrowser extends BrowserCandidate {
  /** What `--version` printed, e.g. "Chromium 153.0.8010.0". */
  version: string
  /** Candidates passed over before this one, and why. */
  skipped: {source: BrowserSource; reason: string}[]
}

/** One step of the search; its candidates are listed only when the earlier steps found nothing. */
export interface SearchStep {
  source: BrowserSource
  candidates: () => Promise<BrowserCandidate[]>
  /** Why the step has no candidates, when it has none. */
  none: string
}

/** Names a system Chromium or Chrome goes by on Linux. */
export const SYSTEM_BROWSER_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
]

/** Flags that keep Chromium from phoning home, which this closed network refuses noisily. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A loaded 2-core machine can take seconds to map Chromium's 200 MB binary. */
export const PROBE_TIMEOUT_MS = 15_000

export const NO_BROWSER_HELP = [
  'Any one of these fixes it:',
  '  1. set CHROMIUM_PATH to a Chromium or Chrome executable;',
  `  2. install Chromium or Chrome on PATH as ${SYSTEM_BROWSER_NAMES.join(', ')} (Debian: apt-get install chromium);`,
  '  3. run `npm ci`: it installs the devDependency @sparticuz/chromium, a Chromium inside npm that the tests unpack into node_modules/.cache (which must be writable).',
].join('\n')

/** The default search, in the order; `env` and `npm` are parameters so tests can fake them. */
export function defaultSearch(
  env: NodeJS.ProcessEnv = process.env,
  npm: () => Promise<BrowserCandidate> = npmChromium,
): SearchStep[] {
  const fromEnv = env.CHROMIUM_PATH
  return [
    {
      source: 'CHROMIUM_PATH',
      none: 'CHROMIUM_PATH is not set',
      candidates: async () =>
        fromEnv ? [{source: 'CHROMIUM_PATH', executablePath: fromEnv, env: {}}] : [],
    },
    {
      source: 'system',
      none: `none of ${SYSTEM_BROWSER_NAMES.join(', ')} is an executable file on PATH`,
      candidates: async () =>
        (await findOnPath(SYSTEM_BROWSER_NAMES, env.PATH ?? '')).map((executablePath) => ({
          source: 'system',
          executablePath,
          env: {},
        })),
    },
    {
      source: 'npm',
      none: '@sparticuz/chromium gave no browser',
      candidates: async () => [await npm()],
    },
  ]
}

/** The first candidate that starts, trying the steps in order; throws the help text if none does. */
export async function findBrowser(
  steps: SearchStep[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ResolvedBrowser> {
  const skipped: ResolvedBrowser['skipped'] = []
  for (const step of steps) {
    let candidates: BrowserCandidate[]
    try {
      candidates = await step.candidates()
    } catch (error) {
      skipped.push({source: step.source, reason: (error as Error).message})
      continue
    }
    if (candidates.length === 0) skipped.push({source: step.source, reason: step.none})
    for (const candidate of candidates) {
      try {
        return {...candidate, version: await probeBrowser(candidate, timeoutMs), skipped}
      } catch (error) {
        skipped.push({source: step.source, reason: (error as Error).message})
      }
    }
  }
  const tried = skipped.map(({source, reason}) => `  - ${source}: ${reason}`).join('\n')
  throw new Error(
    `No browser for the browser tests. Tried, in order:\n${tried}\n${NO_BROWSER_HELP}`,
  )
}

let resolved: Promise<ResolvedBrowser> | undefined

/** The default search, done once per process (later callers share the answer). */
export function resolveBrowser(): Promise<ResolvedBrowser> {
  resolved ??= findBrowser(defaultSearch()).then((browser) => {
    for (const {source, reason} of browser.skipped) {
      // Only a CHROMIUM_PATH that was set is a choice worth telling the user we overrode.
      if (source === 'CHROMIUM_PATH' && process.env.CHROMIUM_PATH) {
        console.warn(`Ignoring CHROMIUM_PATH: ${reason}; using ${browser.executablePath}`)
      }
    }
    return browser
  })
  return resolved
}

/** Playwright launch options for the resolved browser. */
export async function chromiumLaunchOptions() {
  const browser = await resolveBrowser()
  return {
    executablePath: browser.executablePath,
    args: CHROMIUM_ARGS,
    env: {...process.env, ...browser.env},
  }
}

/** Paths of `names` that are executable files on `path`, the first hit per name. */
export async function findOnPath(names: string[], path: string): Promise<string[]> {
  const found: string[] = []
  const dirs = path.split(delimiter).filter(Boolean)
  for (const name of names) {
    for (const dir of dirs) {
      const file = join(dir, name)
      if (await isExecutableFile(file)) {
        found.push(file)
        break
      }
    }
  }
  return found
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK)
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}

/** The version a candidate prints, or an error saying why it does not count as a browser. */
export async function probeBrowser(
  candidate: BrowserCandidate,
  timeoutMs: number,
): Promise<string> {
  const file = candidate.executablePath
  if (!(await isExecutableFile(file))) throw new Error(`${file} is not an executable file`)
  const run = await runVersion(file, candidate.env, timeoutMs)
  if (run.timedOut) throw new Error(`${file} did not answer --version within ${timeoutMs} ms`)
  const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 200) ?? ''
  if (run.code !== 0) {
    const why = run.code === null ? `was killed by ${run.signal}` : `exited with code ${run.code}`
    throw new Error(`${file} --version ${why}: ${firstLine(run.stderr) || '(no output)'}`)
  }
  const version = /(?:Chromium|Chrome)\D*\d+\.[\d.]+/.exec(run.stdout)?.[0]
  if (!version) {
    throw new Error(
      `${file} --version printed no Chromium or Chrome version: "${firstLine(run.stdout)}"`,
    )
  }
  return version
}

interface VersionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
}

/** Runs `file --version` in its own process group, so a timeout kills whatever it started too. */
function runVersion(file: string, env: Record<string, string>, timeoutMs: number) {
  return new Promise<VersionRun>((resolve, reject) => {
    const child = spawn(file, ['--version'], {
      env: {...process.env, ...env},
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out = {stdout: '', stderr: ''}
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out.stdout = (out.stdout + text).slice(0, 4096)
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      out.stderr = (out.stderr + text).slice(0, 4096)
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid)
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`${file} could not be started: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, ...out, timedOut})
    })
  })
}

function killGroup(pid: number | undefined) {
  try {
    if (pid) process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
