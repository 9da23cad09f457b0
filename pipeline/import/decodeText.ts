export type DecodedText = {text: string} | {error: string}

const strict = new TextDecoder('utf-8', {fatal: true})

/** Legacy pages must be UTF-8 text; anything else is refused with a reason the user can act on. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.includes(0)) {
    return {error: 'The file contains NUL bytes, so it is binary, not a text page.'}
  }
  let text: string
  try {
    text = strict.decode(bytes)
  } catch {
    return {
      error: `Line ${firstInvalidLine(bytes)} is not valid UTF-8. Save the page as UTF-8 text and import it again.`,
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') return {error: 'The file is empty.'}
  return {text}
}

function firstInvalidLine(bytes: Uint8Array): number {
  let start = 0
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(0x0a, start)
    try {
      strict.decode(bytes.subarray(start, end === -1 ? bytes.length : end))
    } catch {
      return line
    }
    if (end === -1) return line
    start = end + 1
  }
}
