/** Coding systems a tumour page may carry, with the format each one accepts. */
export const codeSystems = [
  {value: 'OncoTree', title: 'OncoTree'},
  {value: 'ICD-O-3', title: 'ICD-O-3'},
  {value: 'ICD-10', title: 'ICD-10'},
  {value: 'NCIt', title: 'NCI Thesaurus (NCIt)'},
  {value: 'SNOMED CT', title: 'SNOMED CT'},
] as const

export type CodeSystem = (typeof codeSystems)[number]['value']

interface CodeFormat {
  test: (code: string) => boolean
  expected: string
}

const formats: Record<CodeSystem, CodeFormat> = {
  OncoTree: {
    test: (code) => /^[A-Z][A-Z0-9_]{1,15}$/.test(code),
    expected: 'upper-case letters and digits, for example LMS or GIST',
  },
  'ICD-O-3': {
    // Morphology with behaviour code (8890/3) or topography (C49.9).
    test: (code) => /^\d{4}\/[012369]$/.test(code) || /^C\d{2}\.\d$/.test(code),
    expected:
      'a morphology code with its behaviour digit, for example 8890/3, or a topography code such as C49.9',
  },
  'ICD-10': {
    test: (code) => /^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/.test(code),
    expected: 'a letter, two digits and an optional decimal part, for example C49.9',
  },
  NCIt: {
    test: (code) => /^C\d{1,7}$/.test(code),
    expected: 'the letter C followed by digits, for example C3158',
  },
  'SNOMED CT': {
    test: (code) => /^\d{6,18}$/.test(code) && verhoeffValid(code),
    expected:
      'a SNOMED CT concept id of 6 to 18 digits with a valid check digit, for example 51549004',
  },
}

export function isCodeSystem(value: unknown): value is CodeSystem {
  return typeof value === 'string' && value in formats
}

/** Returns undefined when the code is valid, otherwise a sentence the writer can act on. */
export function checkMedicalCode(system: unknown, code: unknown): string | undefined {
  if (!isCodeSystem(system)) return undefined // the system field reports its own problem
  if (typeof code !== 'string' || code.trim() === '') return `Enter the ${system} code.`
  const format = formats[system]
  if (code !== code.trim()) return `Remove the spaces around the ${system} code "${code.trim()}".`
  return format.test(code)
    ? undefined
    : `"${code}" is not a valid ${system} code. Expected ${format.expected}.`
}

// Verhoeff check digit tables, as SNOMED CT identifiers use them.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]

export function verhoeffValid(digits: string): boolean {
  let check = 0
  const reversed = [...digits].reverse()
  for (const [i, ch] of reversed.entries()) {
    check = D[check]?.[P[i % 8]?.[Number(ch)] ?? 0] ?? 0
  }
  return check === 0
}
