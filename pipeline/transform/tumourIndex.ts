import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TumourJson} from './tumourPage.ts'

/** One row of json/tumours.json, the listing index. */
export interface TumourIndexEntry {
  name: string
  slug: string
  url: string
  summary: string
  synonyms: string[]
  kits: {name: string; slug: string; url: string}[]
}

export function tumourIndexEntry(page: TumourJson): TumourIndexEntry {
  return {
    name: page.name,
    slug: page.slug,
    url: page.url,
    summary: page.summary,
    synonyms: page.synonyms,
    kits: page.kits.map((k) => ({name: k.name, slug: k.slug, url: k.url})),
  }
}

/** The last run's index rows by slug, for pages that are not rendered again. */
export async function readPreviousIndex(outDir: string): Promise<Map<string, TumourIndexEntry>> {
  try {
    const rows = JSON.parse(
      await readFile(join(outDir, 'json/tumours.json'), 'utf8'),
    ) as TumourIndexEntry[]
    return new Map(rows.map((row) => [row.slug, row]))
  } catch {
    return new Map()
  }
}
