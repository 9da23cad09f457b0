import {expect, it} from 'vitest'
import {
  addReference,
  annotateSelection,
  chooseOption,
  editAnnotation,
  selectRichText,
  typeRichText,
} from '../support/studio/formInputs.ts'
import {FLOW_TIMEOUT, studioFlow} from '../support/studio/studioFlow.ts'

const studio = studioFlow('writer-creates-tumour')

const SHORT = 'Too short.'
const SUMMARY =
  'Desmoid tumours are rare growths of connective tissue that do not spread but can press on nearby organs.'
const MESSAGES = {
  summary: 'The summary is too short; write at least 50 characters.',
  source: 'Section "Overview" states facts but cites no source.',
  link: 'Links using "javascript:" are not allowed.',
}

it('shows the Studio’s validation messages for a new tumour page, and clears them as the writer fixes it', {
  timeout: FLOW_TIMEOUT,
}, async () => {
  const writer = await studio.loginAs('writer')
  const id = await writer.createDocument('tumour')
  const draftId = `drafts.${id}`
  await writer.screenshot('new-page')

  await writer.setField('name', 'Desmoid tumour')
  await writer.setField('summary', SHORT)
  await writer.addItem('sections')
  await writer.setField(writer.itemField('heading'), 'Overview')
  await chooseOption(writer.itemField('kind'), 'Overview')
  const body = writer.itemField('body')
  await typeRichText(writer.page, body, 'Desmoid tumours grow from connective tissue. Read more')
  await selectRichText(writer.page, body, 'Read more')
  await annotateSelection(writer.page, body, 'link', 'javascript:alert(document.cookie)')
  await writer.screenshot('section-with-unsafe-link')
  await writer.closeItem()

  // What the user sees: the three messages in the document's validation panel.
  await writer.expectValidationMessage(MESSAGES.summary)
  await writer.expectValidationMessage(MESSAGES.source)
  await writer.expectValidationMessage(MESSAGES.link)
  await writer.screenshot('three-problems')
  // What the Content Lake holds: the draft as typed, unsafe link included.
  const typed = await studio.lake.store.waitFor(draftId, (doc) =>
    JSON.stringify(doc ?? {}).includes('javascript:alert'),
  )
  expect(typed).toMatchObject({_type: 'tumour', name: 'Desmoid tumour', summary: SHORT})

  await writer.setField('summary', SUMMARY)
  await writer.openItem('sections', /Overview/)
  await addReference(
    writer.page,
    writer.itemField('sources'),
    'Cancer Research',
    /Soft tissue sarcoma/,
  )
  await writer.screenshot('source-chosen')
  await editAnnotation(
    writer.page,
    writer.itemField('body'),
    'Read more',
    'https://www.cancerresearchuk.org/',
  )
  await writer.closeItem()
  await writer.showAllFields()
  await writer.field('slug').getByRole('button', {name: 'Generate'}).click()

  for (const message of Object.values(MESSAGES)) await writer.expectNoValidationMessage(message)
  await writer.expectNoValidationMessage('Generate a slug from the name.')
  await writer.screenshot('fixed')
  const fixed = await studio.lake.store.waitFor(
    draftId,
    (doc) => doc?.summary === SUMMARY && !JSON.stringify(doc).includes('javascript:'),
  )
  expect(fixed).toMatchObject({name: 'Desmoid tumour', slug: {current: 'desmoid-tumour'}})
  expect(fixed?.sections).toMatchObject([
    {
      heading: 'Overview',
      kind: 'overview',
      sources: [{_ref: 'source-cruk-soft-tissue-sarcoma'}],
      body: [
        {
          markDefs: [{_type: 'link', href: 'https://www.cancerresearchuk.org/'}],
          children: [{text: 'Desmoid tumours grow from connective tissue. '}, {text: 'Read more'}],
        },
      ],
    },
  ])
  expect(studio.lake.document(id), 'nothing is published').toBeUndefined()
})
