import type {IncomingMessage} from 'node:http'

export type BodyResult =
  | {kind: 'ok'; body: Buffer}
  | {kind: 'too-large'}
  | {kind: 'timeout'}
  | {kind: 'aborted'}

export interface ReadBodyOptions {
  /** Bytes buffered at most; past it reading stops and the caller answers at once. */
  limit: number
  /** A body that sends nothing for this long (ms) is given up: a client that stopped short. */
  idleMs: number
  /** Told of every chunk: the connection guard counts it as a sign of life. */
  onChunk?: () => void
}

/**
 * Buffers a request body, checking its size as it arrives. Node's parser never hands over more
 * than the Content-Length declares; a body shorter than declared ends in `timeout` once the
 * client has been quiet for `idleMs`, or in `aborted` when it hangs up.
 */
export function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<BodyResult> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = []
    let total = 0
    let idle: ReturnType<typeof setTimeout> | undefined
    const finish = (result: BodyResult) => {
      clearTimeout(idle)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      req.off('error', onClose)
      chunks = []
      resolve(result)
    }
    const arm = () => {
      clearTimeout(idle)
      idle = setTimeout(() => finish({kind: 'timeout'}), options.idleMs)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > options.limit) return finish({kind: 'too-large'})
      chunks.push(chunk)
      options.onChunk?.()
      arm()
    }
    const onEnd = () => finish({kind: 'ok', body: Buffer.concat(chunks, total)})
    const onClose = () => finish({kind: 'aborted'})
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('close', onClose)
    req.on('error', onClose)
    arm()
  })
}
