import {expect, it} from 'vitest'
import {lakeClient} from '../support/contentLake/client.ts'
import {FLOW_TIMEOUT, studioFlow} from '../support/studio/studioFlow.ts'
import {UI_TIMEOUT} from '../support/studio/studioPage.ts'

const studio = studioFlow('live-api-edit')

const PAGE = 'tumour-melanoma'
const EDITED =
  'Melanoma is a cancer of the pigment cells of the skin. This sentence was changed through the API, past the review.'

it('shows a published page edited through the API with a writer token, live in the open form', {
  timeout: FLOW_TIMEOUT,
}, async () => {
  const writer = await studio.loginAs('writer')
  await writer.openDocument('tumour', PAGE)
  const summary = writer.field('summary').locator('textarea')
  const before = studio.lake.document(PAGE)
  await expect.poll(() => summary.inputValue(), {timeout: UI_TIMEOUT}).toBe(before?.summary)
  await summary.scrollIntoViewIfNeeded()
  await writer.screenshot('published-page-open')

  // A plain client with the same writer's token, as a script with a write token would use.
  const client = lakeClient(studio.lake, 'writer')
  const edited = await client.patch(PAGE).set({summary: EDITED}).commit()

  expect(edited._rev).not.toBe(before?._rev)
  expect(studio.lake.document(PAGE)).toMatchObject({summary: EDITED, _rev: edited._rev})
  expect(studio.lake.document(`drafts.${PAGE}`), 'no draft: the published page changed').toBe(
    undefined,
  )
  // The open form follows through the listener, without a reload.
  await expect.poll(() => summary.inputValue(), {timeout: UI_TIMEOUT}).toBe(EDITED)
  await writer.screenshot('edited-through-the-api')
})
