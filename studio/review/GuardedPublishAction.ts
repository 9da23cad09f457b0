import {PublishIcon} from '@sanity/icons/Publish'
import {useEffect, useState} from 'react'
import {
  type DocumentActionComponent,
  useDocumentOperation,
  useDocumentPairPermissions,
  useSyncState,
  useValidationStatus,
} from 'sanity'
import {publishModel} from './actionModel.ts'
import {useReviewContext} from './useReviewContext.ts'
import {useSignedAction} from './useSignedAction.tsx'

/**
 * Replaces the Studio's Publish for reviewed pages: a publisher signs `published` for exactly
 * the approved content, then the Studio's own publish operation runs. Disabled, with the
 * reason, until the state machine allows it (this content approved, no validation errors).
 */
export const GuardedPublishAction: DocumentActionComponent = (props) => {
  const {id, type, draft, published} = props
  const review = useReviewContext(props)
  const {publish} = useDocumentOperation(id, type)
  const current = draft ?? published
  const validation = useValidationStatus(current?._id ?? id, type, true)
  const {isSyncing} = useSyncState(id, type)
  const [permissions, permissionsLoading] = useDocumentPairPermissions({
    id,
    type,
    permission: 'publish',
  })
  // The published revision when the operation started: we are publishing until it changes.
  const [publishingFrom, setPublishingFrom] = useState<string | null>()
  const publishing = publishingFrom !== undefined && publishingFrom === (published?._rev ?? null)
  useEffect(() => {
    if (publishingFrom === undefined) return
    const timer = setTimeout(() => setPublishingFrom(undefined), 10_000)
    return () => clearTimeout(timer)
  }, [publishingFrom])

  const model = publishModel(review.context, {
    validationErrors: validation.validation.filter((marker) => marker.level === 'error').length,
    // Markers for an older revision do not count: wait for the ones of what would be published.
    validating: validation.isValidating || validation.revision !== current?._rev,
    syncing: isSyncing,
    operationDisabled: publish.disabled,
    permitted: permissionsLoading ? undefined : Boolean(permissions?.granted),
  })
  const runPublishOperation = () => {
    setPublishingFrom(published?._rev ?? null)
    publish.execute()
  }
  const signing = useSignedAction({
    id,
    action: 'publish',
    review,
    afterSign: () => {
      if (model.publishOperation) runPublishOperation()
    },
  })
  if (props.release) return null
  return {
    label: publishing || signing.busy ? 'Publishing…' : 'Publish',
    icon: PublishIcon,
    tone: 'default',
    disabled: model.disabled || publishing || signing.busy,
    title: model.title,
    shortcut: model.disabled ? undefined : 'Ctrl+Alt+P',
    // Already signed, not yet copied: finish the copy; there is nothing to sign.
    onHandle: model.sign ? signing.open : runPublishOperation,
    dialog: signing.dialog,
  }
}
GuardedPublishAction.action = 'publish'
GuardedPublishAction.displayName = 'GuardedPublishAction'
