import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {ClockIcon} from '@sanity/icons/Clock'
import {CommentIcon} from '@sanity/icons/Comment'
import {EditIcon} from '@sanity/icons/Edit'
import {ErrorOutlineIcon} from '@sanity/icons/ErrorOutline'
import {InboxIcon} from '@sanity/icons/Inbox'
import {PublishIcon} from '@sanity/icons/Publish'
import {TaskIcon} from '@sanity/icons/Task'
import {TimelineIcon} from '@sanity/icons/Timeline'
import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import type {ComponentType} from 'react'
import type {ListItemBuilder, StructureBuilder, StructureResolver} from 'sanity/structure'
import {CATEGORIES, type CategoryId} from '../pipeline/workflow/categorize.ts'
import {STATEMENT_TYPE} from '../pipeline/workflow/statement.ts'
import {ReviewListPane} from './review/ReviewListPane.tsx'
import {REVIEW_API_VERSION} from './review/reviewQueries.ts'
import {TYPE_ICONS} from './schemaDecorations.ts'

const ICONS: Record<CategoryId, ComponentType> = {
  awaitingReview: InboxIcon,
  changesRequested: CommentIcon,
  overdue: ClockIcon,
  publishedWithoutApproval: WarningOutlineIcon,
  publishedDiffers: WarningOutlineIcon,
  shownChanged: PublishIcon,
  approvedNotPublished: CheckmarkCircleIcon,
  draftsInProgress: EditIcon,
  signatureProblems: ErrorOutlineIcon,
}

/** `awaitingReview` → `awaiting-review`: pane ids appear in the Studio's URLs. */
export const paneIdOf = (category: CategoryId) =>
  category.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)

/**
 * A review list: pages sorted by their verified signed history (ReviewListPane), each opening
 * beside the list. Pages are created elsewhere, so there is no create button.
 */
function reviewList(S: StructureBuilder, category: (typeof CATEGORIES)[number]): ListItemBuilder {
  const id = paneIdOf(category.id)
  return S.listItem()
    .id(id)
    .title(category.title)
    .icon(ICONS[category.id])
    .child(
      S.component(ReviewListPane)
        .id(id)
        .title(category.title)
        .options({category: category.id})
        .child((documentId, {params}) =>
          S.document()
            .documentId(documentId)
            .schemaType(String(params?.type ?? '')),
        ),
    )
}

/** What medical reviewers and writers look at first: who is waiting for whom, and what is wrong. */
function reviewGroup(S: StructureBuilder): ListItemBuilder {
  return S.listItem()
    .id('review')
    .title('Review')
    .icon(TaskIcon)
    .child(
      S.list()
        .id('review')
        .title('Review')
        .items([
          ...CATEGORIES.map((category) => reviewList(S, category)),
          S.divider(),
          S.listItem()
            .id('review-statements')
            .title('Review statements')
            .icon(TimelineIcon)
            .child(
              S.documentTypeList(STATEMENT_TYPE)
                .id('review-statements')
                .title('Review statements')
                .apiVersion(REVIEW_API_VERSION)
                .defaultOrdering([{field: '_createdAt', direction: 'desc'}])
                .initialValueTemplates([]),
            ),
        ]),
    )
}

/**
 * Writers think in tumour pages first, then products, then the sources the pages cite. The
 * review lists sit above the content lists. Reviewers and their credentials live in the
 * keyring (the Signing key tool lists them), not in documents.
 */
export const structure: StructureResolver = (S) =>
  S.list()
    .id('root')
    .title('Content')
    .items([
      reviewGroup(S),
      S.divider(),
      S.listItem()
        .id('tumours')
        .title('Tumours A–Z')
        .icon(TYPE_ICONS.tumour)
        .child(
          S.documentTypeList('tumour')
            .title('Tumours A–Z')
            .defaultOrdering([{field: 'name', direction: 'asc'}]),
        ),
      S.listItem()
        .id('kits')
        .title('Kit products')
        .icon(TYPE_ICONS.kitProduct)
        .child(S.documentTypeList('kitProduct').title('Kit products')),
      S.divider(),
      S.listItem()
        .id('sources')
        .title('Sources')
        .icon(TYPE_ICONS.source)
        .child(
          S.documentTypeList('source')
            .title('Sources')
            .defaultOrdering([{field: 'title', direction: 'asc'}]),
        ),
    ])
