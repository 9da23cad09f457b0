// Types for the part of fs-native-extensions (holepunchto, Apache-2.0) the writer uses.
declare module 'fs-native-extensions' {
  /** An open-file-description lock (fcntl F_OFD_SETLK on Linux): false if another holds it. */
  export function tryLock(fd: number, options?: {shared?: boolean}): boolean
  export function unlock(fd: number): void
  /** Exchanges two paths in one step (renameat2 RENAME_EXCHANGE on Linux, renamex_np on macOS). */
  export function swap(from: string, to: string): Promise<void>
}
