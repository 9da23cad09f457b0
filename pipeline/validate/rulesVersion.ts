import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

// Apart from studioSchema.ts: a run with nothing to validate needs this, not the packages it names.
const require = createRequire(import.meta.url)
/** The packages that compile the schema and run its rules. */
const RULE_PACKAGES = ['@sanity/validation', '@sanity/schema'].map((name) => {
  const {version} = require(`${name}/package.json`) as {version: string}
  return `${name} ${version}`
})

/** The folders whose code decides what validation finds: the schema and its rules, and this one. */
const RULE_SOURCES = [new URL('../../schemas/', import.meta.url), new URL('./', import.meta.url)]

let rulesVersion: string | undefined

/**
 * A fingerprint of everything that decides what validation finds for a given document: the
 * source of the schema and its rules, of the validation stage, and the versions of the
 * Studio's schema and validation packages. An incremental run trusts the last run's verdicts
 * only while this is unchanged; a changed rule revalidates every document.
 */
export function validationRulesVersion(roots: URL[] = RULE_SOURCES): string {
  if (roots === RULE_SOURCES && rulesVersion) return rulesVersion
  const hash = createHash('sha256')
  hash.update(`${RULE_PACKAGES.join('\n')}\n`)
  for (const root of roots) {
    const dir = fileURLToPath(root)
    // Run from elsewhere than this repository (bundled), the sources may be missing: then
    // only the package versions and EXPORT_FORMAT_VERSION bumps tell runs apart.
    const files = existsSync(dir)
      ? readdirSync(dir, {recursive: true, encoding: 'utf8'})
          .filter((file) => file.endsWith('.ts'))
          .sort()
      : []
    for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(dir, file)))
  }
  const version = hash.digest('hex')
  if (roots === RULE_SOURCES) rulesVersion = version
  return version
}
