import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import type {Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {extract} from 'tar-stream'
import type {LiveSourceConfig} from './liveExport.ts'

/** Where the dataset comes from; every kind yields Sanity's NDJSON export bytes. */
export type SourceSpec =
  | {kind: 'ndjson'; path: string}
  | {kind: 'archive'; path: string}
  | {kind: 'live'; config: LiveSourceConfig}

/** A source the user named wrongly: a configuration error (exit code 2), not a content error. */
export class SourceError extends Error {
  override name = 'SourceError'
}

export function parseSourceArgument(value: string, env: NodeJS.ProcessEnv): SourceSpec {
  if (value === 'sanity') {
    const projectId = env.SANITY_PROJECT_ID
    if (!projectId) {
      throw new SourceError(
        '--source sanity needs SANITY_PROJECT_ID (and usually SANITY_DATASET and SANITY_API_READ_TOKEN) in the environment.',
      )
    }
    return {
      kind: 'live',
      config: {
        projectId,
        dataset: env.SANITY_DATASET || 'production',
        token: env.SANITY_API_READ_TOKEN || undefined,
        apiVersion: env.SANITY_API_VERSION || '2025-02-19',
        apiHost: env.SANITY_API_HOST || undefined,
      },
    }
  }
  if (/\.(tar\.gz|tgz)$/i.test(value)) return {kind: 'archive', path: value}
  return {kind: 'ndjson', path: value}
}

/** A human-readable, secret-free name of the source, recorded in the manifest. */
export function describeSource(spec: SourceSpec): string {
  return spec.kind === 'live' ? `sanity:${spec.config.projectId}/${spec.config.dataset}` : spec.path
}

export async function openSource(
  spec: SourceSpec,
  signal?: AbortSignal,
): Promise<AsyncIterable<Uint8Array>> {
  // @sanity/client and what it loads (some 400 modules) only for a live source.
  if (spec.kind === 'live')
    return (await import('./liveExport.ts')).streamLiveExport(spec.config, signal)
  try {
    const info = await stat(spec.path)
    if (!info.isFile()) throw new SourceError(`--source ${spec.path} is not a file.`)
  } catch (error) {
    if (error instanceof SourceError) throw error
    throw new SourceError(
      `Cannot read --source ${spec.path}: ${(error as NodeJS.ErrnoException).code ?? error}.`,
    )
  }
  return spec.kind === 'ndjson' ? createReadStream(spec.path) : dataNdjsonFromArchive(spec.path)
}

/**
 * `sanity dataset export` writes a gzipped tarball holding `<name>/data.ndjson` plus asset
 * folders. Stream the archive and hand on the bytes of data.ndjson without unpacking assets.
 */
async function* dataNdjsonFromArchive(path: string): AsyncGenerator<Uint8Array> {
  const tar = extract()
  const input = createReadStream(path).pipe(createGunzip())
  input.on('error', (error) =>
    tar.destroy(new SourceError(`${path} is not a readable .tar.gz archive: ${error.message}`)),
  )
  input.pipe(tar)
  let found = false
  try {
    for await (const entry of tar) {
      const isData = entry.header.type === 'file' && /(^|\/)data\.ndjson$/.test(entry.header.name)
      if (!found && isData) {
        found = true
        yield* entry as unknown as Readable
      } else {
        entry.resume()
      }
    }
  } catch (error) {
    if (error instanceof SourceError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new SourceError(`${path} is not a readable .tar.gz archive: ${reason}`)
  } finally {
    // Also closes the file when the reader stops early.
    input.destroy()
    tar.destroy()
  }
  if (!found)
    throw new SourceError(
      `${path} holds no data.ndjson; is it an archive from \`sanity dataset export\`?`,
    )
}
