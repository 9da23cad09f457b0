import {mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import type {Server} from 'node:http'
import {join, resolve} from 'node:path'
import type {Browser} from 'playwright'
import {launchChromium} from '../chromium.ts'
import {type ContentLake, type ContentLakeOptions, startContentLake} from '../contentLake/server.ts'
import {serveStatic} from '../staticServer.ts'
import {demoKeyOf, installSigningKey} from './signingKeys.ts'
import {API_HOST_PLACEHOLDER} from './studioBuild.ts'
import {StudioPage} from './studioPage.ts'

export const RESULTS_DIR = resolve(import.meta.dirname, '../../../test-results')

/**
 * What the built Studio (sanity 6.16.0) fetches besides the stand-in. None of it answers on
 * this machine, and none of it is the Content Lake protocol: the dashboard bridge script, the
 * web font, the auto-update version check, and the feedback intake (always on api.sanity.io).
 */
export const EXPECTED_EXTERNAL_REQUESTS = [
  'https://core.sanity-cdn.com/bridge.js',
  'https://design-system-static.sanity.io/',
  'https://studio-static.sanity.io/',
  'https://sanity-cdn.com/v1/modules/sanity/',
  'https://api.sanity.io/vX/intake/feedback',
]

export interface LoginOptions {
  /**
   * Give this browser the signing key of the demo keyring person with the user's name (from
   * test/fixtures/demo-keys), so that the user can sign review steps.
   */
  signingKey?: boolean
}

export interface StudioHarnessOptions {
  /** Names the screenshots: test-results/<flow>-<nn>-<step>.png. */
  flow: string
  /** The built Studio (from the globalSetup). */
  dist: string
  lake?: ContentLakeOptions
}

/**
 * One stand-in, the built Studio served against it, and one Chromium; each user who logs in
 * gets a browser context of their own, as two people on two machines would.
 */
export class StudioHarness {
  readonly flow: string
  readonly lake: ContentLake
  readonly studioUrl: string
  readonly browser: Browser
  readonly pages: StudioPage[] = []
  /** Requests the browser made to hosts other than the Studio's and the stand-in's. */
  readonly externalRequests: string[] = []
  readonly #server: Server
  #screenshots = 0

  private constructor(
    flow: string,
    lake: ContentLake,
    server: Server,
    url: string,
    browser: Browser,
  ) {
    this.flow = flow
    this.lake = lake
    this.#server = server
    this.studioUrl = url
    this.browser = browser
  }

  static async start({
    flow,
    dist,
    lake: lakeOptions,
  }: StudioHarnessOptions): Promise<StudioHarness> {
    const lake = await startContentLake(lakeOptions)
    const replace = {from: API_HOST_PLACEHOLDER, to: lake.apiHost}
    const {url, server} = await serveStatic(dist, {replace})
    lake.allowOrigin(url)
    const browser = await launchChromium()
    mkdirSync(RESULTS_DIR, {recursive: true})
    // The folder shows the last run of each flow only.
    for (const file of readdirSync(RESULTS_DIR)) {
      if (file.startsWith(`${flow}-`)) rmSync(join(RESULTS_DIR, file))
    }
    return new StudioHarness(flow, lake, server, url, browser)
  }

  /** Opens the Studio logged in as a user of the stand-in (`writer`, `reviewer` …). */
  async loginAs(handle: string, options: LoginOptions = {}): Promise<StudioPage> {
    const user = this.lake.users.userFor(handle)
    const signingKey = options.signingKey ? demoKeyOf(user.name) : undefined
    if (options.signingKey && !signingKey)
      throw new Error(`"${handle}" (${user.name}) is nobody in review/demo-keyring.json.`)
    const context = await this.browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: {width: 1400, height: 1000},
    })
    // The token login: what the Studio keeps after a login with loginMethod 'token'.
    const key = `__studio_auth_token_${this.lake.projectId}`
    const value = JSON.stringify({token: this.lake.tokenFor(handle)})
    await context.addInitScript(({k, v}) => window.localStorage.setItem(k, v), {k: key, v: value})
    const local = [new URL(this.studioUrl).host, new URL(this.lake.apiHost).port]
    context.on('request', (request) => {
      const url = new URL(request.url())
      if (url.host !== local[0] && url.port !== local[1]) this.externalRequests.push(request.url())
    })
    const browserPage = await context.newPage()
    if (signingKey)
      await installSigningKey(browserPage, this.studioUrl, this.lake.projectId, signingKey)
    const page = new StudioPage(this, user, browserPage)
    this.pages.push(page)
    await page.open('/structure')
    return page
  }

  /** test-results/<flow>-<nn>-<step>.png, numbered in the order taken across all users. */
  nextScreenshotPath(step: string): string {
    this.#screenshots++
    const slug = step.toLowerCase().replace(/[^a-z0-9]+/g, '-')
    return join(
      RESULTS_DIR,
      `${this.flow}-${String(this.#screenshots).padStart(2, '0')}-${slug}.png`,
    )
  }

  /**
   * What went wrong since the last call, and forgets it: requests the stand-in did not
   * recognise, uncaught page errors, requests outside the stand-in. A test must end with none.
   */
  takeProblems(): string[] {
    const problems = this.lake.unrecognised
      .splice(0)
      .map((r) => `stand-in did not recognise ${r.method} ${r.path}: ${r.reason}`)
    for (const page of this.pages) {
      problems.push(...page.pageErrors.splice(0).map((e) => `page error: ${e}`))
    }
    for (const url of this.externalRequests.splice(0)) {
      if (!EXPECTED_EXTERNAL_REQUESTS.some((prefix) => url.startsWith(prefix))) {
        problems.push(`request outside the stand-in: ${url}`)
      }
    }
    return problems
  }

  /** Writes test-results/<flow>-requests.json: what the Studio asked the stand-in, in order. */
  writeRequestLog(): string {
    const path = join(RESULTS_DIR, `${this.flow}-requests.json`)
    const log = {requests: this.lake.requests}
    writeFileSync(path, `${JSON.stringify(log, null, 1)}\n`)
    return path
  }

  /**
   * Closes the browser first, so that what the Studio sends as its pages close (a telemetry
   * beacon) reaches the stand-in too; returns the problems that came with that.
   */
  async close(): Promise<string[]> {
    await this.browser.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    this.writeRequestLog()
    const problems = this.takeProblems()
    this.#server.close()
    await this.lake.close()
    return problems
  }
}
