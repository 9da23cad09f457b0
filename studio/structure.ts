import {ActivityIcon} from '@sanity/icons/Activity'
import {BookIcon} from '@sanity/icons/Book'
import {PackageIcon} from '@sanity/icons/Package'
import {UsersIcon} from '@sanity/icons/Users'
import type {StructureResolver} from 'sanity/structure'

/**
 * Writers think in tumour pages first, then products, then the sources and people the pages
 * cite. Review lists (awaiting review, overdue …) slot in above the content lists.
 */
export const structure: StructureResolver = (S) =>
  S.list()
    .id('root')
    .title('Content')
    .items([
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
