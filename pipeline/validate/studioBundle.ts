import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {sha256} from '../hash.ts'

const ROOT = join(import.meta.dirname, '../..')

/** The packages in the prebuilt module; a change to any of their versions makes it stale. */
export const BUNDLED_PACKAGES = [
  '@sanity/schema',
  '@sanity/validation',
  '@sanity/types',
  '@sanity/util',
  'rolldown',
]

/** Inside node_modules, so that the module's external imports (groq-js) resolve from there. */
export const bundleDir = (root = ROOT) => join(root, 'node_modules', '.cache', 'studio-packages')
export const ENTRY = join(import.meta.dirname, 'studioPackagesEntry.ts')
const MODULE = 'studio-packages.mjs'
const STAMP = 'stamp.txt'

function versionOf(root: string, name: string): string {
  const path = join(root, 'node_modules', name, 'package.json')
  return existsSync(path) ? String(JSON.parse(readFileSync(path, 'utf8')).version) : 'missing'
}

/** What the module was built from: the entry's text and the versions of the packages. */
export function bundleStamp(root = ROOT): string {
  const versions = BUNDLED_PACKAGES.map((name) => `${name}@${versionOf(root, name)}`)
  return sha256([readFileSync(ENTRY, 'utf8'), ...versions].join('\n'))
}

export const bundleFiles = (dir: string) => ({module: join(dir, MODULE), stamp: join(dir, STAMP)})

/**
 * The URL of the prebuilt module when it was built from what is installed now; undefined when
 * it is missing or stale, or when STUDIO_PACKAGES_BUNDLE=0 asks for the packages themselves.
 */
export function freshBundle(root = ROOT): string | undefined {
  if (process.env.STUDIO_PACKAGES_BUNDLE === '0') return undefined
  const files = bundleFiles(bundleDir(root))
  if (!existsSync(files.module) || !existsSync(files.stamp)) return undefined
  const fresh = readFileSync(files.stamp, 'utf8').trim() === bundleStamp(root)
  return fresh ? pathToFileURL(files.module).href : undefined
}
