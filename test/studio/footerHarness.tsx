import {Box, Button, Card, Flex, Stack} from '@sanity/ui'
import {useCallback, useSyncExternalStore} from 'react'
import type {DocumentActionComponent, DocumentActionProps, DocumentBadgeComponent} from 'sanity'
import {commands, page} from 'vitest/browser'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {Algorithm} from '../../pipeline/workflow/keyring.ts'
import {GuardedPublishAction} from '../../studio/review/GuardedPublishAction.ts'
import {ReviewBadgeView} from '../../studio/review/ReviewBadgeView.tsx'
import {ReviewStateBadge, SignatureBadge} from '../../studio/review/ReviewStateBadge.ts'
import {
  ApproveAction,
  RequestChangesAction,
  SubmitForReviewAction,
} from '../../studio/review/signedActions.ts'
import {
  type LocalSigningKey,
  scopeOf,
  storeSigningKey,
} from '../../studio/review/signingKeyStore.ts'
import {type DemoKeyFile, demoKeyPair, demoKeyPath} from '../support/demoLocalKeys.ts'
import {type GroqLake, groqLake, parseNdjson} from '../support/groqLake.ts'
import {studio} from './fakeSanity.tsx'
import {renderInStudio} from './renderInStudio.tsx'

/**
 * The document footer of one page (its badges and actions, laid out as the Studio does) over a
 * groq-js Content Lake holding the embedded dataset, for a person whose key is in IndexedDB.
 */
export const ACTIONS: DocumentActionComponent[] = [
  GuardedPublishAction,
  SubmitForReviewAction,
  ApproveAction,
  RequestChangesAction,
]

let dataset: SanityDoc[] | undefined
export let lake: GroqLake

/** A fresh Content Lake with the embedded dataset, and a publish operation that works on it. */
export async function resetLake(): Promise<GroqLake> {
  dataset ??= parseNdjson(await commands.readFile('content/production.ndjson'))
  lake = groqLake(dataset)
  studio.client = lake.client
  studio.published = 0
  studio.failPublish = false
  studio.publishDisabled = false
  studio.validationErrors = 0
  await page.viewport(1000, 700)
  return lake
}

function ActionButton({
  action,
  props,
}: {
  action: DocumentActionComponent
  props: DocumentActionProps
}) {
  const description = action(props)
  if (!description) return null
  const {label, disabled, title, onHandle, tone, dialog} = description
  return (
    <>
      <Button
        text={label}
        tone={tone}
        mode={disabled ? 'ghost' : 'default'}
        disabled={disabled}
        title={typeof title === 'string' ? title : undefined}
        onClick={onHandle}
      />
      {dialog && dialog.type === 'custom' ? dialog.component : null}
    </>
  )
}

function Badge({badge, props}: {badge: DocumentBadgeComponent; props: DocumentActionProps}) {
  const description = badge(props)
  if (!description?.label) return null
  return (
    <ReviewBadgeView
      badges={[
        {label: description.label, color: description.color, title: description.title ?? ''},
      ]}
    />
  )
}

/** Re-reads the page's documents whenever the lake changes, as the document store would. */
function usePair(id: string) {
  const subscribe = useCallback(
    (onChange: () => void) =>
      lake.client.listen().subscribe({next: onChange}).unsubscribe as () => void,
    [],
  )
  const draft = useSyncExternalStore(subscribe, () =>
    lake.documents.find((d) => d._id === `drafts.${id}`),
  )
  const published = useSyncExternalStore(subscribe, () => lake.documents.find((d) => d._id === id))
  return {draft: draft ?? null, published: published ?? null}
}

export function Footer({id}: {id: string}) {
  const {draft, published} = usePair(id)
  // The Studio's publish: the draft becomes the published document.
  studio.onPublish = () => {
    const current = lake.documents.find((d) => d._id === `drafts.${id}`)
    if (!current) return
    lake.put({...current, _id: id})
    lake.remove(`drafts.${id}`)
  }
  studio.revision = (draft ?? published)?._rev
  const props = {
    id,
    type: (draft ?? published)?._type ?? 'tumour',
    draft,
    published,
    version: null,
    release: undefined,
    liveEdit: false,
    liveEditSchemaType: false,
    ready: true,
    transactionSyncLock: null,
    onComplete: () => {},
    initialValueResolved: true,
  } as unknown as DocumentActionProps
  return (
    <Card padding={3} border radius={2} data-testid="footer">
      <Flex gap={3} align="center" wrap="wrap">
        <Box flex={1}>
          <Flex gap={2} data-testid="badges">
            <Badge badge={ReviewStateBadge} props={props} />
            <Badge badge={SignatureBadge} props={props} />
          </Flex>
        </Box>
        {ACTIONS.map((action) => (
          <ActionButton key={action.displayName} action={action} props={props} />
        ))}
      </Flex>
    </Card>
  )
}

/** Puts a demo person's key (imported non-extractable) into IndexedDB for project `projectId`. */
export async function holdDemoKey(kid: string, projectId: string): Promise<LocalSigningKey> {
  const file = JSON.parse(await commands.readFile(demoKeyPath(kid))) as DemoKeyFile
  const {alg, keys} = await demoKeyPair(file)
  return storeSigningKey(scopeOf(projectId), alg as Algorithm, keys)
}

/** Opens a page's footer in the browser profile of `projectId` (whose key is the person's). */
export function openAs(projectId: string, id: string) {
  studio.projectId = projectId
  return renderInStudio(
    <Stack padding={4}>
      <Footer id={id} />
    </Stack>,
  )
}

export const button = (name: string) =>
  page.getByTestId('footer').getByRole('button', {name, exact: true})
export const badges = () => page.getByTestId('badges')
