// Delivery accounting: which receiver got which update of which sender, how many times, how late.
import { forEachRange } from './proto.mjs'
import { seqOf, lowerSeq } from './gen.mjs'

/** A participant that never sends (a pure reader), for Tracker's senders list. */
export const READER = (id) => ({ clientId: -id, count: 0, frames: [], clockStart: new Uint32Array(0), byteLen: new Uint32Array(0) })

export class Tracker {
  /**
   * @param senders  genClient() results; participant i is sender i and receiver i
   * @param roomSize participants i with the same floor(i / roomSize) share a room
   * @param n        updates per sender that may be sent
   */
  constructor (senders, roomSize, n, { onDeliver } = {}) {
    this.senders = senders
    this.k = roomSize
    this.n = n
    this.onDeliver = onDeliver
    this.byClient = new Map()
    senders.forEach((g, i) => this.byClient.set(g.clientId, i))
    this.sendTime = senders.map(() => new Float64Array(n))
    this.counts = senders.map(() => new Uint8Array(roomSize * n))
    this.lat = new Float64Array(Math.max(16, senders.length * (roomSize - 1) * n))
    this.nLat = 0
    this.delivered = 0 // first deliveries to a peer (not the sender)
    this.dup = 0 // further deliveries of the same update to the same peer
    this.echoes = 0 // deliveries back to the sender
    this.foreign = 0 // updates of a sender in another room
    this.unknown = 0 // ranges of client ids nobody sent
    this.unsent = 0 // updates received before they were sent (impossible unless a bug)
    this.firstSend = 0
    this.lastArrival = 0
    this._quick = (client, clock, len) => {
      const s = this.byClient.get(client)
      if (s === undefined) return false
      const g = this.senders[s]
      const q = seqOf(g, clock)
      if (q < 0 || g.byteLen[q] !== len) return false
      this._one(this._r, s, q, this._now)
      return true
    }
    this._range = (client, from, to) => {
      const s = this.byClient.get(client)
      if (s === undefined) { this.unknown++; return }
      const g = this.senders[s]
      for (let q = lowerSeq(g, from); q < g.count && q < this.n && g.clockStart[q] < to; q++) this._one(this._r, s, q, this._now)
    }
  }

  markSent (s, q, now) {
    this.sendTime[s][q] = now
    if (!this.firstSend) this.firstSend = now
  }

  /** Receiver r got a V1 update at time now. */
  onUpdate (r, data, now) {
    this._r = r
    this._now = now
    forEachRange(data, this._range, this._quick)
  }

  _one (r, s, q, now) {
    if (Math.floor(s / this.k) !== Math.floor(r / this.k)) { this.foreign++; return }
    const t = this.sendTime[s][q]
    if (t === 0) { this.unsent++; return }
    this.lastArrival = now
    if (s === r) { this.echoes++; return }
    const idx = (s % this.k) * this.n + q
    const c = this.counts[r][idx]
    if (c < 255) this.counts[r][idx] = c + 1
    if (c === 0) {
      this.lat[this.nLat++] = now - t
      this.delivered++
      this.onDeliver?.(r, s, q)
    } else {
      this.dup++
    }
  }

  /** Deliveries expected so far: every sent update to every live peer in its room. */
  expected (alive = () => true) {
    let e = 0
    for (let s = 0; s < this.senders.length; s++) {
      let sent = 0
      const st = this.sendTime[s]
      for (let q = 0; q < this.n; q++) if (st[q] > 0) sent++
      const room = Math.floor(s / this.k)
      for (let r = room * this.k; r < Math.min(this.senders.length, (room + 1) * this.k); r++) if (r !== s && alive(r)) e += sent
    }
    return e
  }

  /** Missing deliveries: sent updates a live peer never got. */
  lost (alive = () => true) {
    let lost = 0
    for (let s = 0; s < this.senders.length; s++) {
      const st = this.sendTime[s]
      const room = Math.floor(s / this.k)
      for (let r = room * this.k; r < Math.min(this.senders.length, (room + 1) * this.k); r++) {
        if (r === s || !alive(r)) continue
        const cnt = this.counts[r]
        const base = (s % this.k) * this.n
        for (let q = 0; q < this.n; q++) if (st[q] > 0 && cnt[base + q] === 0) lost++
      }
    }
    return lost
  }

  latency () {
    const a = this.lat.subarray(0, this.nLat).slice().sort()
    const pct = (p) => a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))] : NaN
    let sum = 0
    for (let i = 0; i < a.length; i++) sum += a[i]
    return { n: a.length, p50: pct(0.5), p99: pct(0.99), p999: pct(0.999), max: a.length ? a[a.length - 1] : NaN, mean: a.length ? sum / a.length : NaN }
  }
}

export function percentiles (values) {
  const a = Float64Array.from(values).sort()
  const pct = (p) => a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))] : NaN
  return { n: a.length, p50: pct(0.5), p99: pct(0.99), max: a.length ? a[a.length - 1] : NaN }
}
