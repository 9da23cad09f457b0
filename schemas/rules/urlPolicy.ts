/**
 * The one link policy shared by the Studio rules and the export: a URL from content may be
 * http(s), mailto, or a relative path. Everything else (javascript:, data:, vbscript:, file:,
 * protocol-relative `//host`) is refused, including disguised variants that browsers would
 * still execute: mixed case, padding, control characters and HTML entity encoding.
 */
export type HrefVerdict =
  | {ok: true; href: string; kind: 'absolute' | 'mailto' | 'relative'}
  | {ok: false; reason: string}

const NAMED_ENTITIES: Record<string, string> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  amp: '&',
  lpar: '(',
  rpar: ')',
  period: '.',
}

/** Undo the obfuscations a browser undoes before it looks at a URL's scheme. */
function normaliseForSchemeCheck(raw: string): string {
  let text = raw
  // Entities may be nested (`&amp;colon;`), so decode until stable.
  for (let i = 0; i < 4; i++) {
    const decoded = text
      .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) =>
        String.fromCodePoint(Number.parseInt(hex, 16)),
      )
      .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
      .replace(
        /&([a-z]+);?/gi,
        (match, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? match,
      )
    if (decoded === text) break
    text = decoded
  }
  // Browsers strip ASCII whitespace and control characters anywhere in the scheme.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase()
}

export function checkHref(value: unknown): HrefVerdict {
  if (typeof value !== 'string' || value.trim() === '') {
    return {ok: false, reason: 'The link has no address.'}
  }
  const href = value.trim()
  const probe = normaliseForSchemeCheck(href)
  if (probe.startsWith('//') || probe.startsWith('\\\\') || probe.startsWith('/\\')) {
    return {
      ok: false,
      reason: `"${href}" starts with "//", which leaves the site. Write https:// in full.`,
    }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(probe)?.[1]
  if (scheme === undefined) {
    // No scheme: a relative path or an in-page anchor. A colon before the first slash
    // would be read as a scheme by browsers, and we found none, so this is safe.
    return /[\s<>"]/.test(href)
      ? {
          ok: false,
          reason: `"${href}" contains spaces or quotes. Encode them (%20) or fix the link.`,
        }
      : {ok: true, href, kind: 'relative'}
  }
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
