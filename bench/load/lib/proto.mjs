// y-websocket framing (see shared/docs/yjs-wire-format.md §8), written by hand so the generator spends
// its CPU on the wire and not on decoding: frames are built once, updates are recognised by their
// (client, clock) without a Y.Doc.
import * as Y from 'yjs'

export const MSG_SYNC = 0
export const MSG_AWARENESS = 1
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

export function varUintBytes (n) {
  const out = []
  while (n > 0x7f) { out.push(0x80 | (n & 0x7f)); n = Math.floor(n / 128) }
  out.push(n)
  return out
}

/** frame := 0 syncType varUint8Array(data) */
export function syncFrame (syncType, data) {
  const len = varUintBytes(data.length)
  const out = Buffer.allocUnsafe(2 + len.length + data.length)
  out[0] = MSG_SYNC
  out[1] = syncType
  for (let i = 0; i < len.length; i++) out[2 + i] = len[i]
  out.set(data, 2 + len.length)
  return out
}

export const EMPTY_SV = new Uint8Array([0])
export const EMPTY_UPDATE = new Uint8Array([0, 0])
/** step1 of an empty document: 00 00 01 00 */
export const STEP1_EMPTY = syncFrame(SYNC_STEP1, EMPTY_SV)
/** step2 with nothing to send: 00 01 02 00 00 */
export const STEP2_EMPTY = syncFrame(SYNC_STEP2, EMPTY_UPDATE)

/** Reads a varUint at buf[pos.i], advancing pos.i. */
export function readVarUint (buf, pos) {
  let n = 0; let mult = 1
  for (let k = 0; k < 8; k++) {
    const b = buf[pos.i++]
    n += (b & 0x7f) * mult
    if (b < 0x80) return n
    mult *= 128
  }
  throw new Error('varUint too long')
}

/**
 * Splits a sync frame: returns { syncType, data } (data = subarray of buf) or null for other message types.
 */
export function parseSyncFrame (buf) {
  if (buf.length < 2 || buf[0] !== MSG_SYNC) return null
  const pos = { i: 1 }
  const syncType = readVarUint(buf, pos)
  const len = readVarUint(buf, pos)
  return { syncType, data: buf.subarray(pos.i, pos.i + len) }
}

/**
 * Which clock ranges of which clients a V1 update carries: calls fn(client, fromClock, toClock) per
 * client group. Fast path for the common one-group one-struct update: if quick(client, clock,
 * byteLength) says the bytes are exactly a known update (same first clock, same length) the range is
 * that update's; any other update goes through Y.parseUpdateMeta.
 */
export function forEachRange (update, fn, quick) {
  const pos = { i: 0 }
  const groups = readVarUint(update, pos)
  if (groups === 0) return
  if (groups === 1 && quick) {
    const structs = readVarUint(update, pos)
    if (structs === 1) {
      const client = readVarUint(update, pos)
      const clock = readVarUint(update, pos)
      if (quick(client, clock, update.length)) return
    }
  }
  const meta = Y.parseUpdateMeta(update)
  for (const [client, from] of meta.from) fn(client, from, meta.to.get(client))
}
