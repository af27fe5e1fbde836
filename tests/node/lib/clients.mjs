// Real Yjs clients for the end-to-end tests: the stock y-websocket WebsocketProvider, and a raw
// y-websocket protocol client (ws + y-protocols + lib0) for what a provider cannot do on purpose
// (send updates out of order, stay silent, vanish without a close frame, query awareness, 102).

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { isDeepStrictEqual } from 'node:util'

// every WebsocketProvider adds a process 'exit' listener; hundreds of providers are expected here
process.setMaxListeners(0)

export { Y, WebsocketProvider, WebSocket, syncProtocol, awarenessProtocol, encoding, decoding }

/** Per-test timeout of node:test (ms). */
export const TEST_TIMEOUT_MS = Number(process.env.EPICENTER_TEST_TIMEOUT_MS ?? 60000)
/** How long a single "eventually" condition may take (ms). */
export const WAIT_MS = Number(process.env.EPICENTER_WAIT_MS ?? 10000)

export const MSG_SYNC = 0
export const MSG_AWARENESS = 1
export const MSG_AUTH = 2
export const MSG_QUERY_AWARENESS = 3
export const MSG_SYNC_STATUS = 102

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `predicate` until it returns a truthy value; throws with `describe()` output otherwise.
 * @template T
 * @param {() => T | Promise<T>} predicate
 * @param {{ timeout?: number, interval?: number, what?: string, describe?: () => string }} [opts]
 * @returns {Promise<T>}
 */
