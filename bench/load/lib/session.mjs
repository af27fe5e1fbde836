// One server session: warm-up, then the scenarios in cfg.only order, against one started server.
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as Y from 'yjs'
import { genSenders, genBigDoc } from './gen.mjs'
import { LOAD_DIR } from './servers.mjs'

/** genBigDoc, cached in target/ (the same seed and size always give the same bytes). */
function bigDoc (bytes, seed) {
  const file = path.join(LOAD_DIR, 'target', 'cache', `bigdoc-${seed}-${bytes}.bin`)
  try {
    const update = new Uint8Array(fs.readFileSync(file))
    return { update, stateVector: Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)), bytes: update.length }
  } catch {}
  const d = genBigDoc({ bytes, seed })
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file + '.tmp', d.update)
    fs.renameSync(file + '.tmp', file)
  } catch {}
  return d
}
import * as sc from './scenarios.mjs'
import { SyncClient, waitAll, closeAll } from './client.mjs'

/** Pre-generates every update of a run once (seeded: the same bytes every run). */
export function prepare (cfg, log = () => {}) {
  const t0 = performance.now()
  const S = cfg.fanoutRooms * cfg.fanoutPerRoom
  const n = Math.max(1, Math.round(cfg.fanoutRate * cfg.fanoutSeconds))
  const data = {
    fanoutSenders: genSenders({ clients: S, count: n, seed: cfg.seed }),
    hotGen: genSenders({ clients: 1, count: cfg.hotUpdates, seed: cfg.seed + 1 })[0],
    big: bigDoc(Math.round(cfg.bigMb * 1048576), cfg.seed + 2),
    bigHotGen: genSenders({ clients: 1, count: Math.max(1, cfg.bigHotUpdates), seed: cfg.seed + 6 })[0]
  }
  if (cfg.warmupSeconds > 0) {
    data.warmSenders = genSenders({ clients: 160, count: Math.round(10 * cfg.warmupSeconds), seed: cfg.seed + 3 })
    data.warmHot = genSenders({ clients: 1, count: 5000, seed: cfg.seed + 4 })[0]
    data.warmBig = bigDoc(1048576, cfg.seed + 5)
  }
  log(`generated ${S} x ${n} fan-out updates, ${cfg.hotUpdates} hot-room updates, a ${(data.big.bytes / 1048576).toFixed(2)} MB document in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return data
}

/** True when a client can connect and complete the sync handshake. */
export async function probe (server, timeoutMs = 10000) {
  const c = new SyncClient(server.roomUrl('bench-probe'))
  await waitAll([c], (x) => x.tSynced > 0, timeoutMs)
  const ok = c.tSynced > 0
  const err = c.error?.message
  await closeAll([c])
  return ok ? null : (err ?? 'no sync handshake within ' + timeoutMs + ' ms')
}

export async function runSession (server, cfg, data, tag, log = () => {}, hooks = {}) {
  const out = {}
  if (cfg.warmupSeconds > 0) {
    log('  warm-up')
    await sc.fanout(server, { senders: data.warmSenders, rooms: 40, perRoom: 4, rate: 10, seconds: cfg.warmupSeconds, tag: tag + '-wf', drainMs: 5000 })
    await sc.hotroom(server, { gen: data.warmHot, updates: 5000, window: cfg.hotWindow, tag: tag + '-wh', timeoutMs: 30000 })
    await sc.storm(server, { waves: 1, perWave: 200, tag: tag + '-ws' })
    await sc.bigdoc(server, { big: data.warmBig, sequential: 2, batch: 3, tag: tag + '-wb', timeoutMs: 30000, hot: { gen: data.warmHot, updates: 2000, window: cfg.hotWindow } })
  }
  for (const name of cfg.only.split(',').map((s) => s.trim()).filter(Boolean)) {
    const t0 = performance.now()
    try {
      if (name === 'idle') {
        out.idle = await sc.idle(server, { conns: cfg.idleConns, perRoom: cfg.idlePerRoom, tag: tag + '-i', holdMs: cfg.idleHoldMs, onHeld: hooks.idleHeld })
      } else if (name === 'fanout') {
        out.fanout = await sc.fanout(server, { senders: data.fanoutSenders, rooms: cfg.fanoutRooms, perRoom: cfg.fanoutPerRoom, rate: cfg.fanoutRate, seconds: cfg.fanoutSeconds, tag: tag + '-f' })
      } else if (name === 'hot') {
        out.hot = await sc.hotroom(server, { gen: data.hotGen, updates: cfg.hotUpdates, window: cfg.hotWindow, tag: tag + '-h' })
      } else if (name === 'storm') {
        out.storm = await sc.storm(server, { waves: cfg.stormWaves, perWave: cfg.stormPerWave, tag: tag + '-s' })
      } else if (name === 'big') {
        const hot = cfg.bigHotUpdates > 0 ? { gen: data.bigHotGen, updates: cfg.bigHotUpdates, window: cfg.hotWindow } : null
        const r = await sc.bigdoc(server, { big: data.big, sequential: cfg.bigSequential, batch: cfg.bigBatch, tag: tag + '-b', hot })
        if (r.hotBig) { out.hotbig = r.hotBig; delete r.hotBig }
        out.big = r
      } else {
        throw new Error('unknown scenario ' + name)
      }
    } catch (e) {
      out[name] = { error: String(e?.stack ?? e) }
    }
    log(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  return out
}
