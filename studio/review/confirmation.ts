import type {ReviewScope, StatementKind} from '../../pipeline/workflow/statement.ts'

/**
 * The deliberate act at each signing (21 CFR Part 11 §11.200): the signer reads what they sign
 * (the manifestation of §11.50: meaning, page, their name and credentials, the time) and types
 * their full name as the keyring has it. Copying a name is easy; doing it by accident is not.
 */

/** Spacing, Unicode composition and letter case do not matter; letters and accents do. */
export function nameMatches(typed: string, name: string): boolean {
  const tidy = (text: string) => text.normalize('NFC').trim().replace(/\s+/gu, ' ')
  const a = tidy(typed)
  return a !== '' && a.localeCompare(tidy(name), 'und', {sensitivity: 'accent'}) === 0
}

/** How a signing time is shown: to the second, in UTC, as it is signed. */
export function formatSigningTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

export const REVIEW_INTERVALS = [6, 12, 24] as const
export const DEFAULT_REVIEW_INTERVAL = 12

export interface SigningChoice {
  scope?: ReviewScope
  reviewIntervalMonths?: number
  comment?: string
}

/** What the dialog asks of each kind of statement. */
export const DIALOG_TEXT: Record<StatementKind, {header: string; confirm: string; done: string}> = {
  submitted: {
    header: 'Sign: submit for medical review',
    confirm: 'Sign and submit',
    done: 'Submitted for review.',
  },
  approved: {
    header: 'Sign: approve',
    confirm: 'Sign and approve',
    done: 'Approved. This version can now be published.',
  },
  changesRequested: {
    header: 'Sign: request changes',
    confirm: 'Sign and request changes',
    done: 'Changes requested. The writer can see your comment.',
  },
  published: {
    header: 'Sign: publish',
    confirm: 'Sign and publish',
    done: 'Published. Readers see the approved version.',
  },
}

/** Whether the dialog's confirm button may be pressed. */
export function canSign(
  kind: StatementKind,
  input: {typedName: string; name: string; comment?: string},
): boolean {
  if (!nameMatches(input.typedName, input.name)) return false
  return kind !== 'changesRequested' || Boolean(input.comment?.trim())
}
