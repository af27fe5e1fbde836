// The load scenarios. Each takes a started server ({ pid, roomUrl(room) }) and its parameters and
// returns plain numbers: correctness counts, rates, latencies, and the CPU used meanwhile.
import * as Y from 'yjs'
import { SyncClient, openMany, closeAll, waitAll, sleep } from './client.mjs'
import { Tracker, READER, percentiles } from './track.mjs'
import { syncFrame, SYNC_UPDATE, SYNC_STEP1 } from './proto.mjs'
import { cpuMeter, procRssBytes } from './servers.mjs'

const now = () => performance.now()

/**
 * fan-out: rooms x perRoom clients, each client sending `rate` updates/s for `seconds`.
 */
export async function fanout (server, { senders, rooms, perRoom, rate, seconds, tag, drainMs = 15000, concurrency = 128 }) {
  const S = rooms * perRoom
  if (senders.length < S) throw new Error(`fanout: ${S} clients but ${senders.length} senders generated`)
  const n = Math.min(senders[0].count, Math.round(rate * seconds))
  const tr = new Tracker(senders.slice(0, S), perRoom, n)
  const clients = await openMany(S, (i, finish) => new SyncClient(server.roomUrl(`${tag}-r${Math.floor(i / perRoom)}`), {
    onUpdate: (d, t) => tr.onUpdate(i, d, t), onSynced: finish, onDone: finish
  }), { concurrency, timeoutMs: 60000 })
  const connectFailures = clients.filter((c) => !c.tSynced).length + (S - clients.length)
  const alive = (r) => clients[r] && clients[r].tSynced > 0 && !clients[r].closed
  const meter = cpuMeter(server.pid)
  const total = S * n
  const interval = 1000 / (rate * S)
  const t0 = now() + 20
  let k = 0; let lagMax = 0; let lagSum = 0
  await new Promise((resolve) => {
    const hardStop = t0 + seconds * 1000 * 3 + 10000
    const tick = () => {
      const t = now()
      while (k < total && t0 + k * interval <= t) {
        const s = k % S; const q = (k / S) | 0
        const lag = t - (t0 + k * interval)
        if (lag > lagMax) lagMax = lag
        lagSum += lag
        const c = clients[s]
        if (c && c.open) {
          tr.markSent(s, q, now())
          c.send(senders[s].frames[q])
        }
        k++
      }
      if (k < total && t < hardStop) setTimeout(tick, 1); else resolve()
    }
    setTimeout(tick, Math.max(0, t0 - now()))
  })
  const sendEnd = now()
  const expected = tr.expected(alive)
  const deadline = now() + drainMs
  while (tr.delivered < expected && now() < deadline) await sleep(10)
  await sleep(200) // late duplicates and echoes
  const cpu = meter()
  const lost = tr.lost(alive)
  const disconnected = clients.filter((c) => c.closed || c.error).length
  const closedBy = [...new Set(clients.map((c) => c.error?.message).filter(Boolean))].slice(0, 3).join('; ') || undefined
  await closeAll(clients)
  const lat = tr.latency()
  const span = (tr.lastArrival - tr.firstSend) / 1000
  return {
    clients: S, rooms, perRoom, rate, seconds, sent: k,
    expected, delivered: tr.delivered, lost, dup: tr.dup, echoes: tr.echoes,
    foreign: tr.foreign, unknown: tr.unknown, unsent: tr.unsent, connectFailures, disconnected, closedBy,
    deliveredPerSec: tr.delivered / span, offeredPerSec: rate * S,
    latP50: lat.p50, latP99: lat.p99, latP999: lat.p999, latMax: lat.max, latMean: lat.mean,
    sendLagMax: lagMax, sendLagMean: k ? lagSum / k : 0, sendSeconds: (sendEnd - t0) / 1000,
    cpu, serverCpuPerDeliveredUs: cpu.server / tr.delivered * 1e6
  }
}

/**
 * hot room: one writer sending `gen`'s updates with at most `window` not yet seen by the one reader.
 */
