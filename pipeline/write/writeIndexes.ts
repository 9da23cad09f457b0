import type {ExportContext} from '../exportContext.ts'
import type {GateResult} from '../gate/gateStage.ts'
import type {QueryEngine} from '../query/queryEngine.ts'
import {referencesOf} from '../references.ts'
import {toExportSource} from '../transform/sources.ts'
import {stableJson} from '../transform/stableJson.ts'
import type {TumourIndexEntry} from '../transform/tumourIndex.ts'
import type {SanityDoc} from '../types.ts'
import type {Selection} from '../validate/exportability.ts'
import {jsonSchemas} from './jsonSchemas.ts'
import type {ExportWriter} from './writeExport.ts'

/**
 * The sources the exported tumour pages show, each in the version readers see: as the dataset
 * stands where a page renders from it, else as approved (the newest approval wins).
 */
function shownSources(selection: Selection, engine: QueryEngine, gate?: GateResult): SanityDoc[] {
  const chosen = new Map<string, {doc: SanityDoc; rank: string}>()
  const offer = (doc: SanityDoc, rank: string) => {
    const held = chosen.get(doc._id)
    if (!held || rank > held.rank) chosen.set(doc._id, {doc, rank})
  }
  for (const page of selection.tumours) {
    if (!selection.exportedTumourIds.has(page._id)) continue
    const gated = gate?.pages.get(page._id)
    if (gated?.closure) {
      for (const [id, doc] of Object.entries(gated.closure.references))
        if (doc?._type === 'source')
          offer({...doc, _id: id} as SanityDoc, gated.release.approval.payload.signedAt)
      continue
    }
    for (const id of referencesOf(page).all) {
      const doc = engine.document(id)
      if (doc?._type === 'source') offer(doc, '~live')
    }
  }
  return [...chosen.values()].map((c) => c.doc).sort((a, b) => (a._id < b._id ? -1 : 1))
}

/** json/sources.json, json/tumours.json, the JSON Schemas, and the public keys the export trusted. */
export async function writeIndexes(
  context: ExportContext,
  input: {
    writer: ExportWriter
    engine: QueryEngine
    selection: Selection
    gate?: GateResult
    index: TumourIndexEntry[]
  },
): Promise<void> {
  context.stage('indexing')
  const {writer, engine, selection, index} = input
  const sources = engine.sources(shownSources(selection, engine, input.gate)).map(toExportSource)
  index.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.slug.localeCompare(b.slug))
  await writer.add({path: 'json/sources.json', content: stableJson(sources)})
  await writer.add({path: 'json/tumours.json', content: stableJson(index)})
  for (const [name, schema] of Object.entries(jsonSchemas)) {
    const $schema = 'https://json-schema.org/draft/2020-12/schema'
    await writer.add({path: `schema/${name}`, content: stableJson({$schema, $id: name, ...schema})})
  }
  if (context.keyring)
    await writer.add({path: 'review/keys.json', content: stableJson(context.keyring.keyring)})
  context.report.exported = {
    tumours: selection.exportedTumourIds.size,
    kits: selection.exportedKitIds.size,
    sources: sources.length,
  }
}
