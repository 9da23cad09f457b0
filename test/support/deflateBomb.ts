/**
 * A raw DEFLATE stream that inflates to `outputBytes` zero bytes (rounded up to whole runs of
 * 258), built directly in one fixed-Huffman block so that it costs 13 bits per 258 bytes of
 * output and never needs the output itself: a 1 GiB bomb is 6.8 MB.
 */
export function deflateBomb(outputBytes: number): Uint8Array {
  const runs = Math.max(0, Math.ceil((outputBytes - 1) / 258))
  const out = new Uint8Array(Math.ceil((3 + 8 + runs * 13 + 7) / 8) + 1)
  let bit = 0
  const push = (one: number) => {
    if (one) out[bit >> 3] = (out[bit >> 3] as number) | (1 << (bit & 7))
    bit++
  }
  // Extra bits and headers go least significant bit first.
  const bits = (value: number, count: number) => {
    for (let i = 0; i < count; i++) push((value >> i) & 1)
  }
  // Huffman codes go most significant bit first (RFC 1951, 3.1.1).
  const code = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i--) push((value >> i) & 1)
  }
  bits(1, 1) // BFINAL
  bits(1, 2) // BTYPE 01: fixed Huffman codes
  code(0b00110000, 8) // literal 0
  for (let i = 0; i < runs; i++) {
    code(0b11000101, 8) // length code 285: 258 bytes
    code(0b00000, 5) // distance code 0: distance 1
  }
  code(0, 7) // end of block (256)
  return out.subarray(0, Math.ceil(bit / 8))
}

/** Standard padded base64, as closures are stored. */
export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
