import {
  PlaywrightBrowserProvider,
  type PlaywrightProviderOptions,
  playwright,
} from '@vitest/browser-playwright'
import type {BrowserProviderOption, TestProject} from 'vitest/node'
import {chromiumLaunchOptions} from './browser.ts'

/**
 * Vitest's Playwright provider with the browser from the shared resolver. It resolves when the
 * first page opens, not when the config loads, so unit runs never search for a browser.
 */
export function resolvedChromiumProvider(): BrowserProviderOption<PlaywrightProviderOptions> {
  const options: PlaywrightProviderOptions = {}
  return {
    ...playwright(options),
    // Start the search while Vite starts; a failure surfaces when the first page opens.
    prewarm: () => void chromiumLaunchOptions().catch(() => {}),
    providerFactory: (project) => new ResolvedChromiumProvider(project, options),
  }
}

class ResolvedChromiumProvider extends PlaywrightBrowserProvider {
  readonly shared: PlaywrightProviderOptions

  constructor(project: TestProject, options: PlaywrightProviderOptions) {
    super(project, options)
    this.shared = options
  }

  // Every launch goes through openPage, and the base class reads its options object at launch.
  override async openPage(sessionId: string, url: string, options: {parallel: boolean}) {
    this.shared.launchOptions ??= await chromiumLaunchOptions()
    return super.openPage(sessionId, url, options)
  }
}
