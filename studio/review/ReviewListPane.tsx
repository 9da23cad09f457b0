import {Box, Card, Flex, Spinner, Stack, Text} from '@sanity/ui'
import {type ComponentProps, type ComponentType, useCallback, useSyncExternalStore} from 'react'
import {type SanityClient, useClient} from 'sanity'
import {type ChildLinkProps, usePaneRouter} from 'sanity/structure'
import {PAGE_TYPES} from '../../pipeline/types.ts'
import {CATEGORIES, type CategoryId} from '../../pipeline/workflow/categorize.ts'
import {STATEMENT_TYPE} from '../../pipeline/workflow/statement.ts'
import {bundledKeyring} from './keyring.ts'
import {todayOf} from './pageLedger.ts'
import {type ListedPage, loadReviewLists, type ReviewLists} from './reviewLists.ts'
import {REVIEW_API_VERSION} from './reviewQueries.ts'
import {createSharedQuery} from './sharedQuery.ts'
import {ledgerClientOf, studioVerifier} from './useReviewContext.ts'

/** Writes come in bursts while someone types: the lists are computed again once it is quiet. */
const QUIET_MS = 1500

/** One load of every list, shared by the open list panes, refreshed on changes. */
const reviewLists = createSharedQuery<SanityClient, ReviewLists>({
  fetch: (client) =>
    loadReviewLists(ledgerClientOf(client), studioVerifier, bundledKeyring, todayOf(new Date())),
  watch: (client, _key, onChange) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const subscription = client
      .listen(
        '*[_type in $types]',
        {types: [...PAGE_TYPES, STATEMENT_TYPE]},
        {events: ['mutation'], includeResult: false, visibility: 'query', tag: 'review.lists'},
      )
      .subscribe({
        next: () => {
          clearTimeout(timer)
          timer = setTimeout(onChange, QUIET_MS)
        },
        error: () => undefined,
      })
    return {
      unsubscribe: () => {
        clearTimeout(timer)
        subscription.unsubscribe()
      },
    }
  },
})

type LinkProps = ComponentProps<'a'> & {pageId: string; pageType: string}

/** The pane router's link to a page (its ChildLink passes anchor props on, as the Studio's own lists use it). */
function PageLink({pageId, pageType, ...anchor}: LinkProps) {
  const {ChildLink} = usePaneRouter()
  const Link = ChildLink as ComponentType<ChildLinkProps & ComponentProps<'a'>>
  return <Link {...anchor} childId={pageId} childParameters={{type: pageType}} />
}

/** One page of a list: a card that opens the page in the pane beside the list. */
function PageItem({page, selected}: {page: ListedPage; selected: boolean}) {
  return (
    <Card
      as={PageLink}
      data-as="a"
      padding={3}
      radius={2}
      selected={selected}
      pageId={page.id}
      pageType={page.type}
    >
      <Stack gap={2}>
        <Text size={1} weight="medium">
          {page.title}
        </Text>
        {page.detail ? (
          <Text size={1} muted style={{whiteSpace: 'pre-line'}}>
            {page.detail}
          </Text>
        ) : null}
      </Stack>
    </Card>
  )
}

export interface ReviewListPaneProps {
  options?: Record<string, unknown>
  childItemId?: string
}

/**
 * A review list (S.component): the pages in one category, each with why it is there, each
 * opening the page beside the list. `options.category` names the category.
 */
export function ReviewListPane({options, childItemId}: ReviewListPaneProps) {
  const category = options?.category as CategoryId
  const client = useClient({apiVersion: REVIEW_API_VERSION})
  const subscribe = useCallback(
    (listener: () => void) => reviewLists.subscribe(client, 'all', listener),
    [client],
  )
  const lists = useSyncExternalStore(subscribe, () => reviewLists.getSnapshot(client, 'all'))
  const about = CATEGORIES.find((c) => c.id === category)
  const pages = lists.value?.[category]

  return (
    <Stack gap={1} padding={2} data-testid={`review-list-${category}`}>
      <Box padding={2}>
        <Text size={1} muted>
          {about?.description}
        </Text>
      </Box>
      {lists.error ? (
        <Card padding={3} tone="critical" radius={2}>
          <Text size={1}>The review list could not be loaded: {lists.error}</Text>
        </Card>
      ) : null}
      {!pages && !lists.error ? (
        <Flex padding={3} gap={2} align="center">
          <Spinner muted />
          <Text size={1} muted>
            Checking signatures…
          </Text>
        </Flex>
      ) : null}
      {pages?.length === 0 ? (
        <Box padding={3}>
          <Text size={1} muted>
            No pages.
          </Text>
        </Box>
      ) : null}
      {pages?.map((page) => (
        <PageItem key={page.id} page={page} selected={childItemId === page.id} />
      ))}
    </Stack>
  )
}
