import {request} from 'node:http'
import {encodeSignatureHeader, SIGNATURE_HEADER_NAME} from '@sanity/webhook'

/** What a sender saw: the HTTP status (or the error's code) and how long it waited. */
export interface Probe {
  status: number | string
  ms: number
}

/** One HTTP request with a deadline; the status, or the error's code, and the time it took. */
export function probe(
  url: string,
  init: {method?: string; headers?: Record<string, string>; body?: string} = {},
): Promise<Probe & {text: string}> {
  const started = performance.now()
  const ms = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    const req = request(url, {method: init.method ?? 'GET', headers: init.headers, agent: false})
    req.setTimeout(10_000, () =>
      req.destroy(Object.assign(new Error('timeout'), {code: 'TIMEOUT'})),
    )
    req.on('response', (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve({status: res.statusCode ?? 0, ms: ms(), text}))
    })
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({status: error.code ?? 'error', ms: ms(), text: ''}),
    )
    req.end(init.body)
  })
}

/** /healthz, then a valid webhook signed now. */
export async function probePair(base: string, secret: string, tag: string) {
  const {status, ms} = await probe(`${base}/healthz`)
  const body = JSON.stringify({_id: `tumour-probe-${tag}`, _type: 'tumour'})
  const signature = await encodeSignatureHeader(body, Date.now(), secret)
  const sent = await probe(`${base}/webhooks/sanity`, {
    method: 'POST',
    body,
    headers: {'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: signature},
  })
  return {healthz: {status, ms}, webhook: {status: sent.status, ms: sent.ms}}
}

/** Waits (up to 30 s) for the triggered export to settle; whether it succeeded. */
export async function exportOutcome(base: string): Promise<boolean | null> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const reply = await probe(`${base}/status`)
    if (reply.status === 200) {
      const status = JSON.parse(reply.text) as {state: string; lastExport: {ok: boolean} | null}
      if (status.state === 'idle' && status.lastExport) return status.lastExport.ok
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return null
}
