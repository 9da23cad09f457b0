import type {RootContent} from 'mdast'
import type {KitPageQueryResult} from '../../sanity.types.ts'
import {checkHref} from '../../schemas/rules/urlPolicy.ts'
import type {PageReview} from '../types.ts'
import {blocksToMdast} from './blocksToMdast.ts'
import {toMarkdownFile} from './markdown.ts'
import {CitationNumbers, type ExportBlock, normalizeBlocks} from './portableText.ts'
import {pageReview, reviewFrontmatter} from './review.ts'
import {kitPath, tumourPath} from './routes.ts'

export type KitRow = NonNullable<KitPageQueryResult>

export interface KitJson {
  id: string
  slug: string
  url: string
  name: string
  tagline?: string
  description: ExportBlock[]
  callToAction?: {label: string; url: string}
  availableFor: {name: string; slug: string; url: string}[]
  review: PageReview
  jsonLd: Record<string, unknown>
}

/** `exported` holds the tumour ids that this export writes; a kit lists only those. */
export function kitToJson(
  row: KitRow,
  exported: ReadonlySet<string>,
  review?: PageReview,
): KitJson {
  const cta = row.callToAction?.url ? checkHref(row.callToAction.url) : undefined
  const availableFor = (row.availableFor ?? [])
    .flatMap((t) =>
      t?.slug && exported.has(t._id) ? [{name: t.name, slug: t.slug, url: tumourPath(t.slug)}] : [],
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.slug.localeCompare(b.slug))
  const json: KitJson = {
    id: row._id,
    slug: row.slug as string,
    url: kitPath(row.slug as string),
    name: row.name,
    description: normalizeBlocks(row.description, new CitationNumbers()),
    availableFor,
    review: pageReview(review),
    jsonLd: {},
  }
  if (row.tagline) json.tagline = row.tagline
  if (row.callToAction && cta?.ok)
    json.callToAction = {label: row.callToAction.label, url: cta.href}
  json.jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: json.name,
    url: json.url,
    ...(json.tagline ? {description: json.tagline} : {}),
    category: 'Diagnostic test kit',
  }
  return json
}

export function kitToMarkdown(kit: KitJson): string {
  const body: RootContent[] = blocksToMdast(kit.description)
  if (kit.callToAction) {
    body.push({
      type: 'paragraph',
      children: [
        {
          type: 'link',
          url: kit.callToAction.url,
          children: [{type: 'text', value: kit.callToAction.label}],
        },
      ],
    })
  }
  return toMarkdownFile(
    {
      title: kit.name,
      slug: kit.slug,
      tagline: kit.tagline,
      callToAction: kit.callToAction,
      availableFor: kit.availableFor,
      review: reviewFrontmatter(kit.review),
    },
    body,
  )
}
