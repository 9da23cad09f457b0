import {execFileSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {chromium} from 'playwright'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type BrowserCandidate, CHROMIUM_ARGS, probeBrowser} from '../support/browser.ts'
import {tempDir} from '../support/exportHarness.ts'
import {npmChromium} from '../support/npmChromium.ts'

const cacheRoot = tempDir('npm-chromium-')
afterAll(() => rmSync(cacheRoot, {recursive: true, force: true}))

// Unpacks the real package (about 220 MB, 3 s of CPU) twice at once: minutes on a busy machine.
describe('the Chromium inside @sparticuz/chromium', {timeout: 60_000}, () => {
  let unpacked: [BrowserCandidate, BrowserCandidate]
  beforeAll(async () => {
    const staleStaging = join(cacheRoot, '.unpacking-killed')
    mkdirSync(staleStaging)
    mkdirSync(join(cacheRoot, '.unpacking-running'))
    const anHourAgo = new Date(Date.now() - 3600_000)
    utimesSync(staleStaging, anHourAgo, anHourAgo)
    unpacked = await Promise.all([npmChromium(cacheRoot), npmChromium(cacheRoot)])
  }, 180_000)

  it('unpacks into one folder per version even when two unpacks race, leaving no half-written folder', async () => {
    const [first, second] = unpacked
    expect(second).toEqual(first)
    expect(first.executablePath).toBe(join(cacheRoot, 'sparticuz-chromium-153.0.0', 'chromium'))
    // The killed unpack's leftovers are swept; one that may still be running is left alone.
    expect(readdirSync(cacheRoot).sort()).toEqual([
      '.unpacking-running',
      'sparticuz-chromium-153.0.0',
    ])
  })

  it('starts', async () => {
    const [browser] = unpacked
    await expect(probeBrowser(browser, 30_000)).resolves.toMatch(/^Chromium 153\./)
  })

  it('links against the libraries the package brings, not the system', async () => {
    const [browser] = unpacked
    const ldd = execFileSync('ldd', [browser.executablePath], {
      env: {...process.env, ...browser.env},
      encoding: 'utf8',
    })
    expect(ldd).not.toContain('not found')
    const bundled = join(cacheRoot, 'sparticuz-chromium-153.0.0', 'al2023', 'lib')
    for (const library of ['libnss3.so', 'libnssutil3.so', 'libnspr4.so', 'libexpat.so.1']) {
      expect(ldd).toContain(`${library} => ${bundled}/${library}`)
    }
  })

  it('runs under Playwright and renders text in the fonts it brings', async () => {
    const [candidate] = unpacked
    const browser = await chromium.launch({
      executablePath: candidate.executablePath,
      args: CHROMIUM_ARGS,
      env: {...process.env, ...candidate.env},
    })
    try {
      const page = await browser.newPage()
      const ttf = join(
        cacheRoot,
        'sparticuz-chromium-153.0.0/fonts/fonts/Open_Sans/OpenSans-Regular.ttf',
      )
      // The same text in the family fontconfig finds, and in the font file loaded by the page itself.
      await page.setContent(`<style>
        @font-face {font-family: FromFile; src: url(data:font/ttf;base64,${readFileSync(ttf, 'base64')})}
        span {font-size: 40px; white-space: nowrap}
      </style>
      <span id="installed" style="font-family: 'Open Sans'">Leiomyosarcoma, 5-year survival</span><br>
      <span id="file" style="font-family: FromFile">Leiomyosarcoma, 5-year survival</span>`)
      await page.evaluate(() => document.fonts.ready)
      const width = (id: string) =>
        page.locator(`#${id}`).evaluate((e) => e.getBoundingClientRect().width)
      const installed = await width('installed')
      expect(installed).toBeGreaterThan(100)
      expect(installed).toBeCloseTo(await width('file'), 1)
    } finally {
      await browser.close()
    }
  })

  it('says where it could not unpack', async () => {
    const file = join(cacheRoot, 'a-file')
    writeFileSync(file, '')
    await expect(npmChromium(join(file, 'cache'))).rejects.toThrow(
      `could not unpack @sparticuz/chromium into ${join(file, 'cache', 'sparticuz-chromium-153.0.0')}: ENOTDIR`,
    )
  })
})
