import {checkSlug} from '../../schemas/rules/slug.ts'
import type {ContentIssue, SanityDoc} from '../types.ts'
import {fileIssue} from './issues.ts'
import {assignKeys} from './keys.ts'
import {extractNameFacts} from './nameFacts.ts'
import {cutAtWord, firstSentence, summarize} from './sentences.ts'
import {slugify} from './slugify.ts'
import {sourceDocument} from './sourceDocument.ts'
import type {PageDocuments, ParsedKit, ParsedPage, PtBlock} from './types.ts'

export interface PageDocumentsResult {
  /** Missing when the page cannot become a valid tumour; `issues` then holds the error. */
  documents?: PageDocuments
  issues: ContentIssue[]
}

export const CALL_TO_ACTION_LABEL = 'Request a test'

/** A parsed page as new documents: the tumour, its source and its kits, all keyed. */
export function pageToDocuments(page: ParsedPage, {date}: {date: string}): PageDocumentsResult {
  const issues: ContentIssue[] = []
  const fail = (message: string, line?: number): PageDocumentsResult => ({
    issues: [...issues, fileIssue('error', page.file, line, message)],
  })
  const slug = slugify(page.name)
  const slugProblem = checkSlug(slug)
  if (slugProblem)
    return fail(`The name "${page.name}" gives no usable page address: ${slugProblem}`)
  if (page.opening.length === 0 && page.sections.length === 0) {
    return fail('The page has a name but no text.')
  }

  let source: SanityDoc | undefined
  if (!page.source) {
    issues.push(
      fileIssue(
        'warning',
        page.file,
        undefined,
        'The page has no "Source:" line, so it cites no source.',
      ),
    )
  } else {
    const result = sourceDocument(page.source, page.name, date)
    if ('problem' in result)
      issues.push(fileIssue('warning', page.file, page.source.line, result.problem))
    else source = result.document
  }

  const openingText = blocksToText(page.opening)
  const facts = extractNameFacts(openingText, page.name)
  // The origin of the name has a field of its own; in a one-line summary it is clutter.
  const summaryText = facts.originText
    ? openingText.replace(facts.originText, '').replace(/(?<!\s)\s+([,.;:])/g, '$1')
    : openingText
  const summary =
    summarize(summaryText) ??
    summarize(
      [summaryText, ...page.sections.map((section) => blocksToText(section.body))].join('\n\n'),
    )
  if (!summary) return fail('The page has too little text for a summary (at least 50 characters).')

  const tumourId = `tumour-${slug}`
  const sources = source ? {sources: [{_type: 'reference', _ref: source._id}]} : {}
  const sections = [
    ...(page.opening.length > 0
      ? [{heading: 'Overview', kind: 'overview', body: page.opening}]
      : []),
    ...page.sections,
  ].map(({heading, kind, body}) => ({_type: 'section', heading, kind, body, ...sources}))
  const tumour = assignKeys(tumourId, {
    _id: tumourId,
    _type: 'tumour',
    name: page.name,
    slug: {_type: 'slug', current: slug},
    ...(facts.synonyms.length > 0 ? {synonyms: facts.synonyms} : {}),
    ...(facts.nameOrigin ? {nameOrigin: facts.nameOrigin} : {}),
    summary,
    sections,
    ...sources,
  })

  const kits: SanityDoc[] = []
  for (const kit of page.kits) {
    const built = kitDocument(kit, tumourId)
    if (built.warning) issues.push(fileIssue('warning', page.file, kit.line, built.warning))
    if (built.document) kits.push(built.document)
  }
  return {documents: {file: page.file, tumour, kits, ...(source ? {source} : {})}, issues}
}

/** The Studio's limit for a kit's tagline (kitProduct.ts). */
export const TAGLINE_MAX = 140

/** The kit's first sentence, cut at a word when it is longer than a tagline may be. */
function taglineOf(kit: ParsedKit): {tagline?: string; warning?: string} {
  const sentence = firstSentence(blocksToText(kit.copy))?.replace(/\s+/g, ' ').replace(/\.$/, '')
  if (sentence === undefined || sentence.length <= TAGLINE_MAX) return {tagline: sentence}
  return {
    tagline: cutAtWord(sentence, TAGLINE_MAX),
    warning: `The first sentence of the kit "${kit.name}" is ${sentence.length} characters long; its tagline was cut to ${TAGLINE_MAX}. Check the tagline in the Studio.`,
  }
}

function kitDocument(kit: ParsedKit, tumourId: string): {document?: SanityDoc; warning?: string} {
  const slug = slugify(kit.name)
  const slugProblem = checkSlug(slug)
  if (slugProblem)
    return {
      warning: `Left out the kit "${kit.name}": its name gives no usable address. ${slugProblem}`,
    }
  const id = `kit-${slug}`
  const {tagline, warning} = taglineOf(kit)
  const document = assignKeys(id, {
    _id: id,
    _type: 'kitProduct',
    name: kit.name,
    slug: {_type: 'slug', current: slug},
    ...(tagline ? {tagline} : {}),
    ...(kit.copy.length > 0 ? {description: kit.copy} : {}),
    ...(kit.hasCallToAction
      ? {
          callToAction: {
            _type: 'callToAction',
            label: CALL_TO_ACTION_LABEL,
            url: `/request-a-test?kit=${slug}`,
          },
        }
      : {}),
    availableFor: [{_type: 'reference', _ref: tumourId}],
  })
  return warning ? {document, warning} : {document}
}

export function blocksToText(blocks: readonly PtBlock[]): string {
  return blocks.map((block) => block.children.map((span) => span.text).join('')).join('\n\n')
}