export async function hotroom (server, { gen, updates, window, tag, room = `${tag}-hot`, timeoutMs = 120000 }) {
  const n = Math.min(updates, gen.count)
  let sent = 0
  let writer = null
  const pump = () => {
    while (sent < n && sent - tr.delivered < window && writer.open) {
      tr.markSent(0, sent, now())
      writer.send(gen.frames[sent])
      sent++
    }
  }
  const tr = new Tracker([gen, READER(1)], 2, n, { onDeliver: (r) => { if (r === 1) pump() } })
  // keepStep2: the room's existing state (big-document variant) is not one of the tracked updates
  const cs = await openMany(2, (i, finish) => new SyncClient(server.roomUrl(room), {
    onUpdate: (d, t) => tr.onUpdate(i, d, t), onSynced: finish, onDone: finish, keepStep2: true
  }), { concurrency: 1, timeoutMs: 60000 })
  for (const c of cs) c.step2 = null
  writer = cs[0]
  const connectFailures = cs.filter((c) => !c.tSynced).length
  const meter = cpuMeter(server.pid)
  if (!connectFailures) pump()
  const deadline = now() + timeoutMs
  while (tr.delivered < n && now() < deadline && !connectFailures && !cs.some((c) => c.closed)) await sleep(5)
  const doneAt = now()
  const cpu = meter()
  await sleep(200) // late duplicates
  const lost = tr.lost((r) => r === 1)
  await closeAll(cs)
  const secs = (tr.lastArrival - tr.firstSend) / 1000
  const complete = tr.delivered >= n
  const closedBy = cs.map((c) => c.error?.message).filter(Boolean).join('; ') || undefined
  return {
    updates: n, window, sent, delivered: tr.delivered, lost, dup: tr.dup, echoes: tr.echoes,
    foreign: tr.foreign, unknown: tr.unknown, unsent: tr.unsent, connectFailures, timedOut: !complete, closedBy,
    // a run that did not deliver every update has no throughput figure
    updatesPerSec: complete ? tr.delivered / secs : NaN, seconds: secs, wallToDone: (doneAt - tr.firstSend) / 1000,
    cpu, serverCpuPerDeliveredUs: cpu.server / tr.delivered * 1e6
  }
}

/**
 * connect storm: `waves` waves of `perWave` connections, each to a fresh room, all opened at once;
 * a connection counts when the server's step1 and then its step2 arrived.
 */
export async function storm (server, { waves, perWave, tag, timeoutMs = 30000, pauseMs = 300 }) {
  const lat = []; const latSynced = []
  let ok = 0; let failed = 0; let busyMs = 0
  const errors = {}
  const meter = cpuMeter(server.pid)
  for (let w = 0; w < waves; w++) {
    const t0 = now()
    const clients = []
    for (let i = 0; i < perWave; i++) clients.push(new SyncClient(server.roomUrl(`${tag}-w${w}-${i}`)))
    await waitAll(clients, (c) => c.tSynced > 0, timeoutMs)
    let last = t0
    for (const c of clients) {
      if (c.tStep1 && c.tSynced) {
        ok++
        lat.push(c.tStep1 - c.tStart)
        latSynced.push(c.tSynced - c.tStart)
        if (c.tSynced > last) last = c.tSynced
      } else {
        failed++
        const key = String(c.error?.code ?? c.error?.message ?? 'timeout').slice(0, 60)
        errors[key] = (errors[key] ?? 0) + 1
      }
    }
    busyMs += last - t0
    await closeAll(clients)
    await sleep(pauseMs)
  }
  const cpu = meter()
  const p = percentiles(lat); const ps = percentiles(latSynced)
  return {
    waves, perWave, attempted: waves * perWave, ok, failed, errors,
    connPerSec: ok / (busyMs / 1000),
    step1P50: p.p50, step1P99: p.p99, step1Max: p.max, syncedP50: ps.p50, syncedP99: ps.p99,
    cpu, serverCpuPerConnUs: cpu.server / Math.max(1, ok) * 1e6
  }
}

/**
 * idle: `conns` synced connections (rooms of perRoom) held for holdMs; server RSS before and after.
 */
