import type {Path, PathSegment} from '@sanity/types'
import {checkSlug} from '../../schemas/rules/slug.ts'
import {checkHref, checkWebUrl} from '../../schemas/rules/urlPolicy.ts'
import {documentFailure} from '../documentFailure.ts'
import {type ContentIssue, isPageType, type SanityDoc} from '../types.ts'
import {type PathNode, pathOf, pathText} from './pathText.ts'
import {type ReferenceTargets, schemaPath} from './referenceTargets.ts'

type Visit = (
  value: Record<string, unknown>,
  path: () => Path,
  parentKey: string | undefined,
) => void

/** Depth-first walk over every object in a document, with Sanity paths (keyed where possible). */
export function walkObjects(doc: SanityDoc, visit: Visit): void {
  const stack: [unknown, PathNode | undefined, string | undefined][] = [[doc, undefined, undefined]]
  while (stack.length > 0) {
    const [value, node, parentKey] = stack.pop() as [
      unknown,
      PathNode | undefined,
      string | undefined,
    ]
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item = value[i]
        const key = (item as {_key?: unknown})?._key
        const segment: PathSegment = typeof key === 'string' ? {_key: key} : i
        stack.push([item, {parent: node, segment}, parentKey])
      }
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>
      visit(record, () => pathOf(node), parentKey)
      const keys = Object.keys(record)
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string
        const child = record[key]
        if (typeof child === 'object' && child !== null)
          stack.push([child, {parent: node, segment: key}, key])
      }
    }
  }
}

const slugOf = (doc: SanityDoc) => (doc.slug as {current?: unknown} | undefined)?.current

/** The slug of a page (tumour or kit) when it is safe as a file name; else undefined. */
function pageSlug(doc: SanityDoc): string | undefined {
  if (!isPageType(doc._type)) return undefined
  const slug = slugOf(doc)
  return checkSlug(slug) ? undefined : (slug as string)
}

/** Where the export may drop a bad URL and keep the rest of the document. */
export function isDroppableUrl(
  record: Record<string, unknown>,
  parentKey: string | undefined,
): 'href' | 'url' | undefined {
  if (record._type === 'link' && parentKey === 'markDefs') return 'href'
  if (record._type === 'callToAction' || parentKey === 'callToAction') return 'url'
  return undefined
}

type IssueSink = (
  documentId: string,
  path: Path,
  level: ContentIssue['level'],
  code: string,
  message: string,
) => void

/**
 * Deepest list level a page may use. Each level nests the Markdown once more, and the
 * serializer recurses per level, so thousands overflow the render worker's stack and even a
 * thousand render slowly. Editors indent a handful of levels.
 */
export const MAX_LIST_LEVEL = 10

function checkReference(
  doc: SanityDoc,
  ref: string,
  weak: boolean,
  path: Path,
  visible: ReadonlyMap<string, SanityDoc>,
  targets: ReferenceTargets,
  issue: IssueSink,
): void {
  const allowed = targets.get(schemaPath(doc._type, path))
  const target = visible.get(ref)
  if (target && allowed && !allowed.includes(target._type)) {
    issue(
      doc._id,
      path,
      'error',
      'wrong-reference-type',
      `References "${ref}", a ${target._type}, where only ${allowed.join(' or ')} is allowed. Choose a ${allowed.join(' or ')}.`,
    )
  }
  if (!target) {
    issue(
      doc._id,
      path,
      weak ? 'warning' : 'error',
      'missing-reference',
      weak
        ? `The weak reference to "${ref}" points to no document; it is left out.`
        : `References "${ref}", which does not exist in this dataset (or is not published). Publish that document, or remove the reference.`,
    )
  }
}

