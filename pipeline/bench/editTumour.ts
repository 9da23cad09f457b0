import {createWriteStream} from 'node:fs'
import {rename} from 'node:fs/promises'
import {Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {canonicalSnapshot, sha256Hex} from '../review/contentHash.ts'
import type {SanityDoc} from '../types.ts'
import {readLines} from './readLines.ts'

export interface TumourEdit {
  tumourId: string
  /** The approval whose snapshot and hash were recomputed, so the page is not held back. */
  approvalId: string
  /** The text appended to the first span of the first section. */
  appended: string
}

type Span = {text?: string}
type Section = {body?: {children?: Span[]}[]}

const APPENDED = ' This sentence was added by the benchmark.'

/**
 * Edits one tumour's section text in an NDJSON file, in place (the line order is kept), as an
 * editor's change that a medical reviewer approved: the tumour gets a new revision, and its
 * newest approval gets the new snapshot and contentHash. Two streaming passes; the file is
 * never held whole.
 */
export async function editTumour(path: string, tumourId: string): Promise<TumourEdit> {
  let tumour: SanityDoc | undefined
  let approval: SanityDoc | undefined
  let newestUpdate = ''
  for await (const line of readLines(path)) {
    const updated = /"_updatedAt":"([^"]+)"/.exec(line)?.[1] ?? ''
    if (updated > newestUpdate) newestUpdate = updated
    if (!line.includes(tumourId)) continue
    const doc = JSON.parse(line) as SanityDoc
    if (doc._id === tumourId) tumour = doc
    const target = (doc.document as {_ref?: string} | undefined)?._ref
    if (doc._type === 'approval' && target === tumourId && doc.decision === 'approved') {
      if (!approval || (doc.decidedAt as string) > (approval.decidedAt as string)) approval = doc
    }
  }
  if (!tumour) throw new Error(`${tumourId} is not in ${path}`)
  if (!approval) throw new Error(`${tumourId} has no approval in ${path}`)

  const span = ((tumour.sections as Section[] | undefined)?.[0]?.body?.[0]?.children ?? [])[0]
  if (!span || typeof span.text !== 'string') throw new Error(`${tumourId} has no text to edit`)
  span.text += APPENDED
  // An edit is the newest change in the dataset, as it would be in the Content Lake.
  const editedAt = new Date(Date.parse(newestUpdate) + 60_000).toISOString().replace('.000Z', 'Z')
  tumour._rev = `${(tumour._rev ?? 'benchmark').slice(0, 16)}bench1`
  tumour._updatedAt = editedAt
  const snapshot = canonicalSnapshot(tumour)
  approval.snapshot = snapshot
  approval.contentHash = await sha256Hex(snapshot)
  approval.decidedAt = editedAt
  approval._updatedAt = editedAt

  const edited = tumour
  const approved = approval
  async function* lines() {
    for await (const line of readLines(path)) {
      if (!line.includes(tumourId)) {
        yield `${line}\n`
        continue
      }
      const id = (JSON.parse(line) as SanityDoc)._id
      if (id === edited._id) yield `${JSON.stringify(edited)}\n`
      else if (id === approved._id) yield `${JSON.stringify(approved)}\n`
      else yield `${line}\n`
    }
  }
  const temporary = `${path}.editing`
  await pipeline(Readable.from(lines()), createWriteStream(temporary))
  await rename(temporary, path)
  return {tumourId, approvalId: approval._id, appended: APPENDED}
}
