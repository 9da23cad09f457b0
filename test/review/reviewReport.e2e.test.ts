import {mkdirSync, rmSync} from 'node:fs'
import type {Server} from 'node:http'
import {delimiter, join, resolve} from 'node:path'
import type {Browser, Page} from 'playwright'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {COLOURS} from '../../pipeline/review/renderHtml.ts'
import {CATEGORIES} from '../../pipeline/review/reviewQueue.ts'
import {launchChromium} from '../support/chromium.ts'
import {runCli, tempDir} from '../support/exportHarness.ts'
import {serveStatic} from '../support/staticServer.ts'

const root = resolve(import.meta.dirname, '../..')
const outDir = join(tempDir('review-report-'), 'report')
let server: Server
let url: string
let browser: Browser
let page: Page

/** CSS hex colour → the rgb() string getComputedStyle reports. */
const rgb = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}

beforeAll(async () => {
  const {code, stderr} = await runCli(
    join(root, 'scripts/review.ts'),
    ['--source', join(root, 'content/production.ndjson'), '--today', '2026-11-27', '--out', outDir],
    {PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`},
  )
  expect(code, stderr).toBe(0)
  ;({server, url} = await serveStatic(outDir))
  browser = await launchChromium()
  page = await browser.newPage({viewport: {width: 1100, height: 900}})
  mkdirSync(join(root, 'test-results'), {recursive: true})
})

afterAll(async () => {
  await browser?.close()
  server?.close()
  rmSync(resolve(outDir, '..'), {recursive: true, force: true})
})

describe('the HTML review report in Chromium', () => {
  it('lists every category on the index, with links to the pages', async () => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${url}/index.html`, {waitUntil: 'load'})
    for (const category of CATEGORIES) {
      await expect(page.locator(`section#${category.id} h2`).textContent()).resolves.toContain(
        category.title,
      )
    }
    await expect(page.locator('#awaitingReview a.name').textContent()).resolves.toBe(
      'Leiomyosarcoma',
    )
    await expect(page.locator('#changesRequested blockquote').textContent()).resolves.toMatch(
      /^Please cite a source/,
    )
    await expect(page.locator('#overdue .detail').textContent()).resolves.toContain(
      '150 days overdue',
    )
    expect(await page.locator('script').count()).toBe(0)
    await page.screenshot({path: join(root, 'test-results/review-index.png'), fullPage: true})
    expect(errors).toEqual([])
  })

  it('highlights the changed Treatment words of the leiomyosarcoma draft', async () => {
    await page.goto(`${url}/index.html`)
    await page.locator('#awaitingReview a.name').click()
    await page.waitForURL(/tumour-leiomyosarcoma\.html$/)
    await expect(page.locator('h1').textContent()).resolves.toBe('Leiomyosarcoma')

    const treatment = page.locator('article.section.changed')
    await expect(treatment.count()).resolves.toBe(1)
    await expect(treatment.locator('h4').textContent()).resolves.toContain('Treatment')
    const deleted = await treatment.locator('del').allInnerTexts()
    const inserted = await treatment.locator('ins').allInnerTexts()
    expect(deleted).toContain('by a specialist sarcoma team and')
    expect(inserted.join(' ')).toContain('at a centre that sees many people with sarcoma')
    expect(inserted).toContain('Planning treatment')
    // Unchanged sections stay folded away, but are there to read.
    await expect(page.locator('details.unchanged').count()).resolves.toBe(5)

    const style = (selector: string) =>
      treatment
        .locator(selector)
        .first()
        .evaluate((el) => {
          const s = getComputedStyle(el)
          return {background: s.backgroundColor, line: s.textDecorationLine}
        })
    await expect(style('ins')).resolves.toEqual({
      background: rgb(COLOURS.insBackground),
      line: 'none',
    })
    await expect(style('del')).resolves.toEqual({
      background: rgb(COLOURS.delBackground),
      line: 'line-through',
    })
    expect(await page.locator('script').count()).toBe(0)
    await page.screenshot({
      path: join(root, 'test-results/review-leiomyosarcoma.png'),
      fullPage: true,
    })
  })
})
