import type {ReactNode} from 'react'
import {describe, expect, it, vi} from 'vitest'
import {page, userEvent} from 'vitest/browser'
import {RequestChangesDialog} from '../../studio/review/RequestChangesDialog.tsx'
import {renderInStudio} from './renderInStudio.tsx'

const render = (ui: ReactNode) => renderInStudio(ui)

const dialog = () => page.getByRole('dialog')
const comment = () => dialog().getByRole('textbox', {name: 'What needs to change?'})
const confirm = () => dialog().getByRole('button', {name: 'Request changes'})
const cancel = () => dialog().getByRole('button', {name: 'Cancel'})

function renderDialog(props: {busy?: boolean} = {}) {
  const onSubmit = vi.fn<(comment: string) => void>()
  const onCancel = vi.fn<() => void>()
  render(
    <RequestChangesDialog
      documentTitle="Leiomyosarcoma"
      onSubmit={onSubmit}
      onCancel={onCancel}
      {...props}
    />,
  )
  return {onSubmit, onCancel}
}

describe('RequestChangesDialog', () => {
  it('asks what needs to change, with the confirm button disabled until there is a comment', async () => {
    const {onSubmit} = renderDialog()
    await expect.element(dialog()).toBeVisible()
    await expect.element(dialog().getByText('Request changes: Leiomyosarcoma')).toBeVisible()
    await expect.element(comment()).toBeVisible()
    await expect.element(comment()).toHaveValue('')
    await expect.element(confirm()).toBeDisabled()
    await expect.element(cancel()).toBeEnabled()

    // Whitespace is not a comment.
    await userEvent.fill(comment(), '   \n  ')
    await expect.element(confirm()).toBeDisabled()
    await userEvent.click(confirm(), {force: true})
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('hands the typed comment, trimmed, to onSubmit', async () => {
    const {onSubmit, onCancel} = renderDialog()
    await userEvent.type(comment(), '  Cite a source for the 5-year survival figure.  ')
    await expect.element(confirm()).toBeEnabled()
    await page.screenshot({path: '../../test-results/request-changes-dialog.png'})

    await userEvent.click(confirm())
    expect(onSubmit).toHaveBeenCalledTimes(1)
    expect(onSubmit).toHaveBeenCalledWith('Cite a source for the 5-year survival figure.')
    expect(onCancel).not.toHaveBeenCalled()
  })

  it('cancels without submitting, from the button or with Escape', async () => {
    const {onSubmit, onCancel} = renderDialog()
    await userEvent.type(comment(), 'Half a thought')
    await userEvent.click(cancel())
    expect(onCancel).toHaveBeenCalledTimes(1)

    await userEvent.keyboard('{Escape}')
    expect(onCancel).toHaveBeenCalledTimes(2)
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('stays inert while the decision is being saved', async () => {
    const {onCancel} = renderDialog({busy: true})
    await expect.element(dialog().getByRole('button', {name: 'Sending…'})).toBeDisabled()
    await expect.element(cancel()).toBeDisabled()
    await expect.element(comment()).toBeDisabled()
    await userEvent.keyboard('{Escape}')
    expect(onCancel).not.toHaveBeenCalled()
  })
})
