import {readFileSync} from 'node:fs'
import type {Server} from 'node:http'
import {isIPv6, type Socket} from 'node:net'

export interface ConnectionLimits {
  /** Open connections; a newcomer past it closes the least recently active one. */
  maxConnections: number
  maxConnectionsPerClient: number
  /** Bodies being read at once: buffered memory stays under maxUploads × the body limit. */
  maxUploads: number
  maxUploadsPerClient: number
}

export type EvictionCause = 'connections' | 'client-connections' | 'uploads' | 'client-uploads'

export interface ConnectionStats {
  open: number
  uploading: number
  evicted: Record<EvictionCause, number>
  /** Newcomers closed at once because every connection was busy answering. */
  refused: number
}

export interface ConnectionGuard {
  readonly limits: ConnectionLimits
  /** The request's headers are in: the connection is busy until the response is sent. */
  requestStarted(socket: Socket): void
  /** The body is about to be read; makes room by evicting the least recently active upload. */
  beginUpload(socket: Socket): void
  /** A body chunk arrived. */
  touch(socket: Socket): void
  /** The body is in (or abandoned): busy until the response is sent. */
  endUpload(socket: Socket): void
  /** The response is sent: the connection may idle (keep-alive) and be evicted again. */
  requestFinished(socket: Socket): void
  /** True if the guard closed this socket to make room. */
  evicted(socket: Socket): boolean
  stats(): ConnectionStats
  /** Shutdown: no more connections; closes every connection not busy answering. */
  close(): void
}

type State = 'idle' | 'uploading' | 'busy'
interface Entry {
  client: string
  state: State
}

/** Connections the process keeps for itself: stdio, the event loop, the export's files. */
const FD_RESERVE = 64
/** Node's own cap sits this far above ours, as a backstop for file descriptors. */
const HARD_SLACK = 16

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  maxConnectionsPerClient: 64,
  maxUploads: 32,
  maxUploadsPerClient: 8,
}

