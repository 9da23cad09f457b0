import type {Locator, Page} from 'playwright'

/**
 * Steps on the Studio's form inputs, as a person does them: click, type, pick. Each takes the
 * field (a `field-<path>` element) it acts in.
 */

/** Types at the end of a Portable Text field, with real key presses (the editor needs them). */
export async function typeRichText(page: Page, field: Locator, text: string): Promise<void> {
  await field.locator('[contenteditable="true"]').first().click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(text)
}

/** Selects the last `count` characters before the caret. */
export async function selectBackwards(page: Page, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await page.keyboard.press('Shift+ArrowLeft')
}

/** The annotation editor the Studio opens for a link or a citation. */
const annotationPopover = (page: Page) => page.getByTestId('popover-edit-dialog')

async function fillAnnotation(page: Page, value: string): Promise<void> {
  await annotationPopover(page).locator('input').first().fill(value)
  await page.keyboard.press('Escape')
  await annotationPopover(page).waitFor({state: 'detached'})
}

/** Marks the selected text with an annotation (`link`, `citation`) and fills in its field. */
export async function annotateSelection(
  page: Page,
  field: Locator,
  annotation: string,
  value: string,
): Promise<void> {
  await field.getByTestId(`action-button-${annotation}`).filter({visible: true}).click()
  await fillAnnotation(page, value)
}

/** Opens the annotation on `text` in a Portable Text field and replaces its value. */
export async function editAnnotation(
  page: Page,
  field: Locator,
  text: string,
  value: string,
): Promise<void> {
  const edit = page.getByRole('button', {name: 'Edit annotation'})
  // The annotation's toolbar shows once the caret rests in the text; click until it does.
  await expectSoon(async () => {
    await field.getByText(text).first().click()
    await edit.waitFor({timeout: 5_000})
  })
  await edit.click()
  await fillAnnotation(page, value)
}

/** Adds a reference to an array field: search as a writer would, then pick the hit. */
export async function addReference(
  page: Page,
  field: Locator,
  search: string,
  option: string | RegExp,
): Promise<void> {
  await field.getByRole('button', {name: 'Add item'}).click()
  await field.getByPlaceholder('Type to search').fill(search)
  await page.getByRole('option', {name: option}).first().click()
}

/** Picks an entry of a dropdown (a string field with `options.list`). */
export async function chooseOption(field: Locator, label: string): Promise<void> {
  await field.locator('select').selectOption({label})
}

/** Retries a step a few times: for UI that appears only after the editor has settled. */
async function expectSoon(step: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step()
    } catch (error) {
      if (attempt >= attempts) throw error
    }
  }
}
