import {resolveBrowser} from './browser.ts'

/**
 * Vitest globalSetup of the browser projects: searches (and on a first run unpacks the npm
 * browser) before any session starts, so that cost never counts against vitest's 60 s browser
 * connect timeout, and a machine without a browser stops here with the resolver's help text.
 */
export async function setup(): Promise<void> {
  await resolveBrowser()
}
