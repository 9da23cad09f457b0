import fc from 'fast-check'
import type {Link} from 'mdast'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {checkHref, checkWebUrl} from '../../schemas/rules/urlPolicy.ts'

const SITE = 'https://site.example/tumours/leiomyosarcoma'
/** Where a browser goes for an href on our site (Node's URL is the WHATWG parser browsers use). */
const origin = (href: string) => new URL(href, SITE).origin

/** The address a Markdown reader (remark, like the sites' renderers) takes from `[x](<href>)`. */
function markdownUrl(href: string): string | undefined {
  let url: string | undefined
  visit(unified().use(remarkParse).parse(`[x](<${href}>)`), 'link', (node: Link) => {
    url = node.url
  })
  return url
}

describe('checkHref: character references that name no character', () => {
  it.each([
    '&#x110000;',
    'https://x.example/&#x110000;',
    '&#1114112;',
    '&#99999999999999999999;',
    `&#x${'f'.repeat(40)};`,
    '&#xD800;',
    '&#0;',
    '&amp;#x110000;', // nested: decoded in a second round
    'java&#x110000;script:alert(1)',
  ])('%s is refused with a reason, not a RangeError', (href) => {
    const verdict = checkHref(href)
    expect(verdict).toEqual({ok: false, reason: expect.stringContaining('names no character')})
  })

  it('still decodes valid references to find a hidden scheme', () => {
    expect(checkHref('&#x6A;avascript:alert(1)').ok).toBe(false)
    expect(checkHref('&#x1F9EC;')).toEqual({ok: true, href: '&#x1F9EC;', kind: 'relative'})
  })
})

describe('checkHref: what browsers read as a second slash', () => {
  // Each attack is first shown to leave the site in the WHATWG parser, then shown refused.
  const attacks: [string, string][] = [
    ['backslash then slash', '\\/evil.example/x'],
    ['slash then backslash', '/\\evil.example/x'],
    ['two backslashes', '\\\\evil.example/x'],
    ['tab between the slashes', '/\t/evil.example/x'],
    ['newline between the slashes', '/\n/evil.example/x'],
    ['carriage return between the slashes', '/\r/evil.example/x'],
    ['tab between backslashes', '\\\t\\evil.example/x'],
    ['leading NUL', '\u0000//evil.example/x'],
    ['leading control character', '\u0001\\/evil.example/x'],
    ['leading escape and backslashes', '\u001b\\\\evil.example'],
    ['three slashes', '///evil.example/x'],
  ]

  it.each(attacks)('%s leaves the site in a browser and is refused', (_, href) => {
    expect(origin(href)).toBe('https://evil.example')
    expect(checkHref(href)).toEqual({ok: false, reason: expect.stringContaining('leaves the site')})
  })

  it.each([
    ['encoded backslash', '&#92;/evil.example/x'],
    ['named backslash', '&bsol;&sol;evil.example/x'],
    ['encoded tab', '/&Tab;/evil.example/x'],
    ['encoded newline', '/&NewLine;/evil.example'],
  ])('%s is refused once decoded, as Markdown readers decode it', (_, href) => {
    const url = markdownUrl(href)
    expect(url && origin(url)).toBe('https://evil.example')
    expect(checkHref(href).ok).toBe(false)
  })

  it('refuses a backslash later in the path, which browsers turn into a slash', () => {
    expect(new URL('/a\\b', SITE).pathname).toBe('/a/b')
    expect(checkHref('/a\\b')).toEqual({ok: false, reason: expect.stringContaining('backslash')})
    expect(checkHref('\\a')).toEqual({ok: false, reason: expect.stringContaining('backslash')})
  })

  it('refuses control characters in a relative link', () => {
    expect(checkHref('\u0001/tumours/gist').ok).toBe(false)
    expect(checkHref('/tumours/\u007fgist').ok).toBe(false)
  })

  it('keeps ordinary links', () => {
    for (const href of ['/tumours/gist', '#treatment', '?q=a\\b', 'gist', '../kits/x']) {
      expect(checkHref(href)).toEqual({ok: true, href, kind: 'relative'})
    }
    expect(checkHref('https:\\\\example.org/a')).toEqual({
      ok: true,
      href: 'https:\\\\example.org/a',
      kind: 'absolute',
    })
  })

  it('accepts a relative link only when a browser and a Markdown reader stay on the site', () => {
    const char = fc.constantFrom(
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      ' ',
      '\u0000',
      '\u0001',
      '\u001f',
      '\u007f',
      '\u00a0',
      '&',
      '#',
      ';',
      'x',
      '5',
      'C',
      '9',
      '2',
      'e',
      '.',
      ':',
      '?',
      '%',
      'sol',
      'bsol',
      'Tab',
      'amp',
      '&#47;',
      '&#92;',
      '&#x2F;',
      '&#x5c;',
      'evil.example',
    )
    fc.assert(
      fc.property(fc.array(char, {maxLength: 12}), (parts) => {
        const href = parts.join('')
        const verdict = checkHref(href)
        if (!verdict.ok || verdict.kind !== 'relative') return
        expect(origin(verdict.href)).toBe('https://site.example')
        const url = markdownUrl(verdict.href)
        if (url !== undefined) expect(origin(url)).toBe('https://site.example')
      }),
      {numRuns: 5000},
    )
  })
})

describe('checkWebUrl', () => {
  it('needs a full web address', () => {
    expect(checkWebUrl('https://en.wikipedia.org/wiki/Leiomyosarcoma').ok).toBe(true)
    expect(checkWebUrl('/wiki/Leiomyosarcoma').ok).toBe(false)
    expect(checkWebUrl('https://x.example/&#x110000;').ok).toBe(false)
  })
})
