import type {Schema, SchemaTypeDefinition} from '@sanity/types'
import {schemaTypes} from '../../schemas/index.ts'
import {
  builtinTypes,
  groupProblems,
  inferFromSchema,
  Schema as SchemaCompiler,
  validateSchema,
} from './studioPackages.ts'

let compiled: Schema | undefined

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
