import {checkWebUrl} from '../../schemas/rules/urlPolicy.ts'

/** A source as pages and the sources list show it. */
export interface ExportSource {
  id: string
  title: string
  publisher?: string
  url: string
  license?: string
  licenseUrl?: string
  accessedAt?: string
  revision?: string
  authors?: string[]
  /** The credit line the licence asks for, when it asks for one (Creative Commons BY). */
  attribution?: string
}

export interface SourceRow {
  _id: string
  title: string
  publisher: string | null
  url: string
  license: string | null
  licenseUrl: string | null
  accessedAt: string | null
  revision: string | null
  authors: string[] | null
}

const present = <T>(value: T | null | undefined): T | undefined =>
  value === null || value === '' ? undefined : value

/** Creative Commons licences with the BY element require credit to the authors. */
export function requiresAttribution(license: string | undefined): boolean {
  return license !== undefined && /\bCC[\s-]+BY\b/i.test(license)
}

export function toExportSource(row: SourceRow): ExportSource {
  const license = present(row.license)
  const licenseUrl = row.licenseUrl && checkWebUrl(row.licenseUrl).ok ? row.licenseUrl : undefined
  const authors = row.authors?.filter((a) => a.trim() !== '')
  const source: ExportSource = {
    id: row._id,
    title: row.title,
    publisher: present(row.publisher),
    url: row.url,
    license,
    licenseUrl,
    accessedAt: present(row.accessedAt),
    revision: present(row.revision),
    authors: authors && authors.length > 0 ? authors : undefined,
  }
  if (requiresAttribution(license)) {
    const creator =
      source.authors?.join(', ') ??
      (source.publisher === 'Wikipedia' ? 'Wikipedia contributors' : source.publisher)
    source.attribution = `“${source.title}”${creator ? ` by ${creator}` : ''}, licensed under ${license}.`
  }
  return JSON.parse(JSON.stringify(source)) as ExportSource
}
