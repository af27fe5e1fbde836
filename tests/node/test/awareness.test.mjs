// Awareness through the server: propagation between providers, removal when a connection ends
// (clean close, killed process, dropped socket, silent peer found by the server's ping), several
// awareness ids on one connection, and query-awareness (message type 3).

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '../lib/server.mjs'
import {
  Y, provider, waitSynced, destroyProvider, destroyAllProviders, destroyAllRaw, waitFor, sleep,
  RawClient, roomUrl, encodeAwarenessMessage, encodeAwarenessEntries, encodeSyncStep1FromSV,
  MSG_AWARENESS, MSG_SYNC, TEST_TIMEOUT_MS, WAIT_MS
} from '../lib/clients.mjs'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'awareness-child.mjs')
// Removal after a dropped connection must be noticed by the server's read side, well before the
// 30 s ping of the default configuration (and before the clients' own 30 s awareness timeout).
const DROP_DETECT_MS = Number(process.env.EPICENTER_DROP_DETECT_MS ?? 10000)

let server
const children = new Set()
before(async () => { server = await startServer({ name: 'awareness' }) })
after(async () => {
  for (const c of children) c.kill('SIGKILL')
  destroyAllProviders()
  destroyAllRaw()
  if (server) await server.stop()
})

let seq = 0
const room = (name) => `aw-${name}-${process.pid}-${++seq}`
const hasState = (p, id) => p.awareness.getStates().has(id)
const stateOf = (p, id) => p.awareness.getStates().get(id)

/** A raw connection that announces awareness states for the given client ids (clock 1). */
async function rawAnnouncer (srv, r, ids, state = (id) => ({ user: { name: `raw-${id}` } }), opts = {}) {
  const c = new RawClient(roomUrl(srv, r), opts)
  await c.opened
  c.send(encodeSyncStep1FromSV(Y.encodeStateVector(new Y.Doc())))
  for (const id of ids) c.send(encodeAwarenessMessage(encodeAwarenessEntries([{ clientID: id, clock: 1, state: state(id) }])))
  return c
}

test('awareness propagates between providers (add and update, both directions)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('propagate')
  const a = provider(server, r, { awarenessState: { user: { name: 'alice', color: '#f00' }, cursor: null } })
  const b = provider(server, r)
  await Promise.all([waitSynced(a), waitSynced(b)])
  b.awareness.setLocalState({ user: { name: 'bob', color: '#00f' }, cursor: { anchor: 1, head: 3 } })
  await waitFor(() => hasState(b, a.doc.clientID) && hasState(a, b.doc.clientID), { what: 'A and B to see each other' })
  assert.deepEqual(stateOf(b, a.doc.clientID), { user: { name: 'alice', color: '#f00' }, cursor: null })
  assert.deepEqual(stateOf(a, b.doc.clientID), { user: { name: 'bob', color: '#00f' }, cursor: { anchor: 1, head: 3 } })
  a.awareness.setLocalStateField('cursor', { anchor: 7, head: 9 })
  await waitFor(() => stateOf(b, a.doc.clientID)?.cursor?.head === 9, { what: 'B to see A\'s cursor move' })
  // a joiner gets the current states right away (server sends known states on connect)
  const c = provider(server, r)
  await waitSynced(c)
  await waitFor(() => hasState(c, a.doc.clientID) && hasState(c, b.doc.clientID), { what: 'joiner C to get A\'s and B\'s states' })
  assert.deepEqual(stateOf(c, a.doc.clientID).cursor, { anchor: 7, head: 9 })
  destroyProvider(a)
  destroyProvider(b)
  destroyProvider(c)
})

test('awareness is removed when a provider disconnects cleanly', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('clean-provider')
  const a = provider(server, r, { awarenessState: { user: 'leaving' } })
  const b = provider(server, r, { awarenessState: { user: 'staying' } })
  await Promise.all([waitSynced(a), waitSynced(b)])
  const id = a.doc.clientID
  await waitFor(() => hasState(b, id), { what: 'B to see A' })
  destroyProvider(a)
  await waitFor(() => !hasState(b, id), { what: 'B to drop A\'s awareness after A disconnected' })
  destroyProvider(b)
})

