import type {FootnoteDefinition, ListItem, PhrasingContent, RootContent} from 'mdast'
import type {TumourPageQueryResult} from '../../sanity.types.ts'
import {checkHref} from '../../schemas/rules/urlPolicy.ts'
import type {PageReview} from '../types.ts'
import {blocksToMdast} from './blocksToMdast.ts'
import {tumourJsonLd} from './jsonLd.ts'
import {toMarkdownFile} from './markdown.ts'
import {CitationNumbers, type ExportBlock, type Footnote, normalizeBlocks} from './portableText.ts'
import {pageReview, reviewFrontmatter} from './review.ts'
import {kitPath, tumourPath} from './routes.ts'
import {type ExportSource, type SourceRow, toExportSource} from './sources.ts'

export type TumourRow = NonNullable<TumourPageQueryResult>

export interface KitLink {
  name: string
  slug: string
  url: string
  tagline?: string
  callToAction?: {label: string; url: string}
}

export interface TumourJson {
  id: string
  slug: string
  url: string
  name: string
  synonyms: string[]
  nameOrigin?: string
  category?: string
  summary: string
  seoTitle?: string
  codes: {system: string; code: string}[]
  sections: {
    key: string
    heading: string
    kind: string
    body: ExportBlock[]
    sources: ExportSource[]
  }[]
  sources: ExportSource[]
  footnotes: (Footnote & {source: ExportSource})[]
  kits: KitLink[]
  review: PageReview
  jsonLd: Record<string, unknown>
}

export function kitLink(kit: TumourRow['kits'][number]): KitLink | undefined {
  if (!kit.slug) return undefined
  const link: KitLink = {name: kit.name, slug: kit.slug, url: kitPath(kit.slug)}
  if (kit.tagline) link.tagline = kit.tagline
  const ctaUrl = kit.callToAction?.url ? checkHref(kit.callToAction.url) : undefined
  if (kit.callToAction && ctaUrl?.ok)
    link.callToAction = {label: kit.callToAction.label, url: ctaUrl.href}
  return link
}

/** Query row → the JSON a site renders. Pure: everything it shows comes from `row`. */
export function tumourToJson(row: TumourRow, kits: KitLink[], review?: PageReview): TumourJson {
  const sourcesById = new Map<string, ExportSource>()
  const remember = (list: (SourceRow | null)[] | null) =>
    (list ?? []).flatMap((s) => {
      if (!s) return []
      const source = sourcesById.get(s._id) ?? toExportSource(s)
      sourcesById.set(s._id, source)
      return [source]
    })
  remember(row.citedSources)
  const citations = new CitationNumbers()
  const sections = row.sections.map((section) => ({
    key: section._key,
    heading: section.heading,
    kind: section.kind,
    body: normalizeBlocks(section.body, citations),
    sources: remember(section.sources),
  }))
  const json: TumourJson = {
    id: row._id,
    slug: row.slug as string,
    url: tumourPath(row.slug as string),
    name: row.name,
    synonyms: row.synonyms ?? [],
    summary: row.summary,
    codes: (row.codes ?? []).flatMap((c) => (c.code ? [{system: c.system, code: c.code}] : [])),
    sections,
    sources: remember(row.sources),
    footnotes: citations.footnotes.flatMap((f) => {
      const source = sourcesById.get(f.sourceId)
      return source ? [{...f, source}] : []
    }),
    kits,
    review: pageReview(review),
    jsonLd: {},
  }
  if (row.nameOrigin) json.nameOrigin = row.nameOrigin
  if (row.category) json.category = row.category
  if (row.seoTitle) json.seoTitle = row.seoTitle
  json.jsonLd = tumourJsonLd(json)
  return json
}

const text = (value: string): PhrasingContent => ({type: 'text', value})

/** All sources a page shows, cited ones first, each once. */
export function pageSources(page: TumourJson): ExportSource[] {
  const seen = new Map<string, ExportSource>()
  for (const s of [
    ...page.footnotes.map((f) => f.source),
    ...page.sections.flatMap((s) => s.sources),
    ...page.sources,
  ]) {
    if (!seen.has(s.id)) seen.set(s.id, s)
  }
  return [...seen.values()]
}

/** Title (linked), publisher, licence (linked to its text when known) and access date. */
function sourceLine(source: ExportSource): PhrasingContent[] {
  const out: PhrasingContent[] = [
    {type: 'link', url: source.url, children: [text(source.title)]},
    text('.'),
  ]
  if (source.publisher) out.push(text(` ${source.publisher}.`))
  if (source.license) {
    out.push(text(' Licence: '))
    out.push(
      source.licenseUrl
        ? {type: 'link', url: source.licenseUrl, children: [text(source.license)]}
        : text(source.license),
    )
    out.push(text('.'))
  }
  if (source.accessedAt) out.push(text(` Accessed ${source.accessedAt}.`))
  return out
}

export function tumourToMarkdown(page: TumourJson): string {
  const body: RootContent[] = []
  for (const section of page.sections) {
    body.push(
      {type: 'heading', depth: 2, children: [text(section.heading)]},
      ...blocksToMdast(section.body),
    )
  }
  const sources = pageSources(page)
  if (sources.length > 0) {
    body.push({type: 'heading', depth: 2, children: [text('Sources')]})
    body.push({
      type: 'list',
      ordered: false,
      spread: false,
      children: sources.map(
        (source): ListItem => ({
          type: 'listItem',
          spread: false,
          children: [
            {type: 'paragraph', children: sourceLine(source), data: {recurring: true}},
            ...(source.attribution
              ? [
                  {
                    type: 'paragraph' as const,
                    children: [text(`Attribution: ${source.attribution}`)],
                    data: {recurring: true},
                  },
                ]
              : []),
          ],
        }),
      ),
    })
  }
  for (const footnote of page.footnotes) {
    const definition: FootnoteDefinition = {
      type: 'footnoteDefinition',
      identifier: String(footnote.number),
      label: String(footnote.number),
      children: [
        {
          type: 'paragraph',
          data: {recurring: true},
          children: [
            ...sourceLine(footnote.source),
            ...(footnote.locator ? [text(` See: ${footnote.locator}.`)] : []),
            ...(footnote.source.attribution ? [text(` ${footnote.source.attribution}`)] : []),
          ],
        },
      ],
    }
    body.push(definition)
  }
  const frontmatter = {
    title: page.seoTitle ?? page.name,
    name: page.name,
    slug: page.slug,
    synonyms: page.synonyms,
    nameOrigin: page.nameOrigin,
    category: page.category,
    summary: page.summary,
    codes: page.codes,
    kits: page.kits.map((k) => ({name: k.name, slug: k.slug, url: k.url})),
    lastReviewed: page.review.lastReviewed,
    nextReviewDue: page.review.nextReviewDue,
    reviewedBy: page.review.reviewedBy
      ? [page.review.reviewedBy.name, ...page.review.reviewedBy.credentials].join(', ')
      : undefined,
    review: reviewFrontmatter(page.review),
    sources: sources.map((s) => ({
      title: s.title,
      publisher: s.publisher,
      url: s.url,
      license: s.license,
    })),
  }
  return toMarkdownFile(frontmatter, body)
}
