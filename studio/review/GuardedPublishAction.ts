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

/**
 * Replaces the Studio's Publish for reviewed pages: the same publish operation, allowed only
 * when the state machine allows it (this exact content approved, no validation errors).
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
  // The published revision when Publish was clicked: we are publishing until it changes.
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
  if (props.release) return null
  return {
    label: publishing ? 'Publishing…' : 'Publish',
    icon: PublishIcon,
    tone: 'default',
    disabled: model.disabled || publishing,
    title: model.title,
    shortcut: model.disabled ? undefined : 'Ctrl+Alt+P',
    onHandle: () => {
      setPublishingFrom(published?._rev ?? null)
      publish.execute()
    },
  }
}
GuardedPublishAction.action = 'publish'
GuardedPublishAction.displayName = 'GuardedPublishAction'
