import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {DemoSigner} from '../../pipeline/demo/demoSigner.ts'
import {runExport} from '../../pipeline/exportDataset.ts'
import {datasetLookup} from '../../pipeline/gate/closureLookup.ts'
import {DEMO_KEYRING} from '../../pipeline/gate/keyringFile.ts'
import {sha256} from '../../pipeline/hash.ts'
import {applyPerspective} from '../../pipeline/perspective/applyPerspective.ts'
import type {SanityDoc} from '../../pipeline/types.ts'
import {closureOf, closureText} from '../../pipeline/workflow/closure.ts'
import type {StatementInput} from '../../pipeline/workflow/createStatement.ts'
import type {StatementPayload} from '../../pipeline/workflow/statement.ts'
import {tempDir, writeDataset} from './exportHarness.ts'

// biome-ignore lint/suspicious/noExplicitAny: fixtures are read and changed freely
export type Doc = Record<string, any> & {_id: string; _type: string}

export const signer = new DemoSigner()

/** The embedded dataset, parsed afresh for each test. */
export function embedded(): Doc[] {
  return readFileSync(join(import.meta.dirname, '../../content/production.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
}

export const byId = (docs: Doc[], id: string) => docs.find((d) => d._id === id) as Doc

/** The closure (text and hash) of a page version against the dataset's published documents. */
export function closureFor(
  docs: Doc[],
  version: Doc,
  pageId = version._id.replace(/^drafts\./, ''),
) {
  const lookup = datasetLookup(applyPerspective(docs as SanityDoc[], 'published'))
  const text = closureText(closureOf(version as never, pageId, lookup))
  return {text, hash: sha256(text)}
}

/** The hash of the newest statement of a page's history (its statements are in order). */
export function headOf(docs: Doc[], pageId: string): string | null {
  const mine = docs.filter((d) => d._type === 'reviewStatement' && d.document?._ref === pageId)
  const hashes = new Set(mine.map((d) => sha256(d.payload)))
  const previous = new Set(mine.map((d) => (JSON.parse(d.payload) as StatementPayload).previous))
  return [...hashes].find((h) => !previous.has(h)) ?? null
}

export interface SignStep extends Partial<Omit<StatementInput, 'kind' | 'signer' | 'signedAt'>> {
  kind: StatementInput['kind']
  by: string
  at: string
}

/** Signs steps about one version of a page, each following the one before, after the page's history. */
export async function signSteps(docs: Doc[], version: Doc, steps: SignStep[]): Promise<Doc[]> {
  const pageId = version._id.replace(/^drafts\./, '')
  const {text, hash} = closureFor(docs, version, pageId)
  let previous = headOf(docs, pageId)
  const out: Doc[] = []
  for (const {by, at, kind, ...rest} of steps) {
    const decision = kind === 'approved' || kind === 'changesRequested'
    const statement = await signer.statement({
      kind,
      documentId: pageId,
      documentType: version._type,
      contentHash: hash,
      signer: by,
      signedAt: at,
      previous,
      ...(kind === 'approved' ? {scope: 'full' as const, reviewIntervalMonths: 12} : {}),
      ...(decision ? {closure: text} : {}),
      ...rest,
    })
    previous = statement._id.slice('statement-'.length)
    out.push(statement as unknown as Doc)
  }
  return out
}

/** Exports documents with the demo keyring, as `npm run export` does for the embedded dataset. */
export async function exportSigned(
  docs: Doc[],
  options: {strict?: boolean; out?: string; keyring?: string} = {},
) {
  const out = options.out ?? tempDir()
  const report = await runExport({
    source: {kind: 'ndjson', path: writeDataset(docs as SanityDoc[], `${out}.dataset`)},
    outDir: out,
    perspective: 'published',
    strict: options.strict ?? false,
    keyring: options.keyring ?? DEMO_KEYRING,
  })
  return {out, report}
}

export const AMIRA = 'person-amira-haddad'
export const JONAS = 'person-jonas-weber'
export const LI = 'person-li-chen'
export const SOFIA = 'person-sofia-marquez'
