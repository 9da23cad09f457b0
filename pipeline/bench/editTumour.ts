import {createWriteStream} from 'node:fs'
import {rename} from 'node:fs/promises'
import {Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {DemoSigner} from '../demo/demoSigner.ts'
import {sha256} from '../hash.ts'
import {referencesOf} from '../references.ts'
import type {SanityDoc} from '../types.ts'
import {buildChain} from '../workflow/chain.ts'
import type {ValidStatement} from '../workflow/checkStatement.ts'
import {closureOf, closureText} from '../workflow/closure.ts'
import type {StatementDocument, StatementPayload} from '../workflow/statement.ts'
import {readLines} from './readLines.ts'

export interface TumourEdit {
  tumourId: string
  /** The statements that submitted, approved and published the edit, so the page is released. */
  statementIds: string[]
  /** The text appended to the first span of the first section. */
  appended: string
}

type Span = {text?: string}
type Section = {body?: {children?: Span[]}[]}

const APPENDED = ' This sentence was added by the benchmark.'

/** The tumour, the documents its closure needs, its statements and the newest edit time. */
async function readPage(path: string, tumourId: string) {
  let tumour: SanityDoc | undefined
  const statements: ValidStatement[] = []
  let newestUpdate = ''
  for await (const line of readLines(path)) {
    const updated = /"_updatedAt":"([^"]+)"/.exec(line)?.[1] ?? ''
    if (updated > newestUpdate) newestUpdate = updated
    if (!line.includes(tumourId)) continue
    const doc = JSON.parse(line) as SanityDoc
    if (doc._id === tumourId) tumour = doc
    if (doc._type === 'reviewStatement' && (doc.document as {_ref?: string})?._ref === tumourId) {
      const payload = JSON.parse(doc.payload as string) as StatementPayload
      statements.push({
        id: doc._id,
        hash: sha256(doc.payload as string),
        payload,
        text: '',
        signature: '',
      })
    }
  }
  if (!tumour) throw new Error(`${tumourId} is not in ${path}`)
  const wanted = new Set(referencesOf(tumour).all)
  const shown = new Map<string, SanityDoc>()
  for await (const line of readLines(path)) {
    const id = /"_id":"([^"]+)"/.exec(line)?.[1]
    const kitListing = line.includes('"_type":"kitProduct"') && line.includes(tumourId)
    if (id && (wanted.has(id) || kitListing) && !id.startsWith('drafts.'))
      shown.set(id, JSON.parse(line))
  }
  return {tumour, statements, newestUpdate, shown}
}

/**
 * Edits one tumour's section text in an NDJSON file (the line order is kept) as an editor's
 * change that went through review: the tumour gets a new revision, and its history gains a
 * submission, a full approval and a publication of exactly the new closure, signed with the
 * demo keys. Streaming passes; the file is never held whole.
 */
export async function editTumour(path: string, tumourId: string): Promise<TumourEdit> {
  const {tumour, statements, newestUpdate, shown} = await readPage(path, tumourId)
  const span = ((tumour.sections as Section[] | undefined)?.[0]?.body?.[0]?.children ?? [])[0]
  if (!span || typeof span.text !== 'string') throw new Error(`${tumourId} has no text to edit`)
  span.text += APPENDED
  // An edit is the newest change in the dataset, as it would be in the Content Lake.
  const edited = Date.parse(newestUpdate) + 60_000
  tumour._rev = `${(tumour._rev ?? 'benchmark').slice(0, 16)}bench1`
  tumour._updatedAt = new Date(edited).toISOString().replace('.000Z', 'Z')
  const kits = [...shown.values()].filter((d) => d._type === 'kitProduct')
  const closure = closureText(
    closureOf(tumour as SanityDoc & {_type: string}, tumourId, {
      get: (id) => shown.get(id) as never,
      referencing: (_id, type) => (type === 'kitProduct' ? (kits as never) : []),
    }),
  )
  const head = buildChain(tumourId, statements).statements.at(-1)
  const added = await signEdit(tumour, sha256(closure), closure, head?.hash ?? null, edited)
  const edit = tumour
  async function* lines() {
    for await (const line of readLines(path)) {
      if (line.includes(tumourId) && (JSON.parse(line) as SanityDoc)._id === edit._id)
        yield `${JSON.stringify(edit)}\n`
      else yield `${line}\n`
    }
    for (const statement of added) yield `${JSON.stringify(statement)}\n`
  }
  const temporary = `${path}.editing`
  await pipeline(Readable.from(lines()), createWriteStream(temporary))
  await rename(temporary, path)
  return {tumourId, statementIds: added.map((s) => s._id), appended: APPENDED}
}

async function signEdit(
  tumour: SanityDoc,
  contentHash: string,
  closure: string,
  previous: string | null,
  at: number,
): Promise<StatementDocument[]> {
  const signer = new DemoSigner()
  const base = {documentId: tumour._id, documentType: 'tumour', contentHash}
  const time = (minutes: number) => new Date(at + minutes * 60_000).toISOString()
  const submitted = await signer.statement({
    ...base,
    kind: 'submitted',
    signer: 'person-jonas-weber',
    signedAt: time(1),
    previous,
  })
  const approved = await signer.statement({
    ...base,
    kind: 'approved',
    signer: 'person-amira-haddad',
    signedAt: time(2),
    previous: submitted._id.slice('statement-'.length),
    scope: 'change',
    closure,
  })
  const published = await signer.statement({
    ...base,
    kind: 'published',
    signer: 'person-jonas-weber',
    signedAt: time(3),
    previous: approved._id.slice('statement-'.length),
  })
  return [submitted, approved, published]
}
