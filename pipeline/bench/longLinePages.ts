import type {InputFile} from '../import/types.ts'

/**
 * Legacy pages that each hold one very long line of the shape that made an importer regex
 * rescan it from every character (quadratic time), plus a plain line of words as the linear
 * baseline. Shared by test/import/longLines.test.ts and pipeline/bench/importScaling.ts.
 */
const HEAD = 'Tumour\n\nLeiomyosarcoma\n\n'
const KIT = `${HEAD}OncoProfile Sarcoma Panel\nis available for Leiomyosarcoma\n\n`
const OPENING =
  'Leiomyosarcoma is a rare cancer that starts in smooth muscle tissue of the body wall.'

/** `unit` repeated to about `bytes` characters. */
const run = (unit: string, bytes: number) =>
  unit.repeat(Math.max(1, Math.floor(bytes / unit.length)))

const plain = (line: string): InputFile['bytes'] =>
  Buffer.from(`${HEAD}${OPENING}\n\n${line}\n\nSource: Wikipedia\n`)

export const LONG_LINE_SHAPES: Record<string, (bytes: number) => InputFile> = {
  /** The baseline: ordinary words. */
  words: (n) => ({path: 'words.txt', bytes: plain(run('word ', n))}),
  /** isCallToAction's trailing arrows (buttonLine.ts). */
  'call-to-action-arrows': (n) => ({
    path: 'arrows.txt',
    bytes: Buffer.from(`${KIT}Order now ${run('→ ', n)}x\n\nRequest a test\n\n${OPENING}\n`),
  }),
  /** bareText's `[text](url)` on brackets that never close. */
  brackets: (n) => ({path: 'brackets.txt', bytes: plain(run('[', n))}),
  'brackets-and-parentheses': (n) => ({path: 'links.txt', bytes: plain(run('[a](', n))}),
  /** availableFor's trailing dots. */
  'available-for-dots': (n) => ({
    path: 'dots.txt',
    bytes: Buffer.from(
      `${HEAD}Kit\nis available for ${run('.', n)}x\n\nA test.\n\nRequest a test\n\n${OPENING}\n`,
    ),
  }),
  /** nameFacts' origin sentence without a full stop, and synonym quotes. */
  'origin-sentence': (n) => ({
    path: 'origin.txt',
    bytes: plain(`${OPENING} ${run('It is named after ', n)}`),
  }),
  'origin-parentheses': (n) => ({
    path: 'paren.txt',
    bytes: plain(`${OPENING} ${run('(from Greek a ', n)}`),
  }),
  'synonym-quotes': (n) => ({
    path: 'quotes.txt',
    bytes: plain(`${OPENING} Also known as x${run("'", n)}y.`),
  }),
  /** The summary's space before punctuation, and Wikipedia's citation markers, on spaces. */
  'spaces-in-text': (n) => ({path: 'spaces.txt', bytes: plain(`a${' '.repeat(n)}b`)}),
  'spaces-in-code': (n) => ({
    path: 'code.md',
    bytes: Buffer.from(
      `# Leiomyosarcoma\n\nLeiomyosarcoma (from Greek leios) is a rare cancer of smooth muscle. \`a${' '.repeat(n)}b\` c.\n`,
    ),
  }),
  /** The spaces a line break trims from the span before it, in a code span. */
  'code-then-break': (n) => ({
    path: 'break.md',
    bytes: Buffer.from(`# Leiomyosarcoma\n\n${OPENING}\n\n\`a${' '.repeat(n)}b \`\\\nc\n`),
  }),
  /** sectionKind's trailing colons on a Markdown heading. */
  'heading-colons': (n) => ({
    path: 'heading.md',
    bytes: Buffer.from(
      `# Leiomyosarcoma\n\n${OPENING}\n\n## Treatment${run(': ', n)}x\n\nSurgery.\n`,
    ),
  }),
  /** sourceDocument's trailing punctuation on the source line. */
  'source-dashes': (n) => ({
    path: 'source.txt',
    bytes: Buffer.from(`${HEAD}${OPENING}\n\nSource: Wikipedia${run(' -', n)}x\n`),
  }),
}
