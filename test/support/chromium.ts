import {type Browser, chromium} from 'playwright'
import {chromiumLaunchOptions} from './browser.ts'

/** Headless Chromium from the shared resolver (CHROMIUM_PATH, a system browser, or npm's). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch(await chromiumLaunchOptions())
}