test('the server broadcasts the removal of every id a cleanly closed connection announced (it sent no null itself)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('clean-raw')
  const b = provider(server, r, { awarenessState: { user: 'observer' } })
  await waitSynced(b)
  // one connection announcing two awareness ids (y-sweet's "ghost cursor" bug tracked only the first)
  const ids = [70001, 70002]
  const raw = await rawAnnouncer(server, r, ids)
  await waitFor(() => ids.every((id) => hasState(b, id)), { what: 'B to see both raw ids' })
  assert.deepEqual(stateOf(b, 70002), { user: { name: 'raw-70002' } })
  // another raw connection stays: its id must survive the first one's close
  const other = await rawAnnouncer(server, r, [70003])
  await waitFor(() => hasState(b, 70003), { what: 'B to see the second raw connection\'s id' })
  await raw.close(1000)
  await waitFor(() => ids.every((id) => !hasState(b, id)), {
    what: 'B to drop both ids of the closed connection',
    describe: () => `B still has: ${JSON.stringify([...b.awareness.getStates().keys()])}`
  })
  await sleep(200)
  assert.ok(hasState(b, 70003), 'the other connection\'s state is untouched')
  assert.ok(hasState(b, b.doc.clientID))
  // the removal message must carry a null state for each id, and reach raw listeners too
  const removals = other.framesOfType(MSG_AWARENESS).flatMap((f) => f.awareness).filter((e) => e.state === null).map((e) => e.clientID)
  assert.ok(ids.every((id) => removals.includes(id)), `other raw connection saw null states for ${JSON.stringify(removals)}`)
  await other.close()
  destroyProvider(b)
})

test('awareness of a killed client process (SIGKILL, no close frame) is removed promptly', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('sigkill')
  const b = provider(server, r, { awarenessState: { user: 'observer' } })
  await waitSynced(b)
  const child = spawn(process.execPath, [CHILD, server.wsBase, r, 'doomed'], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.add(child)
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child provider did not sync')), WAIT_MS)
    createInterface({ input: child.stdout }).once('line', (l) => { clearTimeout(timer); resolve(l) })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`child exited early (${code})`)) })
  })
  const { clientID } = JSON.parse(line)
  await waitFor(() => hasState(b, clientID), { what: 'B to see the child\'s awareness' })
  assert.equal(stateOf(b, clientID).user.name, 'doomed')
  await waitFor(() => b.doc.getMap('map').get('doomed') === 'was here', { what: 'B to get the child\'s edit' })
  const killedAt = Date.now()
  child.kill('SIGKILL')
  await new Promise((resolve) => child.once('exit', resolve))
  children.delete(child)
  await waitFor(() => !hasState(b, clientID), { timeout: DROP_DETECT_MS, what: 'the killed client\'s awareness to be removed' })
  const took = Date.now() - killedAt
  assert.ok(took < DROP_DETECT_MS, `removed after ${took} ms`)
  // its document edit stays
  assert.equal(b.doc.getMap('map').get('doomed'), 'was here')
  destroyProvider(b)
})

test('awareness of a raw socket destroyed without a close frame (ws.terminate) is removed promptly', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('terminate')
  const b = provider(server, r, { awarenessState: { user: 'observer' } })
  await waitSynced(b)
  const raw = await rawAnnouncer(server, r, [80001])
  await waitFor(() => hasState(b, 80001), { what: 'B to see the raw id' })
  raw.terminate()
  await waitFor(() => !hasState(b, 80001), { timeout: DROP_DETECT_MS, what: 'the dropped socket\'s awareness to be removed' })
  destroyProvider(b)
})