export async function waitFor (predicate, { timeout = WAIT_MS, interval = 20, what = 'condition', describe } = {}) {
  const start = Date.now()
  let lastError = null
  for (;;) {
    try {
      const v = await predicate()
      if (v) return v
      lastError = null
    } catch (e) {
      lastError = e
    }
    if (Date.now() - start > timeout) {
      const detail = describe ? '\n' + describe() : ''
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}${detail}`)
    }
    await sleep(interval)
  }
}

/** The content of the three root types the tests use, as plain JSON. */
export function snapshot (doc) {
  return {
    text: doc.getText('text').toString(),
    map: doc.getMap('map').toJSON(),
    array: doc.getArray('array').toJSON()
  }
}

/** State vector as a plain object {client: clock}. */
export function stateVector (doc) {
  return Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].map(([k, v]) => [String(k), v]))
}

export function sameContent (a, b) {
  return isDeepStrictEqual(snapshot(a), snapshot(b)) && isDeepStrictEqual(stateVector(a), stateVector(b))
}

export function short (value, max = 300) {
  const s = typeof value === 'string' ? value : JSON.stringify(value)
  return s.length > max ? s.slice(0, max) + `… (${s.length} chars)` : s
}

// ---------------------------------------------------------------------------------------------
// WebsocketProvider

const liveProviders = new Set()

/**
 * A stock y-websocket WebsocketProvider connected to `room` on `server`.
 * @param {{ wsBase: string }} server
 * @param {string} room
 * @param {{ doc?: Y.Doc, params?: Record<string,string>, connect?: boolean, awarenessState?: object }} [opts]
 */
export function provider (server, room, { doc = new Y.Doc(), params = {}, connect = true, awarenessState } = {}) {
  const p = new WebsocketProvider(server.wsBase, room, doc, {
    WebSocketPolyfill: WebSocket,
    disableBc: true,
    params,
    connect,
    maxBackoffTime: 500
  })
  if (awarenessState) p.awareness.setLocalState(awarenessState)
  liveProviders.add(p)
  return p
}

export async function waitSynced (p, timeout = WAIT_MS) {
  await waitFor(() => p.synced, { timeout, what: `provider ${p.roomname} (client ${p.doc.clientID}) to sync` })
  return p
}

/** Destroys a provider, its awareness (whose 3 s timer would keep Node alive) and its doc. */
export function destroyProvider (p) {
  if (!liveProviders.has(p)) return
  liveProviders.delete(p)
  p.destroy()
  p.awareness.destroy()
  p.doc.destroy()
}

export function destroyAllProviders () {
  for (const p of [...liveProviders]) destroyProvider(p)
}

/** Waits until all docs have the same content and state vector. */
export async function waitConverged (docs, { timeout = WAIT_MS, what = 'documents to converge' } = {}) {
  await waitFor(() => docs.every((d) => sameContent(d, docs[0])), {
    timeout,
    what,
    describe: () => docs.map((d, i) => `doc ${i} (client ${d.clientID}): ${short(snapshot(d))} sv=${JSON.stringify(stateVector(d))}`).join('\n')
  })
}

// ---------------------------------------------------------------------------------------------
// Raw protocol client

export function encodeSyncStep1 (doc) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  syncProtocol.writeSyncStep1(e, doc)
  return encoding.toUint8Array(e)
}

export function encodeSyncStep1FromSV (sv) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1)
  encoding.writeVarUint8Array(e, sv)
  return encoding.toUint8Array(e)
}

export function encodeUpdateMessage (update) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

export function encodeAwarenessMessage (awarenessUpdate) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_AWARENESS)
  encoding.writeVarUint8Array(e, awarenessUpdate)
  return encoding.toUint8Array(e)
}

/** An awareness update with explicit entries [{clientID, clock, state}]. */
export function encodeAwarenessEntries (entries) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const { clientID, clock, state } of entries) {
    encoding.writeVarUint(e, clientID)
    encoding.writeVarUint(e, clock)
    encoding.writeVarString(e, JSON.stringify(state))
  }
  return encoding.toUint8Array(e)
}

/** Decodes an awareness update into [{clientID, clock, state}]. */
export function decodeAwarenessEntries (update) {
  const d = decoding.createDecoder(update)
  const n = decoding.readVarUint(d)
  const out = []
  for (let i = 0; i < n; i++) {
    const clientID = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    const state = JSON.parse(decoding.readVarString(d))
    out.push({ clientID, clock, state })
  }
  return out
}

export function encodeSyncStatus (payload) {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC_STATUS)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/**
 * Parses one frame from the server into a record:
 * {type, bytes, syncType?, data?, awareness?, payload?, reason?}
 */
export function parseFrame (bytes) {
  const d = decoding.createDecoder(bytes)
  const type = decoding.readVarUint(d)
  const rec = { type, bytes }
  if (type === MSG_SYNC) {
    rec.syncType = decoding.readVarUint(d)
    rec.data = decoding.readVarUint8Array(d)
  } else if (type === MSG_AWARENESS) {
    rec.data = decoding.readVarUint8Array(d)
    rec.awareness = decodeAwarenessEntries(rec.data)
  } else if (type === MSG_AUTH) {
    rec.permission = decoding.readVarUint(d)
    rec.reason = decoding.hasContent(d) ? decoding.readVarString(d) : ''
  } else if (type === MSG_SYNC_STATUS) {
    rec.payload = decoding.readVarUint8Array(d)
  }
  return rec
}

const liveRaw = new Set()

/**
 * A raw y-websocket connection. It records every frame the server sends (`frames`), keeps the
 * V1 updates it received (step 2 and update payloads) in `received`, and answers nothing on its
 * own unless `answerStep1` is set (then it answers the server's step 1 with a step 2 of `doc`).
 */
export class RawClient {
  /**
   * @param {string} url full ws:// URL
   * @param {{ headers?: object, autoPong?: boolean, answerStep1?: boolean, doc?: Y.Doc }} [opts]
   */
  constructor (url, { headers, autoPong = true, answerStep1 = false, doc } = {}) {
    this.url = url
    this.frames = []
    this.received = []
    this.doc = doc ?? null
    this.answerStep1 = answerStep1
    this.closeEvent = null
    this.errors = []
    this.unexpectedResponse = null
    this.listeners = new Set()
    this.ws = new WebSocket(url, { headers, autoPong, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
    this.ws.binaryType = 'nodebuffer'
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve)
      this.ws.once('close', (code) => reject(new Error(`closed before open (code ${code})`)))
      this.ws.once('error', (e) => reject(e))
    })
    this.opened.catch(() => {})
    this.closed = new Promise((resolve) => { this._resolveClosed = resolve })
    this.ws.on('close', (code, reason) => {
      if (!this.unexpectedResponse) this.closeEvent = { code, reason: reason.toString() }
      liveRaw.delete(this)
      this._resolveClosed(this.closeEvent)
    })
    this.ws.on('error', (e) => this.errors.push(e))
    this.ws.on('unexpected-response', (req, res) => {
      this.unexpectedResponse = { status: res.statusCode, headers: res.headers }
      this.closeEvent = { code: -1, reason: `HTTP ${res.statusCode} instead of a WebSocket upgrade` }
      liveRaw.delete(this)
      res.resume()
      req.destroy()
      this._resolveClosed(this.closeEvent)
    })
    this.ws.on('message', (data, isBinary) => this._onMessage(data, isBinary))
    liveRaw.add(this)
  }

  _onMessage (data, isBinary) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    let rec
    try {
      rec = parseFrame(bytes)
    } catch (e) {
      rec = { type: -1, bytes, error: e.message, isBinary }
    }
    rec.at = Date.now()
    this.frames.push(rec)
    if (rec.type === MSG_SYNC && (rec.syncType === 1 || rec.syncType === 2)) {
      this.received.push(rec.data)
      if (this.doc) Y.applyUpdate(this.doc, rec.data, 'server')
    }
    if (rec.type === MSG_SYNC && rec.syncType === 0 && this.answerStep1 && this.doc) {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MSG_SYNC)
      syncProtocol.writeSyncStep2(e, this.doc, rec.data)
      this.send(encoding.toUint8Array(e))
    }
    for (const l of this.listeners) l(rec)
  }

  send (bytes) {
    this.ws.send(bytes)
  }

  /** Sends and resolves once the bytes were handed to the socket. */
  sendAsync (bytes) {
    return new Promise((resolve, reject) => this.ws.send(bytes, (err) => (err ? reject(err) : resolve())))
  }

  framesOfType (type) {
    return this.frames.filter((f) => f.type === type)
  }

  /** Waits for a frame matching `pred` among frames received after index `from`. */
  async nextFrame (pred, { from = 0, timeout = WAIT_MS, what = 'a frame' } = {}) {
    return waitFor(() => this.frames.slice(from).find(pred), {
      timeout,
      what,
      describe: () => `frames so far: ${this.frames.map((f) => `${f.type}${f.syncType !== undefined ? '/' + f.syncType : ''}(${f.bytes.length}B)`).join(' ')}; close: ${JSON.stringify(this.closeEvent)}`
    })
  }

  /** All updates this connection received, merged into a fresh doc (robust to any order). */
  receivedDoc () {
    const doc = new Y.Doc()
    if (this.received.length) Y.applyUpdate(doc, Y.mergeUpdates(this.received))
    return doc
  }

  close (code = 1000) {
    this.ws.close(code)
    return this.closed
  }

  /** Drops the TCP connection without a close frame. */
  terminate () {
    this.ws.terminate()
    return this.closed
  }
}

export function destroyAllRaw () {
  for (const r of [...liveRaw]) {
    try { r.ws.terminate() } catch {}
    liveRaw.delete(r)
  }
}

export function roomUrl (server, room, query = '') {
  return `${server.wsBase}/${encodeURIComponent(room)}${query}`
}

/** Reads the sync plugin's status from GET / (plugins.sync). */
export async function syncStatus (server) {
  const s = await server.status()
  const sync = s?.plugins?.sync
  if (!sync || typeof sync !== 'object') throw new Error(`GET / has no plugins.sync object: ${JSON.stringify(s)}`)
  return sync
}

/** A deterministic PRNG (mulberry32). */
export function prng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function shuffle (arr, rnd) {
  const a = arr.slice()
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}
