// CI smoke run of the load generator: a few seconds per scenario against the packaged server
// (EPICENTER_JAR), asserting correctness counts only — never times. The same run against the Node
// reference server checks the generator's own bookkeeping.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, JAR } from '../lib/servers.mjs'
import { loadConfig } from '../lib/config.mjs'
import { prepare, probe } from '../lib/session.mjs'
import * as sc from '../lib/scenarios.mjs'

const cfg = loadConfig(['--smoke'], {})
const data = prepare(cfg)

function scenarioTests (kind) {
  let server
  before(async () => {
    server = await startServer(kind)
    const err = await probe(server, 15000)
    if (err) throw new Error(`${server.label}: a y-websocket client could not sync at ${server.roomUrl('bench-probe')}: ${err} (log: ${server.logFile})`)
  })
  after(async () => { if (server) { await server.stop(); server.cleanup?.() } })

  test('fan-out: every client gets every other client\'s updates exactly once', async () => {
    const r = await sc.fanout(server, { senders: data.fanoutSenders, rooms: cfg.fanoutRooms, perRoom: cfg.fanoutPerRoom, rate: cfg.fanoutRate, seconds: cfg.fanoutSeconds, tag: 'smoke-f', drainMs: 10000 })
    assert.equal(r.connectFailures, 0, 'connect failures')
    assert.equal(r.disconnected, 0, 'clients disconnected')
    assert.equal(r.sent, r.clients * Math.round(cfg.fanoutRate * cfg.fanoutSeconds), 'all updates sent')
    assert.equal(r.expected, r.sent * (cfg.fanoutPerRoom - 1))
    assert.equal(r.lost, 0, 'lost deliveries')
    assert.equal(r.dup, 0, 'duplicate deliveries')
    assert.equal(r.delivered, r.expected, 'deliveries')
    assert.equal(r.foreign, 0, 'updates from another room')
    assert.equal(r.unknown, 0, 'updates from unknown clients')
    assert.equal(r.unsent, 0, 'updates received before they were sent')
    assert.ok(r.echoes === 0 || r.echoes === r.sent, `echoes are all or nothing, got ${r.echoes} of ${r.sent}`)
  })

  test('hot room: the reader gets every update of the writer exactly once', async () => {
    const r = await sc.hotroom(server, { gen: data.hotGen, updates: cfg.hotUpdates, window: cfg.hotWindow, tag: 'smoke-h', timeoutMs: 20000 })
    assert.equal(r.connectFailures, 0)
    assert.equal(r.timedOut, false, `timed out after ${r.delivered} of ${r.updates}`)
    assert.equal(r.delivered, cfg.hotUpdates)
    assert.equal(r.lost, 0)
    assert.equal(r.dup, 0)
    assert.equal(r.unknown + r.foreign + r.unsent, 0)
  })

  test('connect storm: every connection gets step 1 and step 2', async () => {
    const r = await sc.storm(server, { waves: cfg.stormWaves, perWave: cfg.stormPerWave, tag: 'smoke-s', timeoutMs: 15000 })
    assert.deepEqual(r.errors, {})
    assert.equal(r.failed, 0)
    assert.equal(r.ok, cfg.stormWaves * cfg.stormPerWave)
  })

  test('idle: every connection syncs and stays open', async () => {
    const r = await sc.idle(server, { conns: cfg.idleConns, perRoom: cfg.idlePerRoom, tag: 'smoke-i', settleMs: 500, holdMs: cfg.idleHoldMs })
    assert.equal(r.synced, cfg.idleConns)
    assert.equal(r.droppedWhileIdle, 0)
    assert.ok(r.rssAfterMiB > 0)
  })

  test('big document: late joiners receive the full state; a writer on it reaches its reader', async () => {
    const hot = { gen: data.bigHotGen, updates: cfg.bigHotUpdates, window: cfg.hotWindow, timeoutMs: 20000 }
    const r = await sc.bigdoc(server, { big: data.big, sequential: cfg.bigSequential, batch: cfg.bigBatch, tag: 'smoke-b', timeoutMs: 20000, hot })
    assert.equal(r.failed, undefined, r.failed)
    assert.ok(Number.isFinite(r.uploadMs), 'upload acknowledged (step 2 after the upload)')
    assert.equal(r.joinFailures, 0)
    assert.equal(r.verifyFailures, 0, 'joiners\' state vectors equal the document\'s')
    assert.equal(r.hotBig.connectFailures, 0)
    assert.equal(r.hotBig.timedOut, false)
    assert.equal(r.hotBig.delivered, cfg.bigHotUpdates)
    assert.equal(r.hotBig.lost + r.hotBig.dup + r.hotBig.unknown + r.hotBig.foreign + r.hotBig.unsent, 0)
  })
}

describe(`Epicenter (${JAR})`, () => scenarioTests('ours'))
describe('reference server @y/websocket-server 0.1.1 (generator self-check)', () => scenarioTests('ref'))
