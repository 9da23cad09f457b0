/**
 * The one link policy shared by the Studio rules and the export: a URL from content may be
 * http(s), mailto, or a relative path. Everything else (javascript:, data:, vbscript:, file:,
 * protocol-relative `//host`) is refused, including disguised variants that browsers would
 * still execute or follow: mixed case, padding, control characters, HTML character references,
 * and backslashes, which the WHATWG URL parser reads as slashes (`\/evil.example`).
 */
export type HrefVerdict =
  | {ok: true; href: string; kind: 'absolute' | 'mailto' | 'relative'}
  | {ok: false; reason: string}

const NAMED_ENTITIES: Record<string, string> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  bsol: '\\',
  amp: '&',
  lpar: '(',
  rpar: ')',
  period: '.',
}

/** Numeric references that name no character (NUL, surrogates, beyond U+10FFFF). */
const isScalarValue = (code: number) =>
  code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)

type Decoded = {text: string} | {invalid: string}

/** One round of the character references an HTML or Markdown reader decodes in an address. */
function decodeOnce(text: string): Decoded {
  let invalid: string | undefined
  const numeric = (match: string, digits: string, radix: number) => {
    const code = Number.parseInt(digits, radix)
    if (isScalarValue(code)) return String.fromCodePoint(code)
    invalid ??= match
    return ''
  }
  const decoded = text
    .replace(/&#x([0-9a-f]+);?/gi, (match, hex: string) => numeric(match, hex, 16))
    .replace(/&#(\d+);?/g, (match, dec: string) => numeric(match, dec, 10))
    .replace(/&([a-z]+);?/gi, (match, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? match)
  return invalid === undefined ? {text: decoded} : {invalid}
}

/** Entities may be nested (`&amp;colon;`), so decode until stable, refusing bad references. */
function decodeReferences(raw: string): Decoded {
  let text = raw
  for (let i = 0; i < 4; i++) {
    const decoded = decodeOnce(text)
    if ('invalid' in decoded || decoded.text === text) return decoded
    text = decoded.text
  }
  return {text}
}

// Browsers strip ASCII whitespace and control characters around a URL, and tabs and newlines
// anywhere in it; stripping them all shows the scheme and the leading slashes a browser sees.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const IGNORED = /[\u0000-\u0020\u007f-\u009f]+/g

function relativeVerdict(href: string, probe: string): HrefVerdict {
  const leading = /^[\\/]*/.exec(probe)?.[0] ?? ''
  if (leading.length >= 2) {
    return {
      ok: false,
      reason: `"${href}" starts with "//" (browsers read "\\" as "/"), which leaves the site. Write https:// in full.`,
    }
  }
  // In a path, browsers read a backslash as a slash; in front it would change where the link goes.
  if (/\\/.test(probe.split(/[?#]/, 1)[0] as string)) {
    return {
      ok: false,
      reason: `"${href}" has a backslash in its path, which browsers read as "/". Write "/" (or %5C for a backslash).`,
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  return /[\s<>"\u0000-\u001f\u007f-\u009f]/.test(href)
    ? {
        ok: false,
        reason: `"${href}" contains spaces, quotes or control characters. Encode them (%20) or fix the link.`,
      }
    : {ok: true, href, kind: 'relative'}
}

export function checkHref(value: unknown): HrefVerdict {
  if (typeof value !== 'string' || value.trim() === '') {
    return {ok: false, reason: 'The link has no address.'}
  }
  const href = value.trim()
  const decoded = decodeReferences(href)
  if ('invalid' in decoded) {
    return {
      ok: false,
      reason: `"${href}" holds the character reference "${decoded.invalid}", which names no character. Remove it or write the address out.`,
    }
  }
  const probe = decoded.text.replace(IGNORED, '').toLowerCase()
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(probe)?.[1]
  // No scheme: a relative path or an in-page anchor. A colon before the first slash
  // would be read as a scheme by browsers, and we found none, so only the slashes matter.
  if (scheme === undefined) return relativeVerdict(href, probe)
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(href)
      if (url.username || url.password) {
        return {ok: false, reason: `"${href}" contains a user name or password. Remove them.`}
      }
      if (!url.hostname) return {ok: false, reason: `"${href}" has no host name.`}
      return {ok: true, href, kind: 'absolute'}
    } catch {
      return {ok: false, reason: `"${href}" is not a valid web address.`}
    }
  }
  if (scheme === 'mailto') {
    return /^mailto:[^@\s]+@[^@\s]+\.[^@\s]+/i.test(href)
      ? {ok: true, href, kind: 'mailto'}
      : {ok: false, reason: `"${href}" is not a valid mailto: address (mailto:name@example.org).`}
  }
  return {
    ok: false,
    reason: `Links using "${scheme}:" are not allowed. Use an https:// address, a mailto: address or a relative path such as /tumours/leiomyosarcoma.`,
  }
}

/** For fields that must point to an external web page (sources, licences). */
export function checkWebUrl(value: unknown): HrefVerdict {
  const verdict = checkHref(value)
  if (verdict.ok && verdict.kind !== 'absolute') {
    return {
      ok: false,
      reason: `"${verdict.href}" must be a full web address starting with https://.`,
    }
  }
  return verdict
}
