/**
 * Builds the Studio's packages that validation runs into one module (see
 * pipeline/validate/studioPackages.ts), with rolldown. Runs on `npm install` (prepare); a
 * failure only leaves the packages to be imported from node_modules, so it never fails the
 * install.
 *
 *   node scripts/bundle-studio-packages.ts
 */
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {build} from 'rolldown'
import {bundleDir, bundleFiles, bundleStamp, ENTRY} from '../pipeline/validate/studioBundle.ts'

export async function bundleStudioPackages(dir = bundleDir()): Promise<void> {
  mkdirSync(dir, {recursive: true})
  const files = bundleFiles(dir)
  const stamp = bundleStamp()
  // No stamp until the module is whole: a failed build leaves nothing that looks fresh.
  rmSync(files.stamp, {force: true})
  await build({
    input: ENTRY,
    platform: 'node',
    // The query engine loads groq-js anyway: one copy of it.
    external: ['groq-js'],
    logLevel: 'warn',
    output: {file: files.module, format: 'esm'},
  })
  writeFileSync(files.stamp, `${stamp}\n`)
}

if (import.meta.main) {
  try {
    await bundleStudioPackages()
    console.log('Bundled the Studio packages validation runs.')
  } catch (error) {
    console.warn(
      `Could not bundle the Studio packages (${error instanceof Error ? error.message : error}); validation imports them from node_modules instead, which is slower.`,
    )
  }
}
