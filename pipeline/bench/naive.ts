/**
 * The off-the-shelf baseline: evaluate one GROQ query over the whole (published) dataset with
 * groq-js as documented, with no dereference index, so every `->` and the reverse lookup of
 * kits scan the dataset; then @portabletext/markdown per section and a JSON and a Markdown file
 * per page. Run as a script it prints a StageResult as JSON:
 *
 *   node pipeline/bench/naive.ts --source data.ndjson --out DIR [--limit N]
 *
 * `--limit N` renders only the first N tumours (the query with a `[0...N]` slice), still against
 * the whole dataset, so that the per-page cost can be measured when the full run would take
 * too long.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {portableTextToMarkdown} from '@portabletext/markdown'
import {evaluate, parse} from 'groq-js'
import type {SanityDoc} from '../types.ts'
import {readLines} from './readLines.ts'
import {runAsScript, type StageResult} from './stageResult.ts'

const projection = `{..., sections[]{..., sources[]->}, "kits": *[_type == "kitProduct" && references(^._id)]}`

/** The query of the baseline; with a limit, the same query over the first `limit` tumours. */
export function naiveQuery(limit?: number): string {
  return limit === undefined
    ? `*[_type == "tumour"]${projection}`
    : `*[_type == "tumour"][0...${limit}]${projection}`
}

type PortableText = Parameters<typeof portableTextToMarkdown>[0]

interface NaivePage {
  name?: string
  summary?: string
  slug?: {current?: string}
  sections?: {heading?: string; body?: PortableText}[]
}

function toMarkdown(page: NaivePage): string {
  const parts = [`# ${page.name ?? ''}`, page.summary ?? '']
  for (const section of page.sections ?? []) {
    parts.push(`## ${section.heading ?? ''}`, portableTextToMarkdown(section.body ?? []))
  }
  return `${parts.join('\n\n')}\n`
}

export async function runNaive(source: string, outDir: string, limit?: number) {
  const started = performance.now()
  const dataset: SanityDoc[] = []
  for await (const line of readLines(source)) {
    const doc = JSON.parse(line) as SanityDoc
    // The published perspective, as the Content Lake would serve it.
    if (!doc._id.startsWith('drafts.')) dataset.push(doc)
  }
  const loaded = performance.now()

  const result = await evaluate(parse(naiveQuery(limit)), {dataset})
  const pages = (await result.get()) as NaivePage[]
  const queried = performance.now()

  mkdirSync(join(outDir, 'json'), {recursive: true})
  mkdirSync(join(outDir, 'markdown'), {recursive: true})
  let renderMs = 0
  let files = 0
  for (const page of pages) {
    const t0 = performance.now()
    const json = `${JSON.stringify(page, null, 2)}\n`
    const markdown = toMarkdown(page)
    renderMs += performance.now() - t0
    const slug = page.slug?.current as string
    writeFileSync(join(outDir, 'json', `${slug}.json`), json)
    writeFileSync(join(outDir, 'markdown', `${slug}.md`), markdown)
    files += 2
  }
  const written = performance.now()
  return {
    pages: pages.length,
    filesWritten: files,
    phases: {
      loadMs: loaded - started,
      queryMs: queried - loaded,
      renderMs,
      writeMs: written - queried - renderMs,
      pagesMs: written - loaded,
    },
  } satisfies StageResult
}

await runAsScript(import.meta.filename, async (args) => runNaive(args.source, args.out, args.limit))
