/** The size of one slab: large enough that a dataset's kept lines take a few allocations. */
const SLAB_BYTES = 16 * 1024 * 1024

/**
 * Copies of byte ranges packed into a few large buffers. Kept lines are copied out of the
 * read chunks so that those can be freed (a view would keep each whole chunk), and packed,
 * because ten thousand separate small buffers cost more to allocate than to copy.
 */
export class ByteArena {
  #slab = Buffer.allocUnsafeSlow(0)
  #used = 0

  keep(bytes: Uint8Array): Uint8Array {
    if (this.#used + bytes.length > this.#slab.length) {
      this.#slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes.length))
      this.#used = 0
    }
    const copy = this.#slab.subarray(this.#used, this.#used + bytes.length)
    copy.set(bytes)
    this.#used += bytes.length
    return copy
  }
}
