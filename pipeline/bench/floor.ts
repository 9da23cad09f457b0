/**
 * The floor of the benchmark: the least any export must do. Read and parse the NDJSON, resolve
 * references through a Map and write one JSON and one plain-text file per tumour page, with no
 * validation, approvals, GROQ or Markdown. Run as a script it prints a StageResult as JSON:
 *
 *   node pipeline/bench/floor.ts --source data.ndjson --out DIR
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {SanityDoc} from '../types.ts'
import {readLines} from './readLines.ts'
import {runAsScript, type StageResult} from './stageResult.ts'

type Ref = {_ref?: string}
type Block = {children?: {text?: string}[]; markDefs?: {_type?: string; source?: Ref}[]}
type Section = {heading?: string; body?: Block[]; sources?: Ref[]}

export async function runFloor(source: string, outDir: string): Promise<StageResult> {
  const started = performance.now()
  const byId = new Map<string, SanityDoc>()
  const tumours: SanityDoc[] = []
  const kitsOf = new Map<string, SanityDoc[]>()
  for await (const line of readLines(source)) {
    const doc = JSON.parse(line) as SanityDoc
    if (doc._id.startsWith('drafts.')) continue
    byId.set(doc._id, doc)
    if (doc._type === 'tumour') tumours.push(doc)
    if (doc._type === 'kitProduct') {
      for (const r of (doc.availableFor as Ref[] | undefined) ?? []) {
        if (!r._ref) continue
        const list = kitsOf.get(r._ref)
        if (list) list.push(doc)
        else kitsOf.set(r._ref, [doc])
      }
    }
  }
  const loaded = performance.now()

  const deref = (r: Ref | undefined) => (r?._ref ? (byId.get(r._ref) ?? null) : null)
  mkdirSync(join(outDir, 'json'), {recursive: true})
  mkdirSync(join(outDir, 'text'), {recursive: true})
  let files = 0
  for (const doc of tumours) {
    const sections = (doc.sections as Section[] | undefined) ?? []
    const cited = sections.flatMap((s) =>
      (s.body ?? []).flatMap((b) =>
        (b.markDefs ?? []).filter((m) => m._type === 'citation').map((m) => deref(m.source)),
      ),
    )
    const page = {
      ...doc,
      sections: sections.map((s) => ({...s, sources: (s.sources ?? []).map(deref)})),
      sources: ((doc.sources as Ref[] | undefined) ?? []).map(deref),
      citedSources: cited,
      kits: (kitsOf.get(doc._id) ?? []).map((k) => ({
        _id: k._id,
        name: k.name,
        slug: k.slug,
        tagline: k.tagline,
        callToAction: k.callToAction,
      })),
    }
    const text = [
      doc.name,
      doc.summary,
      ...sections.flatMap((s) => [
        s.heading,
        ...(s.body ?? []).map((b) => (b.children ?? []).map((c) => c.text ?? '').join('')),
      ]),
    ].join('\n\n')
    const slug = (doc.slug as {current: string}).current
    writeFileSync(join(outDir, 'json', `${slug}.json`), `${JSON.stringify(page, null, 2)}\n`)
    writeFileSync(join(outDir, 'text', `${slug}.txt`), `${text}\n`)
    files += 2
  }
  const done = performance.now()
  return {
    pages: tumours.length,
    filesWritten: files,
    phases: {loadMs: loaded - started, pagesMs: done - loaded},
  }
}

await runAsScript(import.meta.filename, async (args) => runFloor(args.source, args.out))
