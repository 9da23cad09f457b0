import {Box, Button, Dialog, Flex, Stack, Text, TextArea} from '@sanity/ui'
import {type ChangeEvent, useCallback, useId, useState} from 'react'

export interface RequestChangesDialogProps {
  /** Called with the trimmed comment when the reviewer confirms. */
  onSubmit: (comment: string) => void
  onCancel: () => void
  /** The decision is being saved: keep the dialog open but inert. */
  busy?: boolean
  /** The page's name, for the header. */
  documentTitle?: string
}

/**
 * Sending a page back needs a comment the writer can act on, so the confirm button stays
 * disabled until there is one. Purely presentational: the action decides and writes.
 */
export function RequestChangesDialog({
  onSubmit,
  onCancel,
  busy = false,
  documentTitle,
}: RequestChangesDialogProps) {
  const id = useId()
  const [comment, setComment] = useState('')
  const trimmed = comment.trim()
  const handleChange = useCallback(
    (event: ChangeEvent<HTMLTextAreaElement>) => setComment(event.currentTarget.value),
    [],
  )
  const handleConfirm = useCallback(() => {
    if (trimmed) onSubmit(trimmed)
  }, [onSubmit, trimmed])

  return (
    <Dialog
      id={`request-changes-${id}`}
      header={documentTitle ? `Request changes: ${documentTitle}` : 'Request changes'}
      onClose={busy ? undefined : onCancel}
      width={1}
      footer={
        <Flex gap={2} justify="flex-end" padding={3}>
          <Button mode="ghost" text="Cancel" onClick={onCancel} disabled={busy} />
          <Button
            tone="critical"
            text={busy ? 'Sending…' : 'Request changes'}
            onClick={handleConfirm}
            disabled={busy || !trimmed}
          />
        </Flex>
      }
    >
      <Box padding={4}>
        <Stack gap={3}>
          <Text as="label" htmlFor={`${id}-comment`} size={1} weight="medium">
            What needs to change?
          </Text>
          <TextArea
            id={`${id}-comment`}
            rows={5}
            value={comment}
            onChange={handleChange}
            disabled={busy}
            placeholder="For example: cite a source for the incidence figure in the first section."
          />
          <Text size={1} muted>
            The writer sees this comment with the decision. It is kept in the review record.
          </Text>
        </Stack>
      </Box>
    </Dialog>
  )
}
