import {ActivityIcon} from '@sanity/icons/Activity'
import {BookIcon} from '@sanity/icons/Book'
import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {ClockIcon} from '@sanity/icons/Clock'
import {CommentIcon} from '@sanity/icons/Comment'
import {InboxIcon} from '@sanity/icons/Inbox'
import {PackageIcon} from '@sanity/icons/Package'
import {TaskIcon} from '@sanity/icons/Task'
import {TimelineIcon} from '@sanity/icons/Timeline'
import {UsersIcon} from '@sanity/icons/Users'
import type {ComponentType} from 'react'
import type {ListItemBuilder, StructureBuilder, StructureResolver} from 'sanity/structure'
import {reviewListFilters} from './review/reviewLists.ts'
import {REVIEW_API_VERSION} from './review/reviewQueries.ts'

/** A list of pages in one review situation; pages are created elsewhere, so no create button. */
function reviewList(
  S: StructureBuilder,
  id: string,
  title: string,
  icon: ComponentType,
  filter: string,
): ListItemBuilder {
  return S.listItem()
    .id(id)
    .title(title)
    .icon(icon)
    .child(
      S.documentList()
        .id(id)
        .title(title)
        .apiVersion(REVIEW_API_VERSION)
        .filter(filter)
        .defaultOrdering([{field: '_updatedAt', direction: 'desc'}])
        // Last: the builder infers templates again on every later call.
        .initialValueTemplates([]),
    )
}

/** What medical reviewers and writers look at first: who is waiting for whom. */
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
          reviewList(
            S,
            'awaiting-review',
            'Awaiting review',
            InboxIcon,
            reviewListFilters.awaitingReview,
          ),
          reviewList(
            S,
            'changes-requested',
            'Changes requested',
            CommentIcon,
            reviewListFilters.changesRequested,
          ),
          reviewList(
            S,
            'review-overdue',
            'Review overdue',
            ClockIcon,
            reviewListFilters.reviewOverdue,
          ),
          reviewList(
            S,
            'approved-not-published',
            'Approved, not yet published',
            CheckmarkCircleIcon,
            reviewListFilters.approvedNotPublished,
          ),
          S.divider(),
          S.listItem()
            .id('review-decisions')
            .title('Review decisions')
            .icon(TimelineIcon)
            .child(
              S.documentTypeList('approval')
                .id('review-decisions')
                .title('Review decisions')
                .apiVersion(REVIEW_API_VERSION)
                .defaultOrdering([{field: 'decidedAt', direction: 'desc'}])
                .initialValueTemplates([]),
            ),
        ]),
    )
}

/**
 * Writers think in tumour pages first, then products, then the sources and people the pages
 * cite. The review lists (awaiting review, overdue …) sit above the content lists.
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
        .icon(ActivityIcon)
        .child(
          S.documentTypeList('tumour')
            .title('Tumours A–Z')
            .defaultOrdering([{field: 'name', direction: 'asc'}]),
        ),
      S.listItem()
        .id('kits')
        .title('Kit products')
        .icon(PackageIcon)
        .child(S.documentTypeList('kitProduct').title('Kit products')),
      S.divider(),
      S.listItem()
        .id('sources')
        .title('Sources')
        .icon(BookIcon)
        .child(
          S.documentTypeList('source')
            .title('Sources')
            .defaultOrdering([{field: 'title', direction: 'asc'}]),
        ),
      S.listItem()
        .id('people')
        .title('People')
        .icon(UsersIcon)
        .child(S.documentTypeList('person').title('People')),
    ])
