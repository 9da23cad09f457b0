import {inflateRawSync} from 'node:zlib'
import {
  type ClosureDecoder,
  isBase64,
  MAX_CLOSURE_BYTES,
  NOT_BASE64,
  NOT_DEFLATE,
  tooLarge,
  utf8Text,
} from '../workflow/closureCodec.ts'

/**
 * decodeClosure with zlib, which stops at `maxBytes` itself (maxOutputLength): about four
 * times faster per closure than the Web stream, and a cold export decodes every approval's.
 */
export const nodeDecodeClosure: ClosureDecoder = async (encoded, maxBytes = MAX_CLOSURE_BYTES) => {
  if (!isBase64(encoded)) return {ok: false, problem: NOT_BASE64}
  try {
    return utf8Text(inflateRawSync(Buffer.from(encoded, 'base64'), {maxOutputLength: maxBytes}))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {ok: false, problem: code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge(maxBytes) : NOT_DEFLATE}
  }
}
