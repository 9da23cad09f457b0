import {
  Box,
  Button,
  Card,
  Dialog,
  Flex,
  Radio,
  Select,
  Stack,
  Text,
  TextArea,
  TextInput,
} from '@sanity/ui'
import {type ReactNode, useEffect, useId, useState} from 'react'
import type {ReviewScope, StatementKind} from '../../pipeline/workflow/statement.ts'
import {meaningOf} from '../../pipeline/workflow/statement.ts'
import {
  canSign,
  DEFAULT_REVIEW_INTERVAL,
  DIALOG_TEXT,
  formatSigningTime,
  REVIEW_INTERVALS,
  type SigningChoice,
} from './confirmation.ts'
import {signerTitle} from './enrollment.ts'

export interface ConfirmSignatureDialogProps {
  kind: StatementKind
  /** The page's name, as the signer knows it. */
  pageTitle: string
  signer: {name: string; credentials: string[]; kid: string}
  onConfirm: (choice: SigningChoice) => void
  onCancel: () => void
  /** The statement is being signed and saved: keep the dialog open but inert. */
  busy?: boolean
  /** The clock shown; the statement is signed with the time of the click. */
  now?: () => Date
}

const TONE: Record<StatementKind, 'primary' | 'positive' | 'critical'> = {
  submitted: 'primary',
  approved: 'positive',
  changesRequested: 'critical',
  published: 'positive',
}

function useClock(now: () => Date): Date {
  const [time, setTime] = useState(now)
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 1000)
    return () => clearInterval(timer)
  }, [now])
  return time
}

function Row({label, children}: {label: string; children: ReactNode}) {
  return (
    <Flex gap={3}>
      <Box style={{width: '4em', flex: 'none'}}>
        <Text size={1} muted>
          {label}
        </Text>
      </Box>
      <Box flex={1}>{children}</Box>
    </Flex>
  )
}

/** Full review (with its interval) or review of a change. */
function ScopeChoice(props: {
  id: string
  scope: ReviewScope
  months: number
  onScope: (scope: ReviewScope) => void
  onMonths: (months: number) => void
  disabled: boolean
}) {
  const {id, scope, months, onScope, onMonths, disabled} = props
  return (
    <Stack gap={3}>
      <Text size={1} weight="medium">
        What did you review?
      </Text>
      {(['full', 'change'] as const).map((value) => (
        <Flex key={value} align="center" gap={2}>
          <Radio
            id={`${id}-${value}`}
            name={`${id}-scope`}
            value={value}
            checked={scope === value}
            disabled={disabled}
            onChange={() => onScope(value)}
          />
          <Text as="label" htmlFor={`${id}-${value}`} size={1}>
            {value === 'full'
              ? 'The whole page (a full medical review: it sets the review date)'
              : 'Only the changes (the review date stays as it was)'}
          </Text>
        </Flex>
      ))}
      {scope === 'full' ? (
        <Flex align="center" gap={2}>
          <Text as="label" htmlFor={`${id}-interval`} size={1}>
            Next full review due in
          </Text>
          <Select
            id={`${id}-interval`}
            value={String(months)}
            disabled={disabled}
            onChange={(event) => onMonths(Number(event.currentTarget.value))}
          >
            {REVIEW_INTERVALS.map((m) => (
              <option key={m} value={m}>
                {m} months
              </option>
            ))}
          </Select>
        </Flex>
      ) : null}
    </Stack>
  )
}

/** §11.50: what is signed, by whom, when, with which key. */
function Manifestation(props: {
  pageTitle: string
  signer: ConfirmSignatureDialogProps['signer']
  time: Date
}) {
  return (
    <Stack gap={3}>
      <Row label="Page">
        <Text size={1} weight="medium">
          {props.pageTitle}
        </Text>
      </Row>
      <Row label="Signer">
        <Text size={1}>{signerTitle(props.signer)}</Text>
      </Row>
      <Row label="Time">
        <Text size={1}>{formatSigningTime(props.time)} (signed when you confirm)</Text>
      </Row>
      <Row label="Key">
        <Text size={1} muted>
          {props.signer.kid}
        </Text>
      </Row>
    </Stack>
  )
}

function CommentField(props: {
  id: string
  value: string
  onChange: (comment: string) => void
  disabled: boolean
}) {
  return (
    <Stack gap={2}>
      <Text as="label" htmlFor={`${props.id}-comment`} size={1} weight="medium">
        What needs to change?
      </Text>
      <TextArea
        id={`${props.id}-comment`}
        rows={4}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        placeholder="For example: cite a source for the incidence figure in the first section."
      />
    </Stack>
  )
}

/**
 * The confirmation before every signature: what is signed, by whom, when, and what it means,
 * then a deliberate act (typing one's full name). Purely presentational: the action signs.
 */
export function ConfirmSignatureDialog(props: ConfirmSignatureDialogProps) {
  const {kind, pageTitle, signer, onConfirm, onCancel, busy = false, now = DEFAULT_NOW} = props
  const id = useId()
  const time = useClock(now)
  const [typedName, setTypedName] = useState('')
  const [comment, setComment] = useState('')
  const [scope, setScope] = useState<ReviewScope>('full')
  const [months, setMonths] = useState<number>(DEFAULT_REVIEW_INTERVAL)
  const text = DIALOG_TEXT[kind]
  const ready = canSign(kind, {typedName, name: signer.name, comment})
  const confirm = () => {
    if (!ready || busy) return
    if (kind === 'approved')
      onConfirm(scope === 'full' ? {scope, reviewIntervalMonths: months} : {scope})
    else if (kind === 'changesRequested') onConfirm({comment: comment.trim()})
    else onConfirm({})
  }

  return (
    <Dialog
      id={`sign-${id}`}
      header={text.header}
      onClose={busy ? undefined : onCancel}
      width={1}
      footer={
        <Flex gap={2} justify="flex-end" padding={3}>
          <Button mode="ghost" text="Cancel" onClick={onCancel} disabled={busy} />
          <Button
            tone={TONE[kind]}
            text={busy ? 'Signing…' : text.confirm}
            onClick={confirm}
            disabled={busy || !ready}
          />
        </Flex>
      }
    >
      <Box padding={4}>
        <Stack gap={4}>
          <Manifestation pageTitle={pageTitle} signer={signer} time={time} />
          {kind === 'approved' ? (
            <ScopeChoice
              id={id}
              scope={scope}
              months={months}
              onScope={setScope}
              onMonths={setMonths}
              disabled={busy}
            />
          ) : null}
          {kind === 'changesRequested' ? (
            <CommentField id={id} value={comment} onChange={setComment} disabled={busy} />
          ) : null}
          <Card padding={3} radius={2} tone={TONE[kind]} border>
            <Stack gap={2}>
              <Text size={1} muted>
                The meaning of your signature, signed with it:
              </Text>
              <Text size={1} weight="medium" data-testid="signature-meaning">
                “{meaningOf(kind, scope)}”
              </Text>
            </Stack>
          </Card>
          <Stack gap={2}>
            <Text as="label" htmlFor={`${id}-name`} size={1} weight="medium">
              To sign, type your full name: {signer.name}
            </Text>
            <TextInput
              id={`${id}-name`}
              value={typedName}
              disabled={busy}
              autoComplete="off"
              onChange={(event) => setTypedName(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') confirm()
              }}
            />
          </Stack>
        </Stack>
      </Box>
    </Dialog>
  )
}

const DEFAULT_NOW = () => new Date()
