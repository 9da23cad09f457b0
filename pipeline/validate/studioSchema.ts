import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Schema as SchemaCompiler} from '@sanity/schema'
import {builtinTypes, groupProblems, validateSchema} from '@sanity/schema/_internal'
import type {Schema, SchemaTypeDefinition} from '@sanity/types'
import {inferFromSchema} from '@sanity/validation/_internal'
import {schemaTypes} from '../../schemas/index.ts'

let compiled: Schema | undefined

const require = createRequire(import.meta.url)
/** The packages that compile the schema and run its rules. */
const RULE_PACKAGES = ['@sanity/validation', '@sanity/schema'].map((name) => {
  const {version} = require(`${name}/package.json`) as {version: string}
  return `${name} ${version}`
})

/**
 * The Studio's schema, compiled as `createSchema` from `sanity` compiles it (once per process):
 * the same checks, the same built-in parent schema and the same compiled validation rules,
 * from the packages `sanity` itself uses. Importing `sanity` for this would load the whole
 * Studio on every run; test/validate/studioSchema.test.ts holds the two to each other.
 */
export function getStudioSchema(): Schema {
  if (compiled) return compiled
  const types = schemaTypes as SchemaTypeDefinition[]
  const problems = groupProblems(validateSchema(types).getTypes() as SchemaTypeDefinition[])
  const errors = problems.flatMap((group) => group.problems).filter((p) => p.severity === 'error')
  if (errors.length > 0) {
    throw new Error(`The Studio schema is invalid: ${errors.map((e) => e.message).join('; ')}`)
  }
  const builtin = SchemaCompiler.compile({name: 'studio', types: builtinTypes})
  inferFromSchema(builtin)
  compiled = inferFromSchema(SchemaCompiler.compile({name: 'default', types, parent: builtin}))
  return compiled
}

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
