import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import type {Server} from 'node:http'
import {delimiter, join, resolve} from 'node:path'
import type {Browser, Page} from 'playwright'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {COLOURS} from '../../pipeline/report/htmlPage.ts'
import {CATEGORIES} from '../../pipeline/workflow/categorize.ts'
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
    await expect(page.locator('#signatureProblems .empty').textContent()).resolves.toBe('None.')
    await expect(page.locator('p.keyring').textContent()).resolves.toBe(
      'Signatures checked against review/demo-keyring.json: a demo keyring (4 people), for demo data only.',
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
    // The approval readers see, as Part 11 §11.50 shows a signature: signer, time and meaning.
    await expect(page.locator('dl.facts').textContent()).resolves.toContain(
      '2026-10-12 16:05 UTC by Li Chen (MD, FRCPath), full medical review: “I approve this content as medically accurate and complete.”',
    )
    expect(await page.locator('script').count()).toBe(0)
    await page.screenshot({
      path: join(root, 'test-results/review-leiomyosarcoma.png'),
      fullPage: true,
    })
  })
})

describe('the HTML report of a dataset changed behind the reviewers’ backs, in Chromium', () => {
  const attackedDir = join(resolve(outDir, '..'), 'attacked')
  let attackedUrl: string
  let attackedServer: Server | undefined

  beforeAll(async () => {
    // The cited Wikipedia source is pointed elsewhere; melanoma's approval loses its signature.
    const lines = readFileSync(join(root, 'content/production.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
    const attacked = lines.map((line) => {
      const doc = JSON.parse(line)
      if (doc._id === 'source-wikipedia-leiomyosarcoma')
        return JSON.stringify({
          ...doc,
          title: 'Leiomyosarcoma facts',
          url: 'https://evil.example/lms',
        })
      if (doc._id === 'statement-2e3c625a12a0fe6ad8c7a6d71ec0e5cfb32b823771ef9800035134d449788402')
        return JSON.stringify({...doc, signature: 'AAAA'})
      return line
    })
    const source = join(resolve(outDir, '..'), 'attacked.ndjson')
    writeFileSync(source, `${attacked.join('\n')}\n`)
    const {code, stderr} = await runCli(
      join(root, 'scripts/review.ts'),
      [
        ...['--source', source, '--keyring', join(root, 'review/demo-keyring.json')],
        ...['--today', '2026-11-27', '--out', attackedDir],
      ],
      {PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`},
    )
    expect(code, stderr).toBe(1)
    ;({server: attackedServer, url: attackedUrl} = await serveStatic(attackedDir))
  })

  afterAll(() => attackedServer?.close())

  it('names the changed source with its old and new title and address', async () => {
    await page.goto(`${attackedUrl}/index.html`)
    await expect(page.locator('#shownChanged .detail').allInnerTexts()).resolves.toContain(
      'approved 2026-10-12 by Li Chen; changed since: Leiomyosarcoma (Wikipedia)',
    )
    await page.locator('#shownChanged a.name', {hasText: 'Leiomyosarcoma'}).click()
    const shown = page.locator('section.comparison.shown')
    await expect(shown.locator('h4').first().textContent()).resolves.toContain(
      'Leiomyosarcoma (Wikipedia)',
    )
    const cells = await shown.locator('table.fields td').allInnerTexts()
    expect(cells.join('\n')).toContain('https://evil.example/lms')
    await expect(shown.locator('del').allInnerTexts()).resolves.toContain('Leiomyosarcoma')
    await expect(shown.locator('ins').allInnerTexts()).resolves.toContain('Leiomyosarcoma facts')
    await page.screenshot({
      path: join(root, 'test-results/review-shown-changed.png'),
      fullPage: true,
    })
  })

  it('shows the forged approval under “Signatures not valid”, with its reason', async () => {
    await page.goto(`${attackedUrl}/index.html`)
    const reasons = await page.locator('#signatureProblems .reasons li').allInnerTexts()
    expect(reasons.join('\n')).toMatch(/the signature does not match key \S+ of person-li-chen/)
    await page.locator('#signatureProblems a.name').click()
    await page.waitForURL(/tumour-melanoma\.html$/)
    const aside = page.locator('aside.signatures')
    await expect(aside.isVisible()).resolves.toBe(true)
    await expect(aside.locator('h2').textContent()).resolves.toBe('Signatures not valid')
    expect(await page.locator('script').count()).toBe(0)
  })
})
