import canonicalize from 'canonicalize'

/**
 * What an approval is bound to: the document's content, without the fields that change when
 * nothing a reader sees changes (ids differ between draft and published; revisions and
 * timestamps change on every save; workflow metadata records the review itself).
 */
export const NON_CONTENT_FIELDS = [
  '_id',
  '_rev',
  '_createdAt',
  '_updatedAt',
  '_originalId',
  '_system',
  'workflow',
]

export function contentOf(doc: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (!NON_CONTENT_FIELDS.includes(key) && value !== undefined) content[key] = value
  }
  return content
}

/** RFC 8785 (JSON Canonicalization Scheme): sorted keys, fixed number and string forms. */
export function canonicalSnapshot(doc: Record<string, unknown>): string {
  return canonicalize(contentOf(doc)) as string
}

/** sha256 (hex) of a snapshot, with Web Crypto so the Studio and the pipeline share it. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export async function contentHash(doc: Record<string, unknown>): Promise<string> {
  return sha256Hex(canonicalSnapshot(doc))
}
