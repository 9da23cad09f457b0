import {checkWebUrl} from '../../schemas/rules/urlPolicy.ts'
import type {SanityDoc} from '../types.ts'
import {shortHash} from './keys.ts'
import {slugify} from './slugify.ts'
import type {ParsedSource} from './types.ts'

export const WIKIPEDIA_LICENSE = 'CC BY-SA 4.0'
export const WIKIPEDIA_LICENSE_URL = 'https://creativecommons.org/licenses/by-sa/4.0/'

export type SourceResult = {document: SanityDoc} | {problem: string}

/**
 * The `source` document a page's `Source:` line stands for. For Wikipedia the article is
 * the one named after the tumour unless the line gives its address.
 */
export function sourceDocument(
  source: ParsedSource,
  tumourName: string,
  date: string,
): SourceResult {
  const given = source.url && checkWebUrl(source.url).ok ? source.url : undefined
  const host = given ? new URL(given).hostname : undefined
  const publisher = source.text
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[()[\]<>]/g, '')
    .replace(/(?<![\s,;:–—-])[\s,;:–—-]+$/, '') // only a run's first character starts: linear
    .trim()
  if (/\bwikipedia\b/i.test(publisher) || (host && /(^|\.)wikipedia\.org$/i.test(host))) {
    const title = (given && wikipediaTitle(given)) || tumourName
    return {
      document: {
        _id: `source-wikipedia-${slugify(title) || shortHash(title)}`,
        _type: 'source',
        title,
        publisher: 'Wikipedia',
        url: given ?? wikipediaUrl(title),
        license: WIKIPEDIA_LICENSE,
        licenseUrl: WIKIPEDIA_LICENSE_URL,
        accessedAt: date,
      },
    }
  }
  if (!given) {
    return {
      problem: `The source "${source.text}" has no web address, so the page cites no source. Add its https:// address to the Source line.`,
    }
  }
  const name = publisher || host || 'source'
  return {
    document: {
      _id: `source-${slugify(name) || shortHash(given)}-${slugify(tumourName)}`,
      _type: 'source',
      title: tumourName,
      publisher: name,
      url: given,
      accessedAt: date,
    },
  }
}

/**
 * English Wikipedia's address for an article, encoded the way MediaWiki encodes it: spaces
 * become underscores, the first letter is upper case, and `:/,;@$` stay readable.
 */
export function wikipediaUrl(title: string): string {
  const words = title.trim().replace(/\s+/g, '_')
  const page = words.charAt(0).toUpperCase() + words.slice(1)
  const encoded = encodeURIComponent(page)
    .replace(/'/g, '%27')
    .replace(/%(?:3A|2F|2C|3B|40|24)/gi, (sequence) => decodeURIComponent(sequence))
  return `https://en.wikipedia.org/wiki/${encoded}`
}

function wikipediaTitle(url: string): string | undefined {
  const path = /^\/wiki\/(.+)$/.exec(new URL(url).pathname)?.[1]
  if (!path) return undefined
  try {
    return decodeURIComponent(path).replace(/_/g, ' ')
  } catch {
    return undefined
  }
}
