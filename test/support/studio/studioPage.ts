import type {Locator, Page} from 'playwright'
import type {LakeUser} from '../contentLake/users.ts'
import type {StudioHarness} from './studioHarness.ts'

/** How long the Studio may take to show something on this 2-core machine. */
export const UI_TIMEOUT = 60_000

/** The Studio in one user's browser, with the steps a writer or reviewer takes. */
export class StudioPage {
  readonly harness: StudioHarness
  readonly user: LakeUser
  readonly page: Page
  /** Uncaught errors in the page; the harness fails the test on any. */
  readonly pageErrors: string[] = []

  constructor(harness: StudioHarness, user: LakeUser, page: Page) {
    this.harness = harness
    this.user = user
    this.page = page
    page.setDefaultTimeout(UI_TIMEOUT)
    page.on('pageerror', (error) => this.pageErrors.push(error.message))
  }

  /** A Studio path, e.g. `/structure/tumours`; resolves once the navigation bar is there. */
  async open(path: string): Promise<void> {
    await this.page.goto(`${this.harness.studioUrl}${path}`)
    await this.page.getByTestId('studio-navbar').waitFor()
  }

  /** The open document's form, once its fields are shown. */
  get form(): Locator {
    return this.page.getByTestId('form-view')
  }

  async #formReady(): Promise<void> {
    await this.form.locator('[data-testid^="field-"]').first().waitFor()
  }

  /** Opens a document by its published id, the way a link from elsewhere would (an intent). */
  async openDocument(type: string, id: string): Promise<void> {
    await this.open(`/intent/edit/id=${id};type=${type}/`)
    await this.#formReady()
  }

  /** Starts a new document from the type's template; returns its (published) id. */
  async createDocument(type: string): Promise<string> {
    await this.open(`/intent/create/template=${type};type=${type}/`)
    await this.#formReady()
    const pane = decodeURIComponent(new URL(this.page.url()).pathname.split(';').at(-1) ?? '')
    const id = pane.split(',')[0]
    if (!id) throw new Error(`No document id in the Studio's address ${this.page.url()}`)
    return id
  }

  /** A form field by its path as the Studio names it (`name`, `summary`, `sections`). */
  field(path: string): Locator {
    return this.page.getByTestId(`field-${path}`)
  }

  /** Shows every field of the form (the "All fields" tab), not only the default group's. */
  async showAllFields(): Promise<void> {
    await this.page.getByTestId('group-tab-all-fields').click()
  }

  /** The dialog of an array item being edited (a section …). */
  get itemDialog(): Locator {
    return this.page.getByTestId('nested-object-dialog')
  }

  /** A field of the item being edited, by its name (`heading`, `body`, `sources`). */
  itemField(name: string): Locator {
    return this.itemDialog.locator(`[data-testid^="field-"][data-testid$="].${name}"]`)
  }

  /** Types into a string or text field (a path, or a field locator), replacing its text. */
  async setField(field: string | Locator, value: string): Promise<void> {
    const locator = typeof field === 'string' ? this.field(field) : field
    await locator.locator('input, textarea').first().fill(value)
  }

  /** Adds an item to an array field; its dialog opens. */
  async addItem(path: string): Promise<void> {
    await this.field(path).getByRole('button', {name: 'Add item'}).first().click()
    await this.itemDialog.waitFor()
  }

  /** Opens an array item by the title its preview shows. */
  async openItem(path: string, title: string | RegExp): Promise<void> {
    await this.field(path).getByRole('button', {name: title}).first().click()
    await this.itemDialog.waitFor()
  }

  async closeItem(): Promise<void> {
    await this.itemDialog.getByRole('button', {name: 'Close dialog'}).click()
    await this.itemDialog.waitFor({state: 'detached'})
  }

  /** The document's validation panel, opened from its header if it is closed. */
  async validationPanel(): Promise<Locator> {
    const panel = this.page.getByRole('complementary').filter({hasText: 'Validation'})
    if (!(await panel.isVisible())) {
      await this.page.getByRole('button', {name: 'Validation'}).click()
    }
    await panel.waitFor()
    return panel
  }

  async expectValidationMessage(message: string | RegExp): Promise<void> {
    const panel = await this.validationPanel()
    await panel.getByText(message).first().waitFor()
  }

  async expectNoValidationMessage(message: string | RegExp): Promise<void> {
    const panel = this.page.getByRole('complementary').filter({hasText: 'Validation'})
    await panel.getByText(message).first().waitFor({state: 'detached'})
  }

  /**
   * A document action by its label: the footer's main button, or an entry of the footer's
   * menu (opened for it). Review flows use it for Submit for review, Approve, Publish …
   */
  async action(label: string | RegExp): Promise<Locator> {
    const footer = this.page.getByTestId('pane-footer')
    const button = footer.getByRole('button', {name: label, exact: typeof label === 'string'})
    if (await button.isVisible()) return button
    const entry = this.page.getByRole('menuitem', {name: label})
    if (!(await entry.isVisible())) await footer.getByTestId('action-menu-button').click()
    await entry.waitFor()
    return entry
  }

  async runAction(label: string | RegExp): Promise<void> {
    await (await this.action(label)).click()
  }

  async isActionEnabled(label: string | RegExp): Promise<boolean> {
    const action = await this.action(label)
    const enabled = await action.isEnabled()
    await this.closeMenu()
    return enabled
  }

  /**
   * Why an action is disabled, as the user reads it: the tooltip shown when the pointer rests
   * on the button (the action's `title`).
   */
  async actionTooltip(label: string | RegExp): Promise<string> {
    const action = await this.action(label)
    await action.hover()
    const tooltip = this.page.locator('[data-ui="Tooltip"]').filter({visible: true}).last()
    const text = (await tooltip.textContent()) ?? ''
    await this.page.mouse.move(0, 0)
    await this.closeMenu()
    return text
  }

  /**
   * Closes the footer's action menu with its own button and waits until it is gone: while it
   * fades, its entries still look visible, and Escape misses once the pointer has left it.
   */
  private async closeMenu(): Promise<void> {
    const menu = this.page.getByRole('menu')
    if (!(await menu.isVisible())) return
    await this.page.getByTestId('pane-footer').getByTestId('action-menu-button').click()
    await menu.waitFor({state: 'hidden'})
  }

  /** A dialog the Studio opened (a confirmation, Request changes …). */
  get dialog(): Locator {
    return this.page.getByRole('dialog')
  }

  /**
   * Signs in the open confirmation dialog, as §11.200 asks: types the signer's full name and
   * presses the confirm button (`Sign and submit` …), with a screenshot of the filled dialog.
   */
  async sign(confirm: string, name: string, step: string): Promise<void> {
    await this.dialog.getByLabel(/To sign, type your full name/).fill(name)
    await this.screenshot(step)
    await this.dialog.getByRole('button', {name: confirm}).click()
    await this.dialog.waitFor({state: 'detached'})
  }

  /** The document's badges (review state, signature problems), as shown by its header. */
  badge(label: string | RegExp): Locator {
    return this.page.locator('[data-ui="Badge"]').filter({hasText: label})
  }

  /** Saves test-results/<flow>-<nn>-<step>.png and returns the path. */
  async screenshot(step: string): Promise<string> {
    const path = this.harness.nextScreenshotPath(step)
    await this.page.screenshot({path, fullPage: true})
    return path
  }
}
