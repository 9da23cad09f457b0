import {describe, expect, it} from 'vitest'
import type {DatasetEntry} from '../../pipeline/import/mergeDataset.ts'
import {readBaseDataset} from '../../pipeline/import/readBaseDataset.ts'
import {caseBase, golden, runCase} from './cases.ts'

// biome-ignore lint/suspicious/noExplicitAny: documents are inspected field by field
type Doc = Record<string, any>
const parse = (ndjson: string): Doc[] =>
  ndjson
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))

describe('--merge into an existing dataset', () => {
  it('keeps every untouched document byte for byte', async () => {
    const base = golden('merge', 'base.ndjson').split('\n').filter(Boolean)
    const result = await runCase('merge')
    const output = new Set(result.ndjson.split('\n'))
    const untouched = base.filter((line) => !result.changedIds.includes(JSON.parse(line)._id))
    expect(untouched.length).toBe(base.length - 2)
    for (const line of untouched) expect(output.has(line)).toBe(true)
    expect(result.changedIds).toEqual([
      'drafts.kit-oncoprofile',
      'kit-lipofish-mdm2-test',
      'kit-oncoprofile',
      'tumour-liposarcoma',
    ])
  })

  it("adds the tumour to the kit's pending draft and release versions too", async () => {
    const base = (await caseBase('merge')) as DatasetEntry[]
    const draft = base.find((entry) => entry.doc._id === 'drafts.kit-oncoprofile') as DatasetEntry
    // A release renames the kit's page (the Studio's slug rule counts a version as a document).
    const slug = (current: string) => ({_type: 'slug', current})
    const version = {
      doc: {...draft.doc, _id: 'versions.rSpring.kit-oncoprofile', slug: slug('oncoprofile-2027')},
    }
    const other = {doc: {...draft.doc, _id: 'drafts.kit-other', name: 'Other', slug: slug('other')}}
    const result = await runCase('merge', [...base, version, other])
    expect(result.blocked).toBe(false)
    const docs = parse(result.ndjson)
    const listed = (id: string) =>
      (docs.find((doc) => doc._id === id) as Doc).availableFor.map((ref: Doc) => ref._ref)
    for (const id of [
      'kit-oncoprofile',
      'drafts.kit-oncoprofile',
      'versions.rSpring.kit-oncoprofile',
    ])
      expect(listed(id)).toEqual(['tumour-leiomyosarcoma', 'tumour-liposarcoma'])
    expect(listed('drafts.kit-other')).toEqual(['tumour-leiomyosarcoma'])
    // The draft keeps its own edits: only the reference is added.
    const before = draft.doc as Doc
    const after = docs.find((doc) => doc._id === 'drafts.kit-oncoprofile') as Doc
    expect({...after, availableFor: before.availableFor}).toEqual(before)
  })

  it('reuses the kit (matched by name in any case) and adds the tumour once', async () => {
    const docs = parse((await runCase('merge')).ndjson)
    const kits = docs.filter((doc) => doc._type === 'kitProduct' && !doc._id.startsWith('drafts.'))
    expect(kits.map((kit) => kit._id)).toEqual(['kit-lipofish-mdm2-test', 'kit-oncoprofile'])
    const refs = kits[1]?.availableFor.map((ref: Doc) => ref._ref)
    expect(refs).toEqual(['tumour-leiomyosarcoma', 'tumour-liposarcoma'])
    const keys = kits[1]?.availableFor.map((ref: Doc) => ref._key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('reuses the source with the same address and keeps the existing tumour', async () => {
    const docs = parse((await runCase('merge')).ndjson)
    const liposarcoma = docs.find((doc) => doc._id === 'tumour-liposarcoma') as Doc
    expect(liposarcoma.sources.map((ref: Doc) => ref._ref)).toEqual(['7c1f3e2a-liposarcoma-source'])
    expect(docs.filter((doc) => doc._type === 'source')).toHaveLength(2)
    expect(docs.filter((doc) => doc._type === 'tumour')).toHaveLength(2)
  })

  it('changes nothing when the same pages are imported into the result again', async () => {
    const first = await runCase('merge')
    const {entries} = await readBaseDataset('output.ndjson', Buffer.from(first.ndjson))
    const second = await runCase('merge', entries)
    const third = await runCase(
      'merge',
      (await readBaseDataset('x', Buffer.from(second.ndjson))).entries,
    )
    expect(second.ndjson).toBe(first.ndjson)
    expect(third.ndjson).toBe(first.ndjson)
  })

  it('does not modify the base entries it was given', async () => {
    const base = await caseBase('merge')
    const before = structuredClone(base)
    await runCase('merge', base)
    expect(base).toEqual(before)
  })

  it('combines a kit named on several pages of one import into one document', async () => {
    const docs = parse((await runCase('shared-kit')).ndjson)
    const kit = docs.find((doc) => doc._id === 'kit-oncoprofile-sarcoma-panel') as Doc
    expect(kit.availableFor.map((ref: Doc) => ref._ref)).toEqual([
      'tumour-leiomyosarcoma',
      'tumour-liposarcoma',
    ])
  })

  it('writes nothing when the Studio rules find an error', async () => {
    const result = await runCase('merge-slug-conflict')
    expect(result.blocked).toBe(true)
    expect(result.ndjson).toBe('')
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        documentId: 'kit-oncoprofile-sarcoma-panel',
        path: 'slug',
        level: 'error',
      }),
    )
  })
})
