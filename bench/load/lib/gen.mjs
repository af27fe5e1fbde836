// Seeded generation of real Yjs updates, encoded once up front.
import * as Y from 'yjs'
import { syncFrame, SYNC_UPDATE } from './proto.mjs'

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function prng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A deterministic Yjs client id (31-bit, non-zero) for (seed, index). */
export function clientIdFor (seed, index) {
  const r = prng((seed * 1000003 + index * 7919 + 17) >>> 0)
  r(); r()
  return 1 + Math.floor(r() * 0x7ffffffe)
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz     ,.'

/**
 * One client's sequence of small text inserts (1..maxLen characters at a seeded random position of
 * its own text), each captured from the Y.Doc 'update' event and framed once as a y-websocket sync
 * update. Returns { clientId, count, frames, clockStart, byteLen }.
 */
export function genClient ({ clientId, count, seed, maxLen = 8 }) {
  const rnd = prng(seed ^ clientId)
  const doc = new Y.Doc({ gc: true })
  doc.clientID = clientId
  const text = doc.getText('t')
  const frames = new Array(count)
  const clockStart = new Uint32Array(count)
  const byteLen = new Uint32Array(count)
  let clock = 0
  let i = 0
  doc.on('update', (u) => {
    frames[i] = syncFrame(SYNC_UPDATE, u)
    clockStart[i] = clock
    byteLen[i] = u.length
  })
  for (; i < count; i++) {
    const n = 1 + Math.floor(rnd() * maxLen)
    let s = ''
    for (let k = 0; k < n; k++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)]
    text.insert(Math.floor(rnd() * (text.length + 1)), s)
    clock += n
  }
  doc.destroy()
  return { clientId, count, frames, clockStart, byteLen }
}

/** Index of the update of gen whose first clock is `clock`, or -1. */
export function seqOf (gen, clock) {
  const a = gen.clockStart
  let lo = 0; let hi = gen.count - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = a[mid]
    if (v === clock) return mid
    if (v < clock) lo = mid + 1; else hi = mid - 1
  }
  return -1
}

/** First update index whose first clock is >= clock. */
export function lowerSeq (gen, clock) {
  const a = gen.clockStart
  let lo = 0; let hi = gen.count
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid] < clock) lo = mid + 1; else hi = mid
  }
  return lo
}

/**
 * Generates `clients` senders with distinct client ids.
 */
export function genSenders ({ clients, count, seed, maxLen = 8 }) {
  const used = new Set()
  const out = []
  for (let i = 0; i < clients; i++) {
    let id = clientIdFor(seed, i)
    while (used.has(id)) id = (id % 0x7ffffffe) + 1
    used.add(id)
    out.push(genClient({ clientId: id, count, seed: seed + i, maxLen }))
  }
  return out
}

/**
 * A multi-megabyte document: `clients` writers each insert `chunk`-character runs at seeded random
 * positions of their own text, with an occasional small delete, until the encoded state reaches
 * about `bytes`. Returns { update (the whole state, V1), stateVector (Map client->clock), bytes, structs }.
 */
export function genBigDoc ({ bytes, seed, clients = 4, chunk = 200 }) {
  const rnd = prng(seed)
  const docs = []
  for (let c = 0; c < clients; c++) {
    const d = new Y.Doc()
    d.clientID = clientIdFor(seed + 99991, c)
    docs.push(d)
  }
  let approx = 0
  let ops = 0
  while (approx < bytes && ops < 1e6) {
    const d = docs[ops % clients]
    const t = d.getText('t')
    if (ops % 10 === 9 && t.length > 20) {
      t.delete(Math.floor(rnd() * (t.length - 10)), 1 + Math.floor(rnd() * 8))
    } else {
      let s = ''
      for (let k = 0; k < chunk; k++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)]
      t.insert(Math.floor(rnd() * (t.length + 1)), s)
      approx += chunk + 12
    }
    ops++
  }
  const update = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)))
  const stateVector = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update))
  for (const d of docs) d.destroy()
  return { update, stateVector, bytes: update.length, ops }
}
