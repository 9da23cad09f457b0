import {
  PlaywrightBrowserProvider,
  type PlaywrightProviderOptions,
  playwright,
} from '@vitest/browser-playwright'
import type {BrowserProviderOption, TestProject} from 'vitest/node'
import {chromiumLaunchOptions} from './browser.ts'

/**
 * Vitest's Playwright provider with the browser from the shared resolver. It resolves when the
 * first page opens, not when the config loads, so unit runs never search for a browser (the
 * project's globalSetup, browserSetup.ts, has already done the slow part by then).
 */
export function resolvedChromiumProvider(): BrowserProviderOption<PlaywrightProviderOptions> {
  const options: PlaywrightProviderOptions = {}
  return {
    ...playwright(options),
    // Its prewarm would launch Playwright's own browser, which these machines do not have.
    prewarm: undefined,
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
