/**
 * What validation runs of the Studio's packages: the entry of the prebuilt module
 * (scripts/bundle-studio-packages.ts) and, when that is missing or stale, what is imported
 * instead (studioPackages.ts). Type-only imports stay where they are used.
 */
export {Schema} from '@sanity/schema'
export {builtinTypes, groupProblems, validateSchema} from '@sanity/schema/_internal'
export {validationMarkerCodes} from '@sanity/validation'
export {
  getFallbackLocaleSource,
  inferFromSchema,
  normalizeValidationRules,
  resolveTypeForArrayItem,
  typeString,
} from '@sanity/validation/_internal'
