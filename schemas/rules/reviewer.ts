import type {CustomValidator, Reference} from 'sanity'

export const VALIDATION_API_VERSION = '2025-02-19'

/** A reference to a person must point to someone with the medical-reviewer role. */
export const mustBeMedicalReviewer: CustomValidator<Reference | undefined> = async (
  value,
  context,
) => {
  if (!value?._ref) return true
  const person = await context
    .getClient({apiVersion: VALIDATION_API_VERSION})
    .fetch<{name?: string; roles?: string[]} | null>('*[_id == $id][0]{name, roles}', {
      id: value._ref,
    })
  if (!person) return true // a missing reference is reported by the reference check
  return person.roles?.includes('medicalReviewer')
    ? true
    : `${person.name ?? 'This person'} is not a medical reviewer. Choose a person with the medical-reviewer role.`
}
