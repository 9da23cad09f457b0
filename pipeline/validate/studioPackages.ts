import {freshBundle} from './studioBundle.ts'
import type * as Entry from './studioPackagesEntry.ts'

/**
 * The Studio's packages as validation uses them, from one prebuilt module when it is fresh:
 * importing them from node_modules means resolving some 800 files, 0.8-0.9 s here, against
 * 0.13 s for the one module (README, performance). The same code either way.
 */
const bundle = freshBundle()
const packages: typeof Entry = bundle
  ? await import(bundle)
  : await import('./studioPackagesEntry.ts')

export const {
  Schema,
  builtinTypes,
  groupProblems,
  validateSchema,
  validationMarkerCodes,
  getFallbackLocaleSource,
  inferFromSchema,
  normalizeValidationRules,
  resolveTypeForArrayItem,
  typeString,
} = packages
