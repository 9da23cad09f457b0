/**
 * Terminal text with optional colour: removed words red and struck through, added words green;
 * without colour, as in CI logs, words are marked wdiff-style, `[-removed-]{+added+}`.
 */

export type Style = 'added' | 'removed' | 'bold' | 'dim' | 'heading' | 'plain'
const ANSI: Record<Style, [string, string]> = {
  added: ['\u001b[32m', '\u001b[39m'],
  removed: ['\u001b[31;9m', '\u001b[29;39m'],
  bold: ['\u001b[1m', '\u001b[22m'],
  heading: ['\u001b[1;4m', '\u001b[24;22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  plain: ['', ''],
}
const MARK: Partial<Record<Style, [string, string]>> = {
  added: ['{+', '+}'],
  removed: ['[-', '-]'],
}

// Control characters in content must not reach the terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of it
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
export const clean = (text: string) => text.replace(CONTROL, '').replace(/\s+/g, ' ')

export class Writer {
  readonly lines: string[] = []
  readonly colour: boolean
  readonly width: number
  constructor(colour: boolean, width: number) {
    this.colour = colour
    this.width = width
  }

  style(text: string, style: Style): string {
    if (style === 'plain' || text === '' || !this.colour) return text
    return `${ANSI[style][0]}${text}${ANSI[style][1]}`
  }

  line(text = ''): void {
    this.lines.push(text)
  }

  /**
   * Words wrapped to the width after `first` (the marker column), continuing under `indent`.
   * A changed run keeps its markers (or colour) across a line break.
   */
  wrap(first: string, indent: string, parts: {text: string; style: Style}[]): void {
    // Words, with null for a space; words with no space between (`[-by-]{+at+}`) stay glued.
    const atoms: (string | null)[] = []
    for (const {text, style} of parts) {
      const tokens = clean(text)
        .split(/( )/)
        .filter((t) => t !== '')
      const words = tokens.filter((t) => t !== ' ')
      const mark = this.colour ? undefined : MARK[style]
      let index = 0
      for (const token of tokens) {
        if (token === ' ') {
          if (atoms.length > 0 && atoms.at(-1) !== null) atoms.push(null)
          continue
        }
        let word = token
        if (mark && index === 0) word = mark[0] + word
        if (mark && index === words.length - 1) word += mark[1]
        atoms.push(this.style(word, style))
        index++
      }
    }
    const glued: string[] = []
    let space = true
    for (const atom of atoms) {
      if (atom === null) space = true
      else if (space || glued.length === 0) {
        glued.push(atom)
        space = false
      } else glued[glued.length - 1] += atom
    }
    let line = first
    let width = visible(first)
    let empty = true
    for (const word of glued) {
      const length = visible(word)
      if (!empty && width + 1 + length > this.width) {
        this.lines.push(line)
        line = indent + word
        width = visible(indent) + length
        continue
      }
      line += (empty ? '' : ' ') + word
      width += (empty ? 0 : 1) + length
      empty = false
    }
    this.lines.push(line.trimEnd())
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the colour codes we wrote
export const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length
