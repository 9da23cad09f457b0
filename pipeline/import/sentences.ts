const segmenter = new Intl.Segmenter('en', {granularity: 'sentence'})

// ICU breaks after these, but in medical prose they rarely end a sentence.
const ABBREVIATION = /\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|cf|approx|Fig|No|Vol|ca)\.\s*$/

export function splitSentences(text: string): string[] {
  const sentences: string[] = []
  for (const {segment} of segmenter.segment(text)) {
    const last = sentences.length - 1
    if (last >= 0 && ABBREVIATION.test(sentences[last] as string)) {
      sentences[last] = `${sentences[last]} ${segment.trim()}`
    } else if (segment.trim() !== '') {
      sentences.push(segment.trim())
    }
  }
  return sentences
}

export const SUMMARY_MIN = 50
export const SUMMARY_MAX = 300
// Long enough for a card or a meta description; more sentences would only be cut there.
const SUMMARY_TARGET = 100

/**
 * Whole sentences from the start of `text`, between 50 and 300 characters. When no sentence
 * boundary fits, the text is cut at a word and ends with an ellipsis. Undefined when the text
 * is too short for any summary.
 */
export function summarize(text: string): string | undefined {
  let summary = ''
  for (const sentence of splitSentences(text)) {
    const candidate = summary ? `${summary} ${sentence}` : sentence
    if (candidate.length > SUMMARY_MAX) break
    summary = candidate
    if (summary.length >= SUMMARY_TARGET) break
  }
  if (summary.length >= SUMMARY_MIN) return summary
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length < SUMMARY_MIN) return undefined
  return flat.length <= SUMMARY_MAX ? flat : cutAtWord(flat, SUMMARY_MAX, SUMMARY_MIN)
}

/**
 * `text` cut to at most `max` characters at the last word that fits (unless that keeps fewer
 * than `minKept`), ending with an ellipsis to mark the cut.
 */
export function cutAtWord(text: string, max: number, minKept = 0): string {
  const cut = text.slice(0, max - 1)
  const lastSpace = cut.lastIndexOf(' ')
  return `${(lastSpace >= minKept ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:]+$/, '')}…`
}

export function firstSentence(text: string): string | undefined {
  return splitSentences(text)[0]
}
