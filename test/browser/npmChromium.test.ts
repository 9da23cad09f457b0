import {execFileSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, rmSync, utimesSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type BrowserCandidate, probeBrowser} from '../support/browser.ts'
import {tempDir} from '../support/exportHarness.ts'
import {npmChromium} from '../support/npmChromium.ts'

const cacheRoot = tempDir('npm-chromium-')
afterAll(() => rmSync(cacheRoot, {recursive: true, force: true}))

// Unpacks the real package (about 220 MB, 3 s of CPU), twice at once: slow on a busy machine.
describe('the Chromium inside @sparticuz/chromium', {timeout: 180_000}, () => {
  let unpacked: Promise<[BrowserCandidate, BrowserCandidate]>
  beforeAll(() => {
    const staleStaging = join(cacheRoot, '.unpacking-killed')
    mkdirSync(staleStaging)
    mkdirSync(join(cacheRoot, '.unpacking-running'))
    const anHourAgo = new Date(Date.now() - 3600_000)
    utimesSync(staleStaging, anHourAgo, anHourAgo)
    unpacked = Promise.all([npmChromium(cacheRoot), npmChromium(cacheRoot)])
  })

  it('unpacks into one folder per version even when two unpacks race, leaving no half-written folder', async () => {
    const [first, second] = await unpacked
    expect(second).toEqual(first)
    expect(first.executablePath).toBe(join(cacheRoot, 'sparticuz-chromium-153.0.0', 'chromium'))
    // The killed unpack's leftovers are swept; one that may still be running is left alone.
    expect(readdirSync(cacheRoot).sort()).toEqual([
      '.unpacking-running',
      'sparticuz-chromium-153.0.0',
    ])
  })

  it('starts', async () => {
    const [browser] = await unpacked
    await expect(probeBrowser(browser, 30_000)).resolves.toMatch(/^Chromium 153\./)
  })

  it('links against the libraries the package brings, not the system', async () => {
    const [browser] = await unpacked
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

  it('finds its own fonts, wherever the cache is', async () => {
    const [browser] = await unpacked
    const conf = readFileSync(browser.env.FONTCONFIG_FILE ?? '', 'utf8')
    const fonts = join(cacheRoot, 'sparticuz-chromium-153.0.0', 'fonts', 'fonts')
    expect(conf).toContain(`<dir>${fonts}</dir>`)
    expect(readdirSync(join(fonts, 'Open_Sans'))).toContain('OpenSans-Regular.ttf')
  })
})