test('a stale connection\'s end does not remove an awareness id that a newer connection re-announced (quick reconnect)', { timeout: TEST_TIMEOUT_MS }, async () => {
  // A client whose network blipped reconnects with the same client id before the server noticed
  // that its old connection died. When the old one finally ends, the live state must survive.
  const r = room('handover')
  const b = provider(server, r, { awarenessState: { user: 'observer' } })
  await waitSynced(b)
  const oldConn = await rawAnnouncer(server, r, [50001], () => ({ user: 'tab', v: 1 }))
  await waitFor(() => stateOf(b, 50001)?.v === 1, { what: 'B to see the first announcement' })
  const newConn = new RawClient(roomUrl(server, r))
  await newConn.opened
  newConn.send(encodeAwarenessMessage(encodeAwarenessEntries([{ clientID: 50001, clock: 2, state: { user: 'tab', v: 2 } }])))
  await waitFor(() => stateOf(b, 50001)?.v === 2, { what: 'B to see the re-announcement from the new connection' })
  oldConn.terminate()
  await sleep(1500)
  assert.deepEqual(stateOf(b, 50001), { user: 'tab', v: 2 }, 'the state announced by the live connection survives the old connection\'s end')
  await newConn.close()
  await waitFor(() => !hasState(b, 50001), { what: 'removal once the live connection ends' })
  destroyProvider(b)
})

test('query awareness (type 3) is answered with all current awareness states', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('query')
  const a = provider(server, r, { awarenessState: { user: 'A', n: 1 } })
  const b = provider(server, r, { awarenessState: { user: 'B', n: 2 } })
  await Promise.all([waitSynced(a), waitSynced(b)])
  await waitFor(() => hasState(a, b.doc.clientID) && hasState(b, a.doc.clientID), { what: 'A and B to see each other' })
  const q = await rawAnnouncer(server, r, [90001], () => ({ user: 'Q' }))
  await waitFor(() => hasState(a, 90001), { what: 'A to see the querier' })
  await sleep(300) // let the connect-time frames settle
  const from = q.frames.length
  q.send(new Uint8Array([3]))
  const reply = await q.nextFrame((f) => f.type === MSG_AWARENESS && f.awareness.length >= 3, {
    from, what: 'an awareness message with all states in answer to query-awareness'
  })
  const byId = new Map(reply.awareness.map((e) => [e.clientID, e]))
  assert.deepEqual(byId.get(a.doc.clientID)?.state, { user: 'A', n: 1 })
  assert.deepEqual(byId.get(b.doc.clientID)?.state, { user: 'B', n: 2 })
  assert.deepEqual(byId.get(90001)?.state, { user: 'Q' })
  assert.ok(byId.get(a.doc.clientID).clock >= 1)
  // after A leaves, a new query no longer lists A
  const aId = a.doc.clientID
  destroyProvider(a)
  await waitFor(() => !hasState(b, aId), { what: 'A to be gone' })
  const from2 = q.frames.length
  q.send(new Uint8Array([3]))
  const reply2 = await q.nextFrame((f) => f.type === MSG_AWARENESS && f.awareness.some((e) => e.clientID === b.doc.clientID && e.state !== null), {
    from: from2, what: 'a second query-awareness answer'
  })
  const live = reply2.awareness.filter((e) => e.state !== null).map((e) => e.clientID)
  assert.ok(!live.includes(aId), 'A is not reported as present any more')
  assert.ok(live.includes(90001))
  await q.close()
  destroyProvider(b)
})

test('the server\'s ping drops a silent peer (no pongs) and removes its awareness; healthy peers stay', { timeout: TEST_TIMEOUT_MS }, async () => {
  const pinging = await startServer({ name: 'awareness-ping', config: { plugins: { sync: { 'ping-interval': 'PT1S' } } } })
  try {
    const r = room('ping')
    const b = provider(pinging, r, { awarenessState: { user: 'healthy' } })
    await waitSynced(b)
    let bCloses = 0
    b.on('connection-close', () => { bCloses++ })
    const silent = await rawAnnouncer(pinging, r, [60001], undefined, { autoPong: false })
    await waitFor(() => hasState(b, 60001), { what: 'B to see the silent peer' })
    await waitFor(() => !hasState(b, 60001), { timeout: DROP_DETECT_MS, what: 'the silent peer\'s awareness to be removed after missed pongs' })
    await waitFor(() => silent.closeEvent !== null, { timeout: 5000, what: 'the server to close the silent connection' })
    assert.ok(silent.framesOfType(MSG_SYNC).length > 0, 'the silent peer had been served normally')
    // B answered every ping (ws does automatically) and was never disconnected
    await sleep(2500)
    assert.equal(bCloses, 0, 'healthy provider kept its connection')
    assert.ok(b.wsconnected)
    destroyProvider(b)
  } finally {
    await pinging.stop()
  }
})
