import type {Locator, Page} from 'playwright'

/**
 * Steps on the Studio's form inputs, as a person does them: click, type, pick. Each takes the
 * field (a `field-<path>` element) it acts in.
 */

/**
 * Types at the end of a Portable Text field. The text arrives as one input event, as a paste
 * or an input method does; the editor handles it like typing, in one patch instead of one
 * per character.
 */
export async function typeRichText(page: Page, field: Locator, text: string): Promise<void> {
  await field.locator('[contenteditable="true"]').first().click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.insertText(text)
}

/** Puts the browser's selection on `text` inside the editor, as dragging over it would. */
function selectInEditor(editor: Locator, text: string): Promise<string> {
  return editor.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const start = node.textContent?.indexOf(wanted) ?? -1
      if (start < 0) continue
      const range = document.createRange()
      range.setStart(node, start)
      range.setEnd(node, start + wanted.length)
      window.getSelection()?.removeAllRanges()
      window.getSelection()?.addRange(range)
      break
    }
    return window.getSelection()?.toString() ?? ''
  }, text)
}

/**
 * Selects `text` in a Portable Text field. Key presses (Shift+Arrow) lose characters while
 * the editor applies its own saved patches, so the selection is set directly, then checked
 * once the editor has taken it over.
 */
export async function selectRichText(page: Page, field: Locator, text: string): Promise<void> {
  const editor = field.locator('[contenteditable="true"]').first()
  await expectSoon(async () => {
    await selectInEditor(editor, text)
    await page.waitForTimeout(300)
    const selected = await editor.evaluate(() => window.getSelection()?.toString() ?? '')
    if (selected !== text) throw new Error(`Selected "${selected}" instead of "${text}".`)
  })
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

/**
 * Adds a reference to an array field: search as a writer would, then pick the hit from the
 * search's own list (the input names it in `aria-owns`): the desk's document lists are options
 * too, and "Soft tissue sarcoma" is also the category shown under other tumours' names.
 */
export async function addReference(
  page: Page,
  field: Locator,
  search: string,
  option: string | RegExp,
): Promise<void> {
  await field.getByRole('button', {name: 'Add item'}).click()
  const input = field.getByPlaceholder('Type to search')
  await input.fill(search)
  // A CSS string: the id holds quotes (`sections[_key=="…"].sources…-listbox`).
  const hits = page.locator(`[id=${JSON.stringify(await input.getAttribute('aria-owns'))}]`)
  await hits.getByRole('option', {name: option}).first().click()
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