/** The process's open-file limit (Node raises the soft limit to the hard one at start-up). */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | undefined {
  try {
    const line = readFileSync(limitsFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = Number(line?.split(/\s{2,}/)[1])
    return Number.isInteger(soft) && soft > 0 ? soft : undefined
  } catch {
    return undefined
  }
}

/**
 * The limits for a process that may open `nofile` files: connections fit under it with room
 * for the process's own files, so accept() never fails with EMFILE (libuv then drops the
 * pending connections, real webhooks among them).
 */
export function limitsFor(nofile: number | undefined, wanted: Partial<ConnectionLimits> = {}) {
  const limits = {...DEFAULT_LIMITS, ...wanted}
  if (nofile === undefined) return limits
  const budget = Math.max(1, nofile - FD_RESERVE - HARD_SLACK)
  if (limits.maxConnections > budget) {
    if (wanted.maxConnections !== undefined)
      throw new Error(
        `maxConnections ${wanted.maxConnections} does not fit the open-file limit ${nofile}: ` +
          `at most ${budget}. Raise the limit (ulimit -n) or lower the connection cap.`,
      )
    limits.maxConnections = budget
  }
  limits.maxConnectionsPerClient = Math.min(limits.maxConnectionsPerClient, limits.maxConnections)
  limits.maxUploads = Math.min(limits.maxUploads, limits.maxConnections)
  limits.maxUploadsPerClient = Math.min(limits.maxUploadsPerClient, limits.maxUploads)
  return limits
}

/** Who a connection counts against: the IPv4 address, or the /64 an IPv6 host can roam in. */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown'
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  if (!isIPv6(v4)) return v4
  const [head = '', tail] = v4.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`
}

/** The guard's state, shared by the steps below. */
interface GuardContext {
  limits: ConnectionLimits
  /** Insertion order is recency order: every sign of life moves a socket to the end. */
  live: Map<Socket, Entry>
  evictedSockets: WeakSet<Socket>
  evicted: Record<EvictionCause, number>
  refused: number
  closing: boolean
}

/** Which connections a cap counts (all, without `match`), and `keep`, which it never closes. */
interface Cap {
  keep: Socket
  match?: (e: Entry) => boolean
  cause: EvictionCause
}

/** A fresh guard state under these limits. */
function guardContext(limits: ConnectionLimits): GuardContext {
  return {
    limits,
    live: new Map(),
    evictedSockets: new WeakSet(),
    evicted: {connections: 0, 'client-connections': 0, uploads: 0, 'client-uploads': 0},
    refused: 0,
    closing: false,
  }
}

/** Marks a sign of life: the socket becomes the most recently active, in `state` if given. */
function touch(ctx: GuardContext, socket: Socket, state?: State): void {
  const entry = ctx.live.get(socket)
  if (!entry) return
  ctx.live.delete(socket)
  ctx.live.set(socket, state ? {...entry, state} : entry)
}

/** How many open connections match. */
function count(ctx: GuardContext, match: (e: Entry) => boolean): number {
  let n = 0
  for (const entry of ctx.live.values()) if (match(entry)) n++
  return n
}

/** Closes the least recently active connection that matches, other than `keep`. */
function evictOne(ctx: GuardContext, cap: Cap): boolean {
  for (const [socket, entry] of ctx.live) {
    if (socket === cap.keep || entry.state === 'busy' || (cap.match && !cap.match(entry))) continue
    ctx.live.delete(socket)
    ctx.evictedSockets.add(socket)
    ctx.evicted[cap.cause]++
    socket.destroy()
    return true
  }
  return false
}

/** Evicts `excess` connections the cap counts; false if it runs out of ones not busy answering. */
function evict(ctx: GuardContext, excess: number, cap: Cap): boolean {
  for (let left = excess; left > 0; left--) if (!evictOne(ctx, cap)) return false
  return true
}

/** Makes room for a new connection under the per-client and total caps; false if none. */
function admit(ctx: GuardContext, socket: Socket, client: string): boolean {
  const {limits} = ctx
  const mine = (e: Entry) => e.client === client
  return (
    evict(ctx, count(ctx, mine) - limits.maxConnectionsPerClient, {
      keep: socket,
      match: mine,
      cause: 'client-connections',
    }) && evict(ctx, ctx.live.size - limits.maxConnections, {keep: socket, cause: 'connections'})
  )
}

/** A new connection: counted against its client, or closed at once if there is no room. */
function onConnection(ctx: GuardContext, socket: Socket): void {
  if (ctx.closing) {
    socket.destroy()
    return
  }
  const client = clientKey(socket.remoteAddress)
  ctx.live.set(socket, {client, state: 'idle'})
  socket.once('close', () => ctx.live.delete(socket))
  if (!admit(ctx, socket, client)) {
    ctx.live.delete(socket)
    ctx.refused++
    socket.destroy()
  }
}

/** The socket starts reading a body; other uploads past the caps make room. */
function beginUpload(ctx: GuardContext, socket: Socket): void {
  const entry = ctx.live.get(socket)
  if (!entry) return
  touch(ctx, socket, 'uploading')
  const {limits} = ctx
  const uploading = (e: Entry) => e.state === 'uploading'
  const mine = (e: Entry) => uploading(e) && e.client === entry.client
  evict(ctx, count(ctx, mine) - limits.maxUploadsPerClient, {
    keep: socket,
    match: mine,
    cause: 'client-uploads',
  })
  evict(ctx, count(ctx, uploading) - limits.maxUploads, {
    keep: socket,
    match: uploading,
    cause: 'uploads',
  })
}

/** The counts for /status. */
function statsOf(ctx: GuardContext): ConnectionStats {
  return {
    open: ctx.live.size,
    uploading: count(ctx, (e) => e.state === 'uploading'),
    evicted: {...ctx.evicted},
    refused: ctx.refused,
  }
}

/** Shutdown: refuses newcomers and closes every connection not busy answering. */
function closeIdle(ctx: GuardContext): void {
  ctx.closing = true
  for (const [socket, entry] of ctx.live) {
    if (entry.state === 'busy') continue
    ctx.evictedSockets.add(socket)
    socket.destroy()
  }
}

/**
 * Caps connections and uploads, in total and per client. At a cap the least recently active
 * connection that is not busy answering goes: a stalled upload or an idle keep-alive, never a
 * request whose body is in. A webhook that is sending therefore always finds room, however
 * many stalled clients came first.
 */
export function guardConnections(server: Server, limits: ConnectionLimits): ConnectionGuard {
  const ctx = guardContext(limits)
  // Node's own cap is the backstop: ours evicts before it is ever reached.
  server.maxConnections = limits.maxConnections + HARD_SLACK
  server.on('connection', (socket: Socket) => onConnection(ctx, socket))
  return {
    limits,
    requestStarted: (socket) => touch(ctx, socket, 'busy'),
    beginUpload: (socket) => beginUpload(ctx, socket),
    touch: (socket) => touch(ctx, socket),
    endUpload: (socket) => touch(ctx, socket, 'busy'),
    requestFinished: (socket) => touch(ctx, socket, 'idle'),
    evicted: (socket) => ctx.evictedSockets.has(socket),
    stats: () => statsOf(ctx),
    close: () => closeIdle(ctx),
  }
}
