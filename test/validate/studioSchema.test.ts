import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {createSchema, type SchemaType} from 'sanity'
import {describe, expect, it} from 'vitest'
import {validationRulesVersion} from '../../pipeline/validate/rulesVersion.ts'
import {getStudioSchema} from '../../pipeline/validate/studioSchema.ts'
import {schemaTypes} from '../../schemas/index.ts'

/** A type's shape as far as validation and export care: names, JSON types, fields, members, rules. */
function shape(type: SchemaType | undefined, depth = 0): unknown {
  if (!type || depth > 6) return type?.name
  const withFields = type as SchemaType & {fields?: {name: string; type: SchemaType}[]}
  const withOf = type as SchemaType & {of?: SchemaType[]}
  const rules = Array.isArray(type.validation) ? type.validation.length : typeof type.validation
  return {
    name: type.name,
    jsonType: type.jsonType,
    rules,
    fields: withFields.fields?.map((f) => [f.name, shape(f.type, depth + 1)]),
    of: withOf.of?.map((t) => shape(t, depth + 1)),
  }
}

describe('the headless Studio schema', () => {
  it('compiles to the same types, fields and rules as createSchema from sanity', () => {
    const studio = createSchema({name: 'default', types: schemaTypes})
    const headless = getStudioSchema()
    expect(headless.getTypeNames().sort()).toEqual(studio.getTypeNames().sort())
    for (const name of studio.getTypeNames()) {
      expect(shape(headless.get(name)), name).toEqual(shape(studio.get(name)))
    }
  })

  it('is compiled once per process', () => {
    expect(getStudioSchema()).toBe(getStudioSchema())
  })
})

describe('validationRulesVersion', () => {
  it('changes when a rule file changes or is added, not otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'))
    mkdirSync(join(dir, 'rules'))
    writeFileSync(join(dir, 'rules', 'slug.ts'), 'export const max = 96\n')
    const roots = [pathToFileURL(`${dir}/`)]
    const before = validationRulesVersion(roots)
    expect(validationRulesVersion(roots)).toBe(before)
    writeFileSync(join(dir, 'rules', 'slug.ts'), 'export const max = 64\n')
    const edited = validationRulesVersion(roots)
    expect(edited).not.toBe(before)
    writeFileSync(join(dir, 'notes.md'), 'not code')
    expect(validationRulesVersion(roots)).toBe(edited)
    writeFileSync(join(dir, 'extra.ts'), 'export {}\n')
    expect(validationRulesVersion(roots)).not.toBe(edited)
  })

  it('covers the schema and the validation stage of this repository', () => {
    expect(validationRulesVersion()).toMatch(/^[0-9a-f]{64}$/)
    expect(validationRulesVersion()).not.toBe(validationRulesVersion([]))
  })
})
