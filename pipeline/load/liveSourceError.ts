/** The live source cannot be read; the message says why and what to check, never the token. */
export class LiveSourceError extends Error {
  override name = 'LiveSourceError'
}
