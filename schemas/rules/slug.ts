import {defineField} from '@sanity/types'

/** Slugs become file names and URL paths, so only lower-case words joined by hyphens pass. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const SLUG_MAX_LENGTH = 96

export function checkSlug(current: unknown): string | undefined {
  if (typeof current !== 'string' || current === '') return 'Generate a slug from the name.'
  if (current.length > SLUG_MAX_LENGTH) {
    return `The slug is ${current.length} characters long; shorten it to ${SLUG_MAX_LENGTH} or fewer.`
  }
  return SLUG_PATTERN.test(current)
    ? undefined
    : `${JSON.stringify(current)} may only contain lower-case letters, digits and single hyphens, for example "soft-tissue-sarcoma". Press Generate to rebuild it from the name.`
}

export function slugField(sourceField: string, description: string) {
  return defineField({
    name: 'slug',
    title: 'Slug',
    type: 'slug',
    description,
    options: {source: sourceField, maxLength: SLUG_MAX_LENGTH},
    // One chain, not an array: each array entry would repeat the slug type's built-in
    // uniqueness check. The custom rule also covers a missing slug, with a clearer message.
    validation: (rule) => rule.custom((value) => checkSlug(value?.current) ?? true),
  })
}
