import {createSchema, type Schema} from 'sanity'
import {schemaTypes} from '../../schemas/index.ts'

let compiled: Schema | undefined

/** The Studio's schema, compiled exactly as the Studio compiles it (once per process). */
export function getStudioSchema(): Schema {
  if (compiled) return compiled
  const schema = createSchema({name: 'default', types: schemaTypes})
  const problems = (
    schema as Schema & {_validation?: {problems: {severity: string; message: string}[]}[]}
  )._validation
  const errors = (problems ?? [])
    .flatMap((group) => group.problems)
    .filter((p) => p.severity === 'error')
  if (errors.length > 0) {
    throw new Error(`The Studio schema is invalid: ${errors.map((e) => e.message).join('; ')}`)
  }
  compiled = schema
  return compiled
}
