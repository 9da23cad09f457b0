/**
 * The Chromium inside the npm package @sparticuz/chromium, unpacked once per package version into
 * node_modules/.cache and started with the libraries and fonts the package brings.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import type {BrowserCandidate} from './browser.ts'

const run = promisify(execFile)
const UNPACK_SCRIPT = fileURLToPath(new URL('./unpackNpmChromium.ts', import.meta.url))
const STAGING_PREFIX = '.unpacking-'
/** A staging folder this old belongs to an unpack that was killed; unpacking takes seconds. */
const STALE_STAGING_MS = 30 * 60_000

/** Unpacks the package's Chromium into `cacheRoot` (once) and says how to start it. */
export async function npmChromium(cacheRoot?: string): Promise<BrowserCandidate> {
  const packageRoot = sparticuzRoot()
  const {version} = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8'))
  const root = cacheRoot ?? join(packageRoot, '..', '..', '.cache')
  const dir = join(root, `sparticuz-chromium-${version}`)
  if (!existsSync(dir)) {
    await unpackInto(dir, root).catch((error: Error) => {
      throw new Error(`could not unpack @sparticuz/chromium into ${dir}: ${error.message}`)
    })
  }
  return {
    source: 'npm',
    executablePath: join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH]
        .filter(Boolean)
        .join(':'),
      FONTCONFIG_FILE: join(dir, 'fonts.conf'),
    },
  }
}

function sparticuzRoot(): string {
  try {
    // require.resolve, not import.meta.resolve: Vitest's module runner (globalSetup) lacks the latter.
    return join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error
    throw new Error('@sparticuz/chromium is not installed (`npm ci` installs it)')
  }
}

/** Unpacks into a staging folder, then renames it into place: `dir` is complete or absent. */
async function unpackInto(dir: string, root: string): Promise<void> {
  await mkdir(root, {recursive: true})
  await sweepStaleStaging(root)
  const staging = await mkdtemp(join(root, STAGING_PREFIX))
  try {
    await run(process.execPath, [UNPACK_SCRIPT], {
      env: {...process.env, TMPDIR: staging},
      timeout: 300_000,
    })
    await writeFile(join(staging, 'fonts.conf'), fontsConf(dir))
    await rename(staging, dir)
  } catch (error) {
    // Another process may have renamed its own complete copy into place first; use that one.
    if (!existsSync(join(dir, 'chromium'))) throw error
  } finally {
    await rm(staging, {recursive: true, force: true})
  }
}

async function sweepStaleStaging(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (!name.startsWith(STAGING_PREFIX)) continue
    const path = join(root, name)
    const {mtimeMs} = await stat(path).catch(() => ({mtimeMs: Date.now()}))
    if (Date.now() - mtimeMs > STALE_STAGING_MS) await rm(path, {recursive: true, force: true})
  }
}

/** The package's own fonts.conf lists Lambda's folders; this one lists its fonts where they are. */
function fontsConf(dir: string): string {
  const xml = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${xml(join(dir, 'fonts', 'fonts'))}</dir>
  <dir>/usr/share/fonts</dir>
  <cachedir>${xml(join(dir, 'fonts-cache'))}</cachedir>
</fontconfig>
`
}
