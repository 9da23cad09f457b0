import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative, resolve} from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')

/**
 * The API host the test build is made with. The harness serves the build with this string
 * replaced by the stand-in's `https://localhost:<port>`, so one build serves every stand-in
 * (each test file starts its own, on a port of its own).
 */
export const API_HOST_PLACEHOLDER = 'https://content-lake-stand-in.invalid'

/**
 * The build-time variables of the test build: the stand-in's placeholder host, and the demo
 * keyring, whose people's private keys the flows hold (test/fixtures/demo-keys), so that they
 * sign as Jonas, Amira and Li and the embedded dataset's signatures verify.
 */
export const TEST_BUILD_ENV = {
  SANITY_STUDIO_API_HOST: API_HOST_PLACEHOLDER,
  SANITY_STUDIO_KEYRING: 'demo',
} as const

/** What the Studio bundle is made from; test/, content/ and the docs are not part of it. */
const INPUTS = [
  'package-lock.json',
  'review',
  'sanity.cli.ts',
  'sanity.config.ts',
  'sanity.types.ts',
  'tsconfig.json',
  'schemas',
  'studio',
  'pipeline',
  'queries',
]

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

/** sha256 over the inputs' paths and bytes, plus the build variables and the Node version. */
export function studioSourceHash(root = ROOT): string {
  const hash = createHash('sha256').update(
    `${JSON.stringify(TEST_BUILD_ENV)}\n${process.version}\n`,
  )
  const files = INPUTS.flatMap((input) => filesUnder(join(root, input))).sort()
  for (const file of files) hash.update(`${relative(root, file)}\n`).update(readFileSync(file))
  return hash.digest('hex').slice(0, 20)
}

function containsPlaceholder(dir: string): boolean {
  return filesUnder(dir).some(
    (file) => file.endsWith('.js') && readFileSync(file, 'utf8').includes(API_HOST_PLACEHOLDER),
  )
}

/**
 * `sanity build` with the test build's variables, once per source state: the result is kept in
 * the system's temporary folder under the source hash, so a second run with no change to
 * the Studio's inputs reuses it. Built into a scratch folder, then renamed into place.
 */
export function buildStudioForLake(): string {
  const dir = join(tmpdir(), `studio-e2e-${studioSourceHash()}`)
  if (existsSync(join(dir, 'index.html'))) return dir
  const scratch = `${dir}.building-${process.pid}`
  rmSync(scratch, {recursive: true, force: true})
  execFileSync('sanity', ['build', scratch, '--yes'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SANITY_TELEMETRY_DISABLED: '1',
      ...TEST_BUILD_ENV,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (!containsPlaceholder(scratch)) {
    throw new Error(
      `The Studio build in ${scratch} does not contain ${API_HOST_PLACEHOLDER}: does sanity.config.ts still read SANITY_STUDIO_API_HOST?`,
    )
  }
  try {
    renameSync(scratch, dir)
  } catch (error) {
    // Another run finished the same build first; theirs is as good as ours.
    if (!existsSync(join(dir, 'index.html'))) throw error
    rmSync(scratch, {recursive: true, force: true})
  }
  return dir
}
