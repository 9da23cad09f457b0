/** Programmer or environment errors while writing: the previous export is left intact. */
export class WriteError extends Error {
  override name = 'WriteError'
}

/** The error code of a failed file system call, if it has one. */
export const errorCode = (error: unknown): string | undefined =>
  (error as NodeJS.ErrnoException | undefined)?.code