/** The checks of one document that need no other document's slug. */
function checkDocument(
  doc: SanityDoc,
  visible: ReadonlyMap<string, SanityDoc>,
  targets: ReferenceTargets,
  issue: IssueSink,
): void {
  walkObjects(doc, (record, pathTo, parentKey) => {
    for (const key in record) {
      const value = record[key]
      if (Array.isArray(value) && value.includes(null)) {
        const index = value.indexOf(null)
        issue(
          doc._id,
          [...pathTo(), key, index],
          'error',
          'null-item',
          `Item ${index + 1} of this list is null. Remove the empty item.`,
        )
      }
    }
    if (typeof record._ref === 'string')
      checkReference(doc, record._ref, record._weak === true, pathTo(), visible, targets, issue)
    if (
      record._type === 'block' &&
      typeof record.level === 'number' &&
      record.level > MAX_LIST_LEVEL
    ) {
      issue(
        doc._id,
        [...pathTo(), 'level'],
        'error',
        'list-too-deep',
        `The list item is indented ${record.level} levels; at most ${MAX_LIST_LEVEL} can be shown. Outdent it in the Studio.`,
      )
    }
    const urlField = isDroppableUrl(record, parentKey)
    if (urlField && record[urlField] !== undefined) {
      const verdict = checkHref(record[urlField])
      if (!verdict.ok) {
        issue(
          doc._id,
          [...pathTo(), urlField],
          'warning',
          'unsafe-link',
          `Link dropped from the output: ${verdict.reason}`,
        )
      }
    }
  })
  if (doc._type === 'source') {
    const url = checkWebUrl(doc.url)
    if (!url.ok) issue(doc._id, ['url'], 'error', 'unsafe-link', url.reason)
    if (doc.licenseUrl !== undefined) {
      const licence = checkWebUrl(doc.licenseUrl)
      if (!licence.ok)
        issue(
          doc._id,
          ['licenseUrl'],
          'warning',
          'unsafe-link',
          `Licence link dropped from the output: ${licence.reason}`,
        )
    }
  }
  const problem = isPageType(doc._type) && checkSlug(slugOf(doc))
  if (problem) {
    issue(
      doc._id,
      ['slug'],
      'error',
      'unsafe-slug',
      `The slug cannot be used as a file name: ${problem}`,
    )
  }
}

/**
 * Checks the Studio cannot make across documents or that protect the output: references
 * that resolve, slugs that are unique (also ignoring case) and safe as file names, and URLs
 * that pass the link policy. `visible` holds the documents of the chosen perspective.
 * `documents` are walked; slugs are compared across `slugDocuments` (by default the same),
 * so an incremental run can walk only what changed and still find a slug taken since.
 */
export function checkIntegrity(
  documents: SanityDoc[],
  visible: ReadonlyMap<string, SanityDoc>,
  targets: ReferenceTargets = new Map(),
  slugDocuments: Iterable<SanityDoc> = documents,
): ContentIssue[] {
  const issues: ContentIssue[] = []
  const issue = (
    documentId: string,
    path: Path,
    level: ContentIssue['level'],
    code: string,
    message: string,
  ) => issues.push({documentId, path: pathText(path), level, message, code})

  for (const doc of documents) {
    try {
      checkDocument(doc, visible, targets, issue)
    } catch (error) {
      issues.push(documentFailure(doc._id, 'Checking references, links and the slug', error))
    }
  }
  const slugOwners = new Map<string, string[]>()
  for (const doc of slugDocuments) {
    const slug = pageSlug(doc)
    if (!slug) continue
    const key = `${doc._type}\u0000${slug.toLowerCase()}`
    slugOwners.set(key, [...(slugOwners.get(key) ?? []), doc._id])
  }
  for (const owners of slugOwners.values()) {
    if (owners.length < 2) continue
    for (const id of owners) {
      const others = owners.filter((other) => other !== id).join(', ')
      issue(
        id,
        ['slug'],
        'error',
        'duplicate-slug',
        `The slug is also used by ${others} (letter case ignored, as on case-insensitive file systems). Give each page its own slug.`,
      )
    }
  }
  return issues
}
