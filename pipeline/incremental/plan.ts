import type {ExportContext} from '../exportContext.ts'
import type {GateResult} from '../gate/gateStage.ts'
import {sha256} from '../hash.ts'
import {readPreviousIndex, type TumourIndexEntry} from '../transform/tumourIndex.ts'
import type {SanityDoc} from '../types.ts'
import type {Manifest, ManifestEntry} from '../write/manifest.ts'
import {EXPORT_FORMAT_VERSION, type Fingerprints, pageFingerprint} from './fingerprints.ts'

/** What this run can take over from the last one, and how to tell. */
export interface Plan {
  /** Paths of the last run's files that this run keeps as they are. */
  reused: Set<string>
  /** The fingerprint of everything a page's files are made from; `shown` lists the pages it links. */
  inputsOf(doc: SanityDoc, shown: readonly string[]): string
  /** True, and the page's files kept, when the last run wrote them from the same inputs. */
  reuse(doc: SanityDoc, inputs: string): boolean
  /** The last run's listing-index rows by slug, for tumour pages that are not rendered again. */
  previousIndex: Map<string, TumourIndexEntry>
}

/**
 * Plans an incremental run. A released page is a function of its release (the statements and
 * the keyring entries it shows, see gate/) and of which linked pages are exported; without the
 * gate (preview builds) it is a function of the documents it is made from.
 */
export async function planStep(
  context: ExportContext,
  input: {previous?: Manifest; fingerprints: Fingerprints; gate?: GateResult},
): Promise<Plan> {
  context.stage('planning')
  const {fingerprints, gate, previous} = input
  const previousFiles = new Map<string, ManifestEntry[]>()
  for (const entry of previous?.files ?? []) {
    if (!entry.documentId) continue
    const list = previousFiles.get(entry.documentId)
    if (list) list.push(entry)
    else previousFiles.set(entry.documentId, [entry])
  }
  const reused = new Set<string>()
  return {
    reused,
    inputsOf(doc, shown) {
      const released = gate?.pages.get(doc._id)
      if (released) return sha256([EXPORT_FORMAT_VERSION, released.inputs, ...shown].join('\n'))
      return pageFingerprint(
        fingerprints.withReferences.get(doc._id) as string,
        shown.map((id) => `${id}:${fingerprints.own.get(id)}`),
      )
    },
    reuse(doc, inputs) {
      const entries = previousFiles.get(doc._id)
      if (entries?.length !== 2 || entries.some((e) => e.inputs !== inputs)) return false
      for (const e of entries) reused.add(e.path)
      return true
    },
    // The last index, unless the writer found it damaged (then every page is made again).
    previousIndex: previous?.files.some((f) => f.path === 'json/tumours.json')
      ? await readPreviousIndex(context.options.outDir)
      : new Map(),
  }
}