export async function idle (server, { conns, perRoom, tag, settleMs = 2000, holdMs = 5000, concurrency = 256, onHeld = null }) {
  await sleep(500)
  const rss0 = procRssBytes(server.pid)
  const t0 = now()
  const clients = await openMany(conns, (i, finish) => new SyncClient(server.roomUrl(`${tag}-r${Math.floor(i / perRoom)}`), {
    onSynced: finish, onDone: finish
  }), { concurrency, timeoutMs: 90000 })
  const connectSeconds = (now() - t0) / 1000
  const synced = clients.filter((c) => c.tSynced > 0 && !c.closed).length
  await sleep(settleMs)
  const rss1 = procRssBytes(server.pid)
  const meter = cpuMeter(server.pid)
  await sleep(holdMs)
  const cpu = meter()
  const rss2 = procRssBytes(server.pid)
  const stillOpen = clients.filter((c) => c.open).length
  if (onHeld) await onHeld(server, stillOpen)
  await closeAll(clients, 15000)
  const rssAfter = Math.max(rss1, rss2)
  return {
    conns, perRoom, synced, failed: conns - synced, droppedWhileIdle: synced - stillOpen,
    connectSeconds, rssBeforeMiB: rss0 / 1048576, rssAfterMiB: rssAfter / 1048576,
    rssPerConnKiB: (rssAfter - rss0) / Math.max(1, synced) / 1024,
    idleServerCores: cpu.serverCores, cpu
  }
}

function sameStateVector (a, b) {
  if (a.size !== b.size) return false
  for (const [k, v] of a) if (b.get(k) !== v) return false
  return true
}

/**
 * big document: one client uploads `big.update` (multi-MB) to a fresh room; then late joiners one by
 * one (`sequential`) and `batch` at once; a join ends when the step2 with the full state arrived.
 */
export async function bigdoc (server, { big, sequential, batch, tag, timeoutMs = 120000, hot = null }) {
  const room = `${tag}-big`
  const url = server.roomUrl(room)
  const meter = cpuMeter(server.pid)
  let uploadDone = 0
  const up = new SyncClient(url, { onStep2: (c) => { if (c.step2Count === 2) uploadDone = now() } })
  await waitAll([up], (c) => c.tSynced > 0, 30000)
  if (!up.tSynced) return { failed: 'uploader did not sync: ' + (up.error?.message ?? 'timeout') }
  const tUp = now()
  up.send(syncFrame(SYNC_UPDATE, big.update))
  up.send(syncFrame(SYNC_STEP1, Y.encodeStateVectorFromUpdate(big.update)))
  const d1 = now() + timeoutMs
  while (!uploadDone && now() < d1 && !up.closed) await sleep(5)
  const uploadMs = uploadDone ? uploadDone - tUp : NaN
  let verifyFailures = 0; let joinFailures = 0
  const verify = (c) => {
    if (!c.step2) { joinFailures++; return }
    const sv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(c.step2))
    if (!sameStateVector(sv, big.stateVector)) verifyFailures++
  }
  const seqTimes = []
  for (let j = 0; j < sequential; j++) {
    const c = new SyncClient(url, { keepStep2: true })
    await waitAll([c], (x) => x.tSynced > 0, timeoutMs)
    if (c.tSynced) seqTimes.push(c.tSynced - c.tStart)
    verify(c)
    c.step2 = null
    await closeAll([c])
  }
  const tb = now()
  const bs = []
  for (let j = 0; j < batch; j++) bs.push(new SyncClient(url, { keepStep2: true }))
  await waitAll(bs, (x) => x.tSynced > 0, timeoutMs)
  const batchTimes = bs.filter((c) => c.tSynced).map((c) => c.tSynced - c.tStart)
  const batchAll = bs.every((c) => c.tSynced) ? Math.max(...bs.map((c) => c.tSynced)) - tb : NaN
  for (const c of bs) { verify(c); c.step2 = null }
  await closeAll(bs)
  const cpu = meter()
  // a fast writer on the big document (design notes §9: merging into one blob is O(document))
  const hotBig = hot ? await hotroom(server, { ...hot, room, tag }) : undefined
  await closeAll([up])
  const s = percentiles(seqTimes); const b = percentiles(batchTimes)
  return {
    docBytes: big.bytes, uploadMs, sequential, batch, joinFailures, verifyFailures,
    seqP50: s.p50, seqMax: s.max, batchP50: b.p50, batchMax: b.max, batchAllMs: batchAll, cpu, hotBig
  }
}
