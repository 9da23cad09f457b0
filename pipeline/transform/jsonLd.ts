import type {TumourJson} from './tumourPage.ts'

/** schema.org MedicalWebPage about a MedicalCondition, as search engines read medical pages. */
export function tumourJsonLd(page: Omit<TumourJson, 'jsonLd'>): Record<string, unknown> {
  const reviewer = page.review.reviewedBy
  const citations = new Map<string, Record<string, unknown>>()
  for (const s of [
    ...page.footnotes.map((f) => f.source),
    ...page.sections.flatMap((x) => x.sources),
    ...page.sources,
  ]) {
    if (citations.has(s.id)) continue
    citations.set(s.id, {
      '@type': 'CreativeWork',
      name: s.title,
      url: s.url,
      ...(s.publisher ? {publisher: {'@type': 'Organization', name: s.publisher}} : {}),
      ...(s.licenseUrl || s.license ? {license: s.licenseUrl ?? s.license} : {}),
    })
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'MedicalWebPage',
    name: page.seoTitle ?? page.name,
    description: page.summary,
    url: page.url,
    about: {
      '@type': 'MedicalCondition',
      name: page.name,
      ...(page.synonyms.length > 0 ? {alternateName: page.synonyms} : {}),
      ...(page.codes.length > 0
        ? {
            code: page.codes.map((c) => ({
              '@type': 'MedicalCode',
              codeValue: c.code,
              codingSystem: c.system,
            })),
          }
        : {}),
    },
    ...(page.review.lastReviewed ? {lastReviewed: page.review.lastReviewed} : {}),
    ...(reviewer
      ? {
          reviewedBy: {
            '@type': 'Person',
            name: reviewer.name,
            ...(reviewer.credentials.length > 0
              ? {honorificSuffix: reviewer.credentials.join(', ')}
              : {}),
            ...(reviewer.orcid
              ? {
                  sameAs: `https://orcid.org/${reviewer.orcid.replace(/^https?:\/\/orcid\.org\//, '')}`,
                }
              : {}),
          },
        }
      : {}),
    ...(citations.size > 0 ? {citation: [...citations.values()]} : {}),
  }
}
