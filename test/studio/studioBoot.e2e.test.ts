import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import type {Server} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser} from 'playwright'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {launchChromium} from '../support/chromium.ts'
import {serveStatic} from '../support/staticServer.ts'

const outDir = mkdtempSync(join(tmpdir(), 'studio-build-'))
let server: Server
let url: string
let browser: Browser

beforeAll(() => {
  // `sanity build` must work offline; it is the last step of `npm test`.
  execFileSync('sanity', ['build', outDir, '--yes'], {
    env: {...process.env, SANITY_TELEMETRY_DISABLED: '1'},
    stdio: ['ignore', 'ignore', 'inherit'],
  })
})

afterAll(async () => {
  await browser?.close()
  server?.close()
  rmSync(outDir, {recursive: true, force: true})
})

describe('the built Studio', () => {
  it('builds offline into static files', () => {
    expect(existsSync(join(outDir, 'index.html'))).toBe(true)
  })

  it('boots in headless Chromium without uncaught errors', async () => {
    ;({server, url} = await serveStatic(outDir))
    browser = await launchChromium()
    const page = await browser.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))

    await page.goto(url, {waitUntil: 'load'})
    // The hosted API is unreachable here, so a booted Studio stops at its network screen.
    await page
      .getByText(/reach the Sanity servers|Choose login provider|Sign in/i)
      .first()
      .waitFor({timeout: 60_000})

    mkdirSync('test-results', {recursive: true})
    await page.screenshot({path: 'test-results/studio-boot.png', fullPage: true})
    expect(pageErrors).toEqual([])
  })
})
