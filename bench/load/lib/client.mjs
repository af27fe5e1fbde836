// A raw y-websocket client on `ws`: speaks the sync handshake by hand (sends its step1 on open,
// answers the server's step1 with a step2 from precomputed bytes) and hands every received update
// to a callback, without a Y.Doc.
import WebSocket from 'ws'
import { parseSyncFrame, STEP1_EMPTY, STEP2_EMPTY, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from './proto.mjs'

let live = 0
export const liveClients = () => live

export class SyncClient {
  /**
   * @param {string} url
   * @param {{ onUpdate?: (data: Uint8Array, now: number) => void, onSynced?: (c: SyncClient) => void,
   *           onStep1?: (c: SyncClient) => void, onDone?: (c: SyncClient) => void,
   *           step1?: Buffer, step2?: Buffer, keepStep2?: boolean }} opts
   */
  constructor (url, opts = {}) {
    this.opts = opts
    this.tStart = performance.now()
    this.tOpen = 0
    this.tStep1 = 0 // server's step1 arrived
    this.tSynced = 0 // server's step2 arrived
    this.step2 = null
    this.error = null
    this.closed = false
    this.received = 0
    live++
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024, handshakeTimeout: 30000 })
    this.ws = ws
    ws.on('open', () => {
      this.tOpen = performance.now()
      ws.send(opts.step1 ?? STEP1_EMPTY)
    })
    ws.on('message', (data, isBinary) => this._onMessage(data))
    ws.on('error', (err) => { if (!this.error) this.error = err })
    ws.on('close', (code, reason) => {
      if (!this.closed) {
        this.closed = true
        live--
        if (!this.closing && !this.error) this.error = new Error(`closed by server: ${code} ${String(reason ?? '').slice(0, 120)}`.trim())
        this.closeCode = code
        opts.onDone?.(this)
      }
    })
  }

  _onMessage (data) {
    const now = performance.now()
    this.received++
    if (Array.isArray(data)) data = Buffer.concat(data)
    else if (!(data instanceof Uint8Array)) data = new Uint8Array(data)
    const f = parseSyncFrame(data)
    if (f === null) return // awareness and others: ignored
    if (f.syncType === SYNC_UPDATE) {
      this.opts.onUpdate?.(f.data, now)
    } else if (f.syncType === SYNC_STEP1) {
      if (!this.tStep1) this.tStep1 = now
      this.ws.send(this.opts.step2 ?? STEP2_EMPTY)
      this.opts.onStep1?.(this)
    } else if (f.syncType === SYNC_STEP2) {
      const first = !this.tSynced
      if (first) this.tSynced = now
      if (this.opts.keepStep2) this.step2 = f.data
      this.step2Count = (this.step2Count ?? 0) + 1
      if (f.data.length > 2 && !this.opts.keepStep2) this.opts.onUpdate?.(f.data, now)
      this.opts.onStep2?.(this, f.data, now)
      if (first) this.opts.onSynced?.(this)
    }
  }

  send (buf) { this.ws.send(buf) }

  get open () { return this.ws.readyState === WebSocket.OPEN }

  close () {
    this.closing = true
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000)
  }

  terminate () {
    this.closing = true
    this.ws.terminate()
  }
}

/** Resolves when every client is synced, failed, or the deadline passed; returns counts. */
export async function waitAll (clients, pred, timeoutMs) {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    let pending = 0
    for (const c of clients) if (!pred(c) && !c.closed && !c.error) pending++
    if (pending === 0) break
    await sleep(20)
  }
  let ok = 0; let failed = 0; let pending = 0
  for (const c of clients) {
    if (pred(c)) ok++
    else if (c.closed || c.error) failed++
    else pending++
  }
  return { ok, failed, pending }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Closes clients and waits (bounded) until their sockets are closed. */
export async function closeAll (clients, timeoutMs = 5000) {
  for (const c of clients) c.close()
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline && clients.some((c) => !c.closed)) await sleep(20)
  for (const c of clients) if (!c.closed) c.terminate()
}

/**
 * Opens n clients with at most `concurrency` handshakes in flight. make(i, finish) creates client i
 * and must call finish() once it is synced or failed. Resolves with the clients once all finished or
 * the deadline passed.
 */
export function openMany (n, make, { concurrency = 256, timeoutMs = 60000 } = {}) {
  return new Promise((resolve) => {
    const clients = []
    const deadline = performance.now() + timeoutMs
    let next = 0; let inflight = 0; let ended = false
    const end = () => { if (!ended) { ended = true; clearInterval(guard); resolve(clients) } }
    const pump = () => {
      if (ended) return
      while (inflight < concurrency && next < n) {
        const i = next++
        inflight++
        let done = false
        clients.push(make(i, () => { if (!done) { done = true; inflight--; setImmediate(pump) } }))
      }
      if (next >= n && inflight === 0) end()
    }
    const guard = setInterval(() => { if (performance.now() >= deadline) end() }, 100)
    pump()
  })
}
