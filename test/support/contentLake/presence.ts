import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'
import {type WebSocket, WebSocketServer} from 'ws'
import {LakeHttpError} from './http.ts'
import type {LakeUser, UserDirectory} from './users.ts'

interface RpcRequest {
  jsonrpc: '2.0'
  id?: string
  method: string
  params?: Record<string, unknown>
}

interface Peer {
  socket: WebSocket
  user: LakeUser | undefined
  /** `presence_subscribe` subscription ids of this socket. */
  subscriptions: Set<string>
}

/**
 * The presence socket (`/socket/<ds>`): the Studio's bifur client speaks JSON-RPC 2.0 over a
 * websocket. This relay authorises with the same tokens and forwards every announcement,
 * roll call and disconnect to the other sockets of the dataset; it keeps no state of its own.
 */
export class PresenceRelay {
  readonly #server = new WebSocketServer({noServer: true})
  readonly #peers = new Set<Peer>()
  #nextSubscription = 0

  readonly users: UserDirectory
  readonly report: (problem: string) => void

  constructor(users: UserDirectory, report: (problem: string) => void) {
    this.users = users
    this.report = report
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(req, socket, head, (ws) => {
      const peer: Peer = {socket: ws, user: undefined, subscriptions: new Set()}
      this.#peers.add(peer)
      ws.on('message', (data) => this.#receive(peer, data.toString()))
      ws.on('close', () => this.#peers.delete(peer))
    })
  }

  #reply(peer: Peer, id: string | undefined, result: unknown): void {
    peer.socket.send(JSON.stringify({jsonrpc: '2.0', id, result}))
  }

  #fail(peer: Peer, id: string | undefined, code: number, message: string): void {
    peer.socket.send(JSON.stringify({jsonrpc: '2.0', id, error: {code, message}}))
  }

  /** Sends a presence event (`i` is the user id, as the Studio expects) to every other peer. */
  #broadcast(from: Peer, event: Record<string, unknown>): void {
    for (const peer of this.#peers) {
      if (peer === from) continue
      for (const subscription of peer.subscriptions) {
        const result = {...event, i: from.user?.id}
        const params = {subscription, result}
        peer.socket.send(JSON.stringify({jsonrpc: '2.0', method: 'presence_subscription', params}))
      }
    }
  }

  #receive(peer: Peer, text: string): void {
    let request: RpcRequest
    try {
      request = JSON.parse(text) as RpcRequest
    } catch {
      this.report(`presence socket: not JSON: ${text.slice(0, 200)}`)
      return
    }
    const {id, method, params = {}} = request
    if (method === 'authorization') {
      try {
        peer.user = this.users.authenticate(String(params.authorization))
        this.#reply(peer, id, true)
      } catch (error) {
        const message = error instanceof LakeHttpError ? error.message : String(error)
        this.#fail(peer, id, 4001, message)
      }
    } else if (!peer.user) {
      this.#fail(peer, id, 4001, 'Not authorized')
    } else if (method === 'presence_subscribe') {
      const subscription = `presence-${++this.#nextSubscription}`
      peer.subscriptions.add(subscription)
      this.#reply(peer, id, subscription)
    } else if (method === 'presence_unsubscribe') {
      peer.subscriptions.delete(String(params.subscriptionId))
      this.#reply(peer, id, true)
    } else {
      this.#relay(peer, request)
    }
  }

  /** The three presence messages, forwarded in the shape the Studio's store reads. */
  #relay(peer: Peer, {id, method, params = {}}: RpcRequest): void {
    const events: Record<string, Record<string, unknown>> = {
      presence_announce: {type: 'state', m: params.data},
      presence_rollcall: {type: 'rollCall', session: params.session},
      presence_disconnect: {type: 'disconnect', m: {session: params.session}},
    }
    const event = events[method]
    if (!event) {
      this.report(`presence socket: the method "${method}" is not modelled`)
      this.#fail(peer, id, -32601, `Method not found: ${method}`)
      return
    }
    this.#broadcast(peer, event)
    this.#reply(peer, id, true)
  }

  close(): void {
    for (const peer of this.#peers) peer.socket.terminate()
    this.#server.close()
  }
}
