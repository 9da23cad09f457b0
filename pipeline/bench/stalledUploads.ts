import {connect, type Socket} from 'node:net'

export interface StallOptions {
  host: string
  port: number
  count: number
  /** Source addresses the uploads are spread over, round robin (any of 127.0.0.0/8 on Linux). */
  addresses: string[]
  /** The Content-Length each upload declares. */
  declaredBytes: number
  /** How much of it each upload sends before it stops. */
  sentBytes: number
  /** Stop halfway through the headers instead (slowloris): a connection, not an upload. */
  headersOnly?: boolean
  path?: string
}

export interface StalledUploads {
  /** Uploads the server still holds open. */
  open(): number
  /** Uploads the server has answered (any status line) before closing or while holding. */
  answered(): Map<string, number>
  destroyAll(): void
}

/**
 * An attacker's uploads: each declares a large body, sends part of it with a well-formed (but
 * wrong) signature header, and then goes quiet without closing. Resolves once every upload has
 * been written or closed.
 */
export async function openStalledUploads(options: StallOptions): Promise<StalledUploads> {
  const sockets: Socket[] = []
  const firstLines: string[] = []
  const filler = Buffer.alloc(options.sentBytes, 0x61)
  const head = (n: number) =>
    `POST ${options.path ?? '/webhooks/sanity'} HTTP/1.1\r\nHost: stall\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${options.declaredBytes}\r\n` +
    `sanity-webhook-signature: t=${Date.now()},v1=${String(n).padStart(43, 'A')}\r\n\r\n`
  const opened = Array.from({length: options.count}, (_, n) => {
    const socket = connect({
      host: options.host,
      port: options.port,
      localAddress: options.addresses[n % options.addresses.length],
    })
    sockets.push(socket)
    let reply = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      if (reply.length < 64) reply += chunk
    })
    socket.on('close', () => firstLines.push(reply.split('\r\n')[0] || 'closed without answer'))
    socket.on('error', () => {})
    return new Promise<void>((resolve) => {
      socket.once('close', () => resolve())
      socket.once('connect', () => {
        if (options.headersOnly) socket.write(head(n).slice(0, 60), () => resolve())
        else socket.write(head(n), () => socket.write(filler, () => resolve()))
      })
    })
  })
  await Promise.all(opened)
  return {
    open: () => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length,
    answered: () => {
      const counts = new Map<string, number>()
      for (const line of firstLines) counts.set(line, (counts.get(line) ?? 0) + 1)
      return counts
    },
    destroyAll: () => {
      for (const socket of sockets) socket.destroy()
    },
  }
}

/** 127.0.0.2, 127.0.0.3, …: distinct client addresses on loopback. */
export function loopbackAddresses(count: number): string[] {
  return Array.from({length: count}, (_, i) => `127.0.${Math.floor(i / 250)}.${2 + (i % 250)}`)
}
