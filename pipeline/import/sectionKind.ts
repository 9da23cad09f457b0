import type {SectionKind} from '../../schemas/objects/section.ts'

// Headings seen on the legacy site, lower-case. A heading that starts with one of these
// ("Treatment options", "Diagnosis and staging") gets the same kind.
const KNOWN: [string, SectionKind][] = [
  ['overview', 'overview'],
  ['introduction', 'overview'],
  ['location', 'location'],
  ['locations', 'location'],
  ['sites', 'location'],
  ['signs and symptoms', 'symptoms'],
  ['symptoms and signs', 'symptoms'],
  ['symptoms', 'symptoms'],
  ['signs', 'symptoms'],
  ['clinical presentation', 'symptoms'],
  ['presentation', 'symptoms'],
  ['diagnosis', 'diagnosis'],
  ['diagnostics', 'diagnosis'],
  ['tests and diagnosis', 'diagnosis'],
  ['treatment', 'treatment'],
  ['treatments', 'treatment'],
  ['management', 'treatment'],
  ['therapy', 'treatment'],
  ['prognosis', 'outlook'],
  ['outlook', 'outlook'],
  ['survival', 'outlook'],
]

/** The section kind a known heading maps to, or undefined for any other heading. */
export function knownSectionKind(heading: string): SectionKind | undefined {
  const text = heading
    .toLowerCase()
    .replace(/(?<![\s:])[\s:]+$/, '') // only a run's first character starts: linear
    .replace(/\s+/g, ' ')
  for (const [known, kind] of KNOWN) {
    if (text === known || text.startsWith(`${known} `)) return kind
  }
  return undefined
}

export function sectionKind(heading: string): SectionKind {
  return knownSectionKind(heading) ?? 'other'
}
