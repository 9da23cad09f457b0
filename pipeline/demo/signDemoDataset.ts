import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {type DemoStep, demoHistory} from '../../test/fixtures/demo-keys/history.ts'
import {datasetLookup} from '../gate/closureLookup.ts'
import {sha256} from '../hash.ts'
import {applyPerspective} from '../perspective/applyPerspective.ts'
import type {SanityDoc} from '../types.ts'
import {closureOf, closureText} from '../workflow/closure.ts'
import {STATEMENT_TYPE, type StatementDocument} from '../workflow/statement.ts'
import {DEMO_KEYS_DIR, DemoSigner} from './demoSigner.ts'

/** The page version a step is about, as a document. */
function versionOf(step: DemoStep, id: string, byId: Map<string, SanityDoc>): SanityDoc {
  const content = step.content
  if (typeof content === 'object')
    return JSON.parse(readFileSync(join(DEMO_KEYS_DIR, 'versions', content.version), 'utf8'))
  const doc = byId.get(content === 'draft' ? `drafts.${id}` : id)
  if (!doc) throw new Error(`${id}: the demo history needs its ${content} version.`)
  return doc
}

const pick = (doc: StatementDocument, key: 'closure') =>
  doc[key] === undefined ? {} : {[key]: doc[key]}

/**
 * The embedded dataset with its review history (test/fixtures/demo-keys/history.ts) signed
 * again with the demo keys: every old statement is replaced, but one whose payload is the same
 * keeps its signature (and all but its closure), so running it twice gives the same bytes.
 */
export async function signDemoDataset(documents: readonly SanityDoc[]): Promise<SanityDoc[]> {
  const content = documents.filter((d) => d._type !== STATEMENT_TYPE)
  // ECDSA signatures differ each time: a statement whose payload is unchanged keeps its signature.
  const kept = new Map(
    documents.filter((d) => d._type === STATEMENT_TYPE).map((d) => [d.payload as string, d]),
  )
  const byId = new Map(content.map((d) => [d._id, d]))
  const lookup = datasetLookup(applyPerspective(content, 'published'))
  const signer = new DemoSigner()
  const statements: StatementDocument[] = []
  for (const [id, {type, steps}] of Object.entries(demoHistory)) {
    let previous: string | null = null
    for (const step of steps) {
      const version = versionOf(step, id, byId)
      const closure = closureText(closureOf(version as never, id, lookup))
      const decision = step.kind === 'approved' || step.kind === 'changesRequested'
      const statement: StatementDocument = await signer.statement({
        kind: step.kind,
        documentId: id,
        documentType: type,
        contentHash: sha256(closure),
        signer: step.by,
        signedAt: step.at,
        previous,
        ...(step.scope ? {scope: step.scope} : {}),
        ...(step.reviewIntervalMonths ? {reviewIntervalMonths: step.reviewIntervalMonths} : {}),
        ...(step.comment ? {comment: step.comment} : {}),
        ...(decision ? {closure} : {}),
      })
      previous = statement._id.slice('statement-'.length)
      const old = kept.get(statement.payload) as StatementDocument | undefined
      // Its closure is written again: the signature holds, the kept form may have changed.
      statements.push(old ? {...old, ...pick(statement, 'closure')} : statement)
    }
  }
  return [...content, ...(statements as unknown as SanityDoc[])].sort((a, b) =>
    a._id < b._id ? -1 : a._id > b._id ? 1 : 0,
  )
}
