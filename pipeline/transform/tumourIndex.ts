import type {TumourJson} from './tumourPage.ts'

/** One row of json/tumours.json, the listing index. */
export function tumourIndexEntry(page: TumourJson) {
  return {
    name: page.name,
    slug: page.slug,
    url: page.url,
    summary: page.summary,
    synonyms: page.synonyms,
    kits: page.kits.map((k) => ({name: k.name, slug: k.slug, url: k.url})),
  }
}
