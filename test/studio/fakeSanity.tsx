import {type ComponentProps, forwardRef} from 'react'

/**
 * The parts of `sanity` and `sanity/structure` the review code uses, replaced for browser tests
 * (each test file mocks the modules with these). The Content Lake behind `useClient` is a
 * groq-js stand-in (test/support/groqLake.ts); what this cannot show is the Studio's own
 * document store, validation and publish operation.
 */
export const studio = {
  client: undefined as unknown,
  /** Keys live in IndexedDB per project: a test switches people by switching projects. */
  projectId: 'review-test',
  /** What the publish operation does (the harness copies the draft over the published page). */
  onPublish: () => {},
  published: 0,
  /** The next publish operations fail (nothing is copied), as a lost connection would. */
  failPublish: false,
  publishDisabled: false as false | string,
  validationErrors: 0,
  revision: undefined as string | undefined,
}

export const fakeSanity = {
  useClient: () => studio.client,
  useProjectId: () => studio.projectId,
  useDocumentOperation: () => ({
    publish: {
      disabled: studio.publishDisabled,
      execute: () => {
        studio.published++
        if (!studio.failPublish) studio.onPublish()
      },
    },
  }),
  useValidationStatus: () => ({
    isValidating: false,
    validation: Array.from({length: studio.validationErrors}, () => ({level: 'error'})),
    revision: studio.revision,
  }),
  useSyncState: () => ({isSyncing: false}),
  useDocumentPairPermissions: () => [{granted: true}, false],
}

/** The pane router's link to a child pane, as an anchor naming the child. */
const ChildLink = forwardRef<
  HTMLAnchorElement,
  ComponentProps<'a'> & {childId: string; childParameters?: Record<string, string>}
>(function ChildLink({childId, childParameters, ...anchor}, ref) {
  return <a {...anchor} ref={ref} href={`#${childId}`} data-type={childParameters?.type} />
})

export const fakeStructure = {usePaneRouter: () => ({ChildLink})}
