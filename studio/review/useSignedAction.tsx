import {useToast} from '@sanity/ui/toast'
import {useCallback, useRef, useState} from 'react'
import type {DocumentActionDialogProps} from 'sanity'
import type {SanityDoc} from '../../pipeline/types.ts'
import type {StatementDocument} from '../../pipeline/workflow/statement.ts'
import {KIND_OF, LOADING_REASON} from './actionModel.ts'
import {ConfirmSignatureDialog} from './ConfirmSignatureDialog.tsx'
import {DIALOG_TEXT, formatSigningTime, type SigningChoice} from './confirmation.ts'
import {checkStep, Refusal, type SigningAction, type StepRequest, signStep} from './signStep.ts'
import {ledgerClientOf, type ReviewContext, studioVerifier} from './useReviewContext.ts'

export interface SignedActionOptions {
  /** The published id of the page. */
  id: string
  action: SigningAction
  review: ReviewContext
  /** Runs after the statement is stored (Publish runs the Studio's publish operation). */
  afterSign?: (statement: StatementDocument) => void | Promise<void>
}

/** What the dialog was opened for: the content and hash the signer is shown. */
interface Pending {
  request: Omit<StepRequest, 'page'>
  pageTitle: string
}

const titleOf = (doc: SanityDoc) =>
  typeof doc.name === 'string' && doc.name.trim() ? doc.name : doc._id

/**
 * Runs a step with a busy flag and a toast for its outcome: a refusal is a warning (and closes
 * the dialog, whose premise no longer holds), anything else an error.
 */
function useReporting(setBusy: (busy: boolean) => void, onRefusal: () => void) {
  const toast = useToast()
  return useCallback(
    async (failureTitle: string, work: () => Promise<string | undefined>) => {
      setBusy(true)
      try {
        const done = await work()
        if (done) toast.push({status: 'success', title: done})
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        if (error instanceof Refusal) {
          toast.push({status: 'warning', title: message})
          onRefusal()
        } else toast.push({status: 'error', title: failureTitle, description: message})
      } finally {
        setBusy(false)
      }
    },
    [toast, setBusy, onRefusal],
  )
}

/**
 * One signed review step: a click checks the step against the dataset as it is now, the
 * confirmation dialog shows what will be signed and asks for the deliberate act, and the
 * confirmation checks again, signs with this browser's key and stores the statement.
 */
export function useSignedAction({id, action, review, afterSign}: SignedActionOptions) {
  const [busy, setBusy] = useState(false)
  const [pending, setPending] = useState<Pending>()
  // The content at the moment of confirming, not at the moment the dialog opened.
  const latest = useRef(review)
  latest.current = review
  const context = {
    client: ledgerClientOf(review.client),
    verifier: studioVerifier,
    now: () => new Date(),
  }

  const run = useReporting(setBusy, () => setPending(undefined))

  const requestOf = (current: ReviewContext): Pending => {
    const {snapshot, signer} = current
    if (!snapshot || !current.current) throw new Refusal(LOADING_REASON)
    if (!signer.ok) throw new Refusal(signer.reason)
    return {
      request: {action, pageId: id, expectedHash: snapshot.currentHash, signer},
      pageTitle: titleOf(current.current),
    }
  }

  const open = () =>
    void run('Could not check the review status', async () => {
      const next = requestOf(latest.current)
      await checkStep(context, {...next.request, page: latest.current.current as SanityDoc})
      setPending(next)
      return undefined
    })

  const confirm = (choice: SigningChoice) =>
    void run('Could not sign the review statement', async () => {
      if (!pending) return undefined
      const page = latest.current.current
      if (!page) throw new Refusal(LOADING_REASON)
      const statement = await signStep(context, {...pending.request, ...choice, page})
      await afterSign?.(statement)
      await latest.current.refresh()
      setPending(undefined)
      const signedAt = new Date(JSON.parse(statement.payload).signedAt)
      return `${DIALOG_TEXT[KIND_OF[action]].done} Signed ${formatSigningTime(signedAt)}.`
    })

  const signer = review.signer
  const dialog: DocumentActionDialogProps | false = Boolean(pending) &&
    signer.ok && {
      type: 'custom',
      component: (
        <ConfirmSignatureDialog
          kind={KIND_OF[action]}
          pageTitle={pending?.pageTitle ?? id}
          signer={{
            name: signer.person.name,
            credentials: signer.person.credentials,
            kid: signer.local.kid,
          }}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={confirm}
        />
      ),
    }

  return {busy, open, dialog}
}
