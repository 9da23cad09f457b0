import {createHash} from 'node:crypto'

/** sha256 (hex) of bytes or UTF-8 text: file digests, fingerprints and cache keys. */
export const sha256 = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex')
