import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {lstatIfAny} from './outputPaths.ts'

export interface ManifestEntry {
  path: string
  sha256: string
  bytes: number
  documentId?: string
  revision?: string
  /** Fingerprint of everything the file was made from; equal fingerprints mean equal bytes. */
  inputs?: string
}

export interface Manifest {
  version: 1
  source: string
  perspective: string
  files: ManifestEntry[]
  /** The validation rules the cached validation results hold for (see validationRulesVersion). */
  rules?: string
  /** The reviewer keyring the approvals were checked against. */
  keyring?: {path: string; purpose: 'production' | 'demo'; fingerprint: string}
  /** What the approval gate released (see gate/gateStage.ts). */
  gate?: GateMemory
}

/**
 * What the gate released in one run, under the keyring of that fingerprint. (Its verdicts and
 * closure hashes, like the other caches, are shards in CACHE_FOLDER: see cacheShards.ts.)
 */
export interface GateMemory {
  keyring: string
  /** The publication statement (hash) each exported page was released by. */
  released: Record<string, string>
}

export const MANIFEST_FILE = 'manifest.json'

/**
 * The manifest as written: compact, since it is read and written by programs on every run and
 * indenting 30 MB (10,000 pages) costs a fifth more to write and read; `jq .` shows it indented.
 */
export const manifestText = (manifest: Manifest): string => `${JSON.stringify(manifest)}\n`

/** The manifest of `dir`; undefined if it is missing, unreadable, or not a plain file (a symbolic link is not followed). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    if (!lstatIfAny(join(dir, MANIFEST_FILE))?.isFile()) return undefined
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest
    return manifest.version === 1 && Array.isArray(manifest.files) ? manifest : undefined
  } catch {
    return undefined
  }
}
