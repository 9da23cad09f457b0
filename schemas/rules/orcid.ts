/** ORCID iDs: four groups of four digits, the last character an ISO 7064 MOD 11-2 check. */
export function checkOrcid(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string')
    return 'Enter the ORCID iD as text, for example 0000-0002-1825-0097.'
  const id = value.replace(/^https?:\/\/orcid\.org\//, '')
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(id)) {
    return `"${value}" is not an ORCID iD. Use the form 0000-0002-1825-0097 (the URL form https://orcid.org/… is also accepted).`
  }
  const digits = id.replaceAll('-', '')
  let total = 0
  for (const ch of digits.slice(0, -1)) total = (total + Number(ch)) * 2
  const remainder = (12 - (total % 11)) % 11
  const expected = remainder === 10 ? 'X' : String(remainder)
  return digits.endsWith(expected)
    ? undefined
    : `"${value}" has a wrong check digit, so it is probably mistyped. Copy the iD from the person's ORCID page.`
}
