import {createClient, type SanityClient} from '@sanity/client'
import type {ContentLake} from './server.ts'
import {trustTestCertificate} from './tls.ts'

/**
 * A plain @sanity/client for one user of the stand-in, as a script with that user's token
 * would make. It speaks HTTP/1.1 to `https://localhost:<port>` and verifies the test
 * certificate (trusted in this process only).
 */
export function lakeClient(
  lake: ContentLake,
  handle: string | undefined,
  apiVersion = '2025-02-19',
): SanityClient {
  trustTestCertificate()
  return createClient({
    apiHost: lake.apiHost,
    useProjectHostname: false,
    projectId: lake.projectId,
    dataset: lake.dataset,
    apiVersion,
    useCdn: false,
    ...(handle ? {token: lake.tokenFor(handle)} : {}),
  })
}
