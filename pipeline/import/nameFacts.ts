export interface NameFacts {
  synonyms: string[]
  nameOrigin?: string
  /** The parenthesis the origin was taken from, so the summary can leave it out. */
  originText?: string
}

const LANGUAGES =
  'Ancient Greek|Greek|Latin|New Latin|Medieval Latin|French|German|Italian|Spanish|Arabic|Old English'
// "(from Greek leios 'smooth' …)", one level of nested parentheses allowed.
const ORIGIN_IN_PARENS = new RegExp(
  `\\(\\s*((?:derived\\s+)?from\\s+(?:the\\s+)?(?:${LANGUAGES})\\b(?:[^()]|\\([^()]*\\))*)\\)`,
  'i',
)
// "The name comes from …" or "It is named after …" as a sentence of its own.
const ORIGIN_START =
  /\b(?:the (?:name|term|word) (?:comes|derives|is derived|originates) from|(?:it|the \w+) (?:is|was) named after)\b/i
const ALSO_CALLED =
  /\b(?:also|sometimes|commonly|often|formerly)\s+(?:referred\s+to\s+as|known\s+as|called|termed|abbreviated(?:\s+as)?)\s+([^.;:()]+)/gi
// Words that start a clause, not a name: "also known as LMS, is a rare cancer".
const CLAUSE_START =
  /^(?:is|are|was|were|which|that|who|it|its|can|may|and|because|when|where|in|of|with|for|to|a|an)\b/

/** Synonyms and the origin of the name, where the opening paragraphs state them. */
export function extractNameFacts(text: string, name: string): NameFacts {
  const flat = text.replace(/\s+/g, ' ')
  const found: {at: number; synonym: string}[] = []
  for (const match of flat.matchAll(ALSO_CALLED)) {
    for (const item of (match[1] ?? '').split(/\s*,\s*|\s+or\s+/)) {
      const synonym = cleanSynonym(item)
      if (!synonym || CLAUSE_START.test(synonym) || synonym.split(' ').length > 5) break
      found.push({at: match.index, synonym})
    }
  }
  // "Leiomyosarcoma (LMS) is …"
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const abbreviation = new RegExp(
    `\\b${escaped}\\s*\\(\\s*(?:or\\s+|abbreviated\\s+)?([^()]{1,40})\\)`,
    'i',
  )
  const inParens = abbreviation.exec(flat)
  if (inParens?.[1] && !/^(?:derived\s+)?from\b/i.test(inParens[1])) {
    for (const item of inParens[1].split(/\s*[,;]\s*|\s+or\s+/)) {
      const synonym = cleanSynonym(item)
      if (synonym && synonym.split(' ').length <= 5 && !CLAUSE_START.test(synonym)) {
        found.push({at: inParens.index, synonym})
      }
    }
  }
  const seen = new Set([name.toLowerCase()])
  const synonyms = found
    .sort((a, b) => a.at - b.at)
    .map(({synonym}) => synonym)
    .filter((synonym) => {
      const folded = synonym.toLowerCase()
      if (seen.has(folded)) return false
      seen.add(folded)
      return true
    })

  const inParensOrigin = ORIGIN_IN_PARENS.exec(flat)
  if (inParensOrigin?.[1]) {
    return {synonyms, nameOrigin: asSentence(inParensOrigin[1]), originText: inParensOrigin[0]}
  }
  const sentence = originSentence(flat)?.replace(/^(?:it|the \w+) (?:is|was) /i, '')
  return sentence ? {synonyms, nameOrigin: asSentence(sentence)} : {synonyms}
}

/**
 * From the first ORIGIN_START up to the full stop after it. Sought sentence by sentence: one
 * pattern with `[^.]*\.` would scan to the end of the text from every start it tries.
 */
function originSentence(flat: string): string | undefined {
  const parts = flat.split('.')
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string
    const start = ORIGIN_START.exec(part)
    if (start) return `${part.slice(start.index)}.`
  }
  return undefined
}

function cleanSynonym(text: string): string {
  return text
    .replace(/[*_"“”]/g, '')
    .replace(/^['‘’]+|(?<!['‘’])['‘’]+$/g, '')
    .replace(/^(?:the|an?)\s+/i, '')
    .trim()
}

function asSentence(text: string): string {
  const trimmed = text.trim().replace(/(?<![\s,;:])[\s,;:]+$/, '')
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
