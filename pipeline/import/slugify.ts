import {SLUG_MAX_LENGTH} from '../../schemas/rules/slug.ts'

// Letters that Unicode decomposition does not reduce to ASCII.
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
}

/**
 * Lower-case ASCII words joined by single hyphens, as `checkSlug` demands. Apostrophes are
 * dropped rather than turned into hyphens, so "Kaposi's sarcoma" gives "kaposis-sarcoma".
 * Returns '' when nothing usable is left (for example a name in a non-Latin script).
 */
export function slugify(text: string): string {
  const ascii = text
    .toLowerCase()
    .replace(/[ßæœøđðłþıαβγδκλμ]/g, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  if (slug.length <= SLUG_MAX_LENGTH) return slug
  const cut = slug.slice(0, SLUG_MAX_LENGTH + 1)
  const lastHyphen = cut.lastIndexOf('-')
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut.slice(0, SLUG_MAX_LENGTH)).replace(
    /-+$/,
    '',
  )
}
