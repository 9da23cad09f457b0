import type {SchemaTypeDefinition} from 'sanity'
import {findKey, type Keyring} from '../../pipeline/workflow/keyring.ts'
import {STATEMENT_TYPE, type StatementKind} from '../../pipeline/workflow/statement.ts'
import {formatSigningTime} from './confirmation.ts'
import {signerTitle} from './enrollment.ts'

const VERBS: Record<StatementKind, string> = {
  submitted: 'Submitted for review',
  approved: 'Approved',
  changesRequested: 'Changes requested',
  published: 'Published',
}

/**
 * A statement as lists show it (21 CFR Part 11 §11.50): what was done to which page, by whom
 * (name and credentials from the keyring, for the key that signed), when, and what it means.
 * The signature itself is checked where it counts: the page's badge and the review lists.
 */
export function statementSummary(
  payload: unknown,
  keyring: Keyring,
): {title: string; subtitle: string} {
  let p: Record<string, unknown>
  try {
    p = JSON.parse(String(payload))
  } catch {
    return {title: 'Unreadable review statement', subtitle: 'It counts for nothing.'}
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const kind = text(p.kind)
  const verb = kind && kind in VERBS ? VERBS[kind as StatementKind] : 'Unknown step'
  const owner = findKey(keyring, text(p.keyId) ?? '')
  const signer =
    owner && owner.person.id === p.signer
      ? signerTitle(owner.person)
      : `${text(p.signer) ?? 'unknown signer'} (key not in the keyring)`
  const signedAt = text(p.signedAt)
  const time = signedAt && !Number.isNaN(Date.parse(signedAt)) ? new Date(signedAt) : undefined
  return {
    title: `${verb}: ${text(p.documentId) ?? 'unknown page'}`,
    subtitle: [signer, time ? formatSigningTime(time) : 'no time', `“${text(p.meaning) ?? ''}”`]
      .filter(Boolean)
      .join(' · '),
  }
}

/** The schema with the statement preview naming signers from the keyring bundled into the Studio. */
export function withStatementPreview(
  types: readonly SchemaTypeDefinition[],
  keyring: Keyring,
): SchemaTypeDefinition[] {
  return types.map((type) =>
    type.name === STATEMENT_TYPE
      ? ({
          ...type,
          preview: {
            select: {payload: 'payload'},
            prepare: ({payload}: {payload?: unknown}) => statementSummary(payload, keyring),
          },
        } as SchemaTypeDefinition)
      : type,
  )
}
