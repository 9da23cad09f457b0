import {describe, expect, it, vi} from 'vitest'
import {page, userEvent} from 'vitest/browser'
import type {StatementKind} from '../../pipeline/workflow/statement.ts'
import {ConfirmSignatureDialog} from '../../studio/review/ConfirmSignatureDialog.tsx'
import type {SigningChoice} from '../../studio/review/confirmation.ts'
import {renderInStudio} from './renderInStudio.tsx'

/** The confirmation before each signature (§11.50 manifestation, §11.200 deliberate act). */

const SIGNER = {
  name: 'Sofia Márquez',
  credentials: ['MSc'],
  kid: 'KYj9_OslOPWCYIcuXTkc69kPUD9k4qWvkMG340jOF-M',
}
const NOW = () => new Date('2026-11-27T09:05:03.000Z')

function open(kind: StatementKind, props: {busy?: boolean} = {}) {
  const onConfirm = vi.fn<(choice: SigningChoice) => void>()
  const onCancel = vi.fn()
  renderInStudio(
    <ConfirmSignatureDialog
      kind={kind}
      pageTitle="Breast cancer"
      signer={SIGNER}
      now={NOW}
      onConfirm={onConfirm}
      onCancel={onCancel}
      {...props}
    />,
  )
  const dialog = page.getByRole('dialog')
  return {onConfirm, onCancel, dialog, name: dialog.getByLabelText(/To sign, type your full name/)}
}

describe('ConfirmSignatureDialog', () => {
  it('shows what is signed, by whom and when, and what it means', async () => {
    const {dialog} = open('submitted')
    await expect.element(dialog).toMatchTextContent(/PageBreast cancer/)
    await expect.element(dialog).toMatchTextContent(/SignerSofia Márquez, MSc/)
    await expect.element(dialog).toMatchTextContent(/Time2026-11-27 09:05:03 UTC/)
    await expect
      .element(dialog)
      .toMatchTextContent(/KeyKYj9_OslOPWCYIcuXTkc69kPUD9k4qWvkMG340jOF-M/)
    await expect
      .element(dialog.getByTestId('signature-meaning'))
      .toHaveTextContent('“I submit this content for medical review as its author.”')
  })

  it('signs only once the signer typed their full name, accents included', async () => {
    const {dialog, name, onConfirm} = open('submitted')
    const confirm = dialog.getByRole('button', {name: 'Sign and submit'})
    await expect.element(confirm).toBeDisabled()
    await userEvent.fill(name, 'Sofia Marquez')
    await expect.element(confirm).toBeDisabled()
    await userEvent.keyboard('{Enter}')
    expect(onConfirm).not.toHaveBeenCalled()
    await userEvent.fill(name, ' sofia  márquez ')
    await expect.element(confirm).toBeEnabled()
    await userEvent.click(confirm)
    expect(onConfirm).toHaveBeenCalledWith({})
  })

  it('asks what was reviewed: a full review with its interval, or a review of a change', async () => {
    const {dialog, name, onConfirm} = open('approved')
    const meaning = dialog.getByTestId('signature-meaning')
    await expect
      .element(meaning)
      .toHaveTextContent('“I approve this content as medically accurate and complete.”')
    await expect.element(dialog.getByRole('combobox')).toHaveValue('12')
    await userEvent.click(dialog.getByLabelText(/Only the changes/))
    await expect.element(dialog.getByRole('combobox')).not.toBeInTheDocument()
    await expect
      .element(meaning)
      .toHaveTextContent(
        '“I approve the changes to this content as medically accurate; the rest of the page was not reviewed again.”',
      )
    await userEvent.fill(name, 'Sofia Márquez')
    await userEvent.keyboard('{Enter}')
    expect(onConfirm).toHaveBeenLastCalledWith({scope: 'change'})

    await userEvent.click(dialog.getByLabelText(/The whole page/))
    await userEvent.selectOptions(dialog.getByRole('combobox'), '6')
    await userEvent.click(dialog.getByRole('button', {name: 'Sign and approve'}))
    expect(onConfirm).toHaveBeenLastCalledWith({scope: 'full', reviewIntervalMonths: 6})
  })

  it('needs a comment to request changes, and passes it trimmed', async () => {
    const {dialog, name, onConfirm} = open('changesRequested')
    const confirm = dialog.getByRole('button', {name: 'Sign and request changes'})
    await userEvent.fill(name, 'Sofia Márquez')
    await expect.element(confirm).toBeDisabled()
    await userEvent.fill(dialog.getByLabelText('What needs to change?'), '  Cite the source.  ')
    await userEvent.click(confirm)
    expect(onConfirm).toHaveBeenCalledWith({comment: 'Cite the source.'})
  })

  it('stays inert while signing, and can be cancelled otherwise', async () => {
    const busy = open('published', {busy: true})
    await expect.element(busy.dialog.getByRole('button', {name: 'Signing…'})).toBeDisabled()
    await expect.element(busy.dialog.getByRole('button', {name: 'Cancel'})).toBeDisabled()
    await expect.element(busy.name).toBeDisabled()
  })

  it('calls onCancel from the Cancel button', async () => {
    const {dialog, onCancel, onConfirm} = open('published')
    await userEvent.click(dialog.getByRole('button', {name: 'Cancel'}))
    expect(onCancel).toHaveBeenCalledOnce()
    expect(onConfirm).not.toHaveBeenCalled()
  })
})
