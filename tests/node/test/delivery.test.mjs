// The delivery rule (design-notes §8): whatever order updates reach the room in — shuffled,
// duplicated, spread over several connections, dependencies last — every connection must end up
// with everything the room holds. Three raw y-websocket connections send V1 update messages
// (sync type 2) built with y-protocols/lib0; each connection's content is what it sent plus what
// the server sent it, and must equal a reference doc that applied all updates.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { startServer, SHARED_DIR } from '../lib/server.mjs'
import {
  Y, RawClient, roomUrl, encodeUpdateMessage, encodeSyncStep1FromSV, waitFor, sleep, prng, shuffle,
  destroyAllRaw, provider, waitSynced, destroyProvider, destroyAllProviders, short, TEST_TIMEOUT_MS, MSG_SYNC
} from '../lib/clients.mjs'

let server
before(async () => { server = await startServer({ name: 'delivery' }) })
after(async () => {
  destroyAllProviders()
  destroyAllRaw()
  if (server) await server.stop()
})

const ROOTS = { text: 'text', map: 'map', array: 'array' }

function rootsSnapshot (doc, roots) {
  const out = {}
  for (const [name, kind] of Object.entries(roots)) {
    if (kind === 'text') out[name] = doc.getText(name).toString()
    else if (kind === 'map') out[name] = doc.getMap(name).toJSON()
    else if (kind === 'array') out[name] = doc.getArray(name).toJSON()
    else throw new Error(`unsupported root kind ${kind}`)
  }
  return out
}

function svMap (doc) {
  return Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].map(([k, v]) => [String(k), v]))
}

/** Merges updates into a fresh doc in one step (immune to the order they arrived in). */
function docFrom (updates) {
  const doc = new Y.Doc()
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates))
  return doc
}

/**
 * A random 3-writer session with cross-client dependencies (writers sync with each other now and
 * then, so later updates reference other writers' items). Returns every update in causal order.
 */
function generateSession (seed, steps = 120) {
  const rnd = prng(seed)
  const docs = [101, 2202, 4294967301].map((id) => { const d = new Y.Doc(); d.clientID = id; return d })
  const updates = []
  const firstOf = new Map()
  for (const d of docs) {
    d.on('update', (u, origin) => {
      if (origin === 'peer') return
      if (!firstOf.has(d.clientID)) firstOf.set(d.clientID, updates.length)
      updates.push(u)
    })
  }
  const known = docs.map(() => 0) // how many updates each writer has merged from the log
  const syncUp = (i) => {
    for (let k = known[i]; k < updates.length; k++) Y.applyUpdate(docs[i], updates[k], 'peer')
    known[i] = updates.length
  }
  for (let s = 0; s < steps; s++) {
    const i = Math.floor(rnd() * docs.length)
    const d = docs[i]
    if (rnd() < 0.3) syncUp(i)
    const op = rnd()
    const t = d.getText('text')
    const a = d.getArray('array')
    if (op < 0.45) {
      t.insert(Math.floor(rnd() * (t.length + 1)), ['x', 'yz', '😀', 'é', ' w '][Math.floor(rnd() * 5)] + s)
    } else if (op < 0.55 && t.length > 2) {
      t.delete(Math.floor(rnd() * (t.length - 1)), 1)
    } else if (op < 0.75) {
      d.getMap('map').set('k' + Math.floor(rnd() * 6), rnd() < 0.5 ? s : { by: d.clientID, s })
    } else if (op < 0.92) {
      a.insert(Math.floor(rnd() * (a.length + 1)), [s, 'v' + s])
    } else if (a.length > 0) {
      a.delete(Math.floor(rnd() * a.length), 1)
    }
  }
  const roots = [...firstOf.values()]
  return { updates, roots }
}

async function connectAll (r, n) {
  const conns = []
  for (let i = 0; i < n; i++) {
    const c = new RawClient(roomUrl(server, r))
    await c.opened
    // a real client's opening step 1 (empty document): the server answers with a step 2
    c.send(encodeSyncStep1FromSV(Y.encodeStateVector(new Y.Doc())))
    await c.nextFrame((f) => f.type === MSG_SYNC && f.syncType === 1, { what: `connection ${i}: step 2 answering its step 1` })
    c.sent = []
    conns.push(c)
  }
  return conns
}

/** Each connection's view: what it sent plus every update the server sent it. */
function connectionDoc (c) {
  const key = `${c.sent.length}/${c.received.length}`
  if (c.cachedKey !== key) {
    c.cachedDoc = docFrom([...c.sent, ...c.received])
    c.cachedKey = key
  }
  return c.cachedDoc
}

async function deliver (conns, plan) {
  for (const { conn, update } of plan) {
    conns[conn].sent.push(update)
    conns[conn].send(encodeUpdateMessage(update))
  }
}

async function assertAllConverge (conns, reference, roots, label) {
  const want = rootsSnapshot(reference, roots)
  const wantSv = svMap(reference)
  await waitFor(() => conns.every((c) => {
    const d = connectionDoc(c)
    return isDeepStrictEqual(rootsSnapshot(d, roots), want) && isDeepStrictEqual(svMap(d), wantSv)
  }), {
    interval: 100,
    what: `${label}: every connection to hold the reference content`,
    describe: () => conns.map((c, i) => {
      const d = connectionDoc(c)
      return `connection ${i}: sent ${c.sent.length}, received ${c.received.length} updates; sv=${JSON.stringify(svMap(d))} (want ${JSON.stringify(wantSv)}); pending=${!!d.store.pendingStructs}; content=${short(rootsSnapshot(d, roots), 200)}`
    }).join('\n') + `\nwant ${short(want, 200)}`
  })
  for (const c of conns) {
    const d = connectionDoc(c)
    assert.equal(d.store.pendingStructs, null, 'nothing left pending')
    assert.deepEqual(rootsSnapshot(d, roots), want)
  }
}

async function lateJoinerMatches (r, reference, roots, label) {
  const late = new RawClient(roomUrl(server, r))
  await late.opened
  late.send(encodeSyncStep1FromSV(Y.encodeStateVector(new Y.Doc())))
  const step2 = await late.nextFrame((f) => f.type === MSG_SYNC && f.syncType === 1, { what: `${label}: late joiner step 2` })
  const d = docFrom([step2.data])
  assert.deepEqual(rootsSnapshot(d, roots), rootsSnapshot(reference, roots), `${label}: late joiner content`)
  assert.deepEqual(svMap(d), svMap(reference), `${label}: late joiner state vector`)
  await late.close()
}

test('shuffled, duplicated updates over three connections, dependencies last, converge everywhere', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const seed of [11, 12]) {
    const { updates, roots } = generateSession(seed)
    const reference = docFrom(updates)
    assert.ok(updates.length > 100 && reference.getText('text').length > 0)
    const rnd = prng(seed * 31)
    const rootSet = new Set(roots)
    // dependents first (shuffled, ~25% duplicated onto a random connection), every writer's first update last
    const dependents = []
    updates.forEach((u, i) => {
      if (rootSet.has(i)) return
      dependents.push({ conn: Math.floor(rnd() * 3), update: u })
      if (rnd() < 0.25) dependents.push({ conn: Math.floor(rnd() * 3), update: u })
    })
    const last = shuffle(roots.flatMap((i) => [{ conn: Math.floor(rnd() * 3), update: updates[i] }, { conn: Math.floor(rnd() * 3), update: updates[i] }]), rnd)
    const r = `delivery-${seed}-${process.pid}`
    const conns = await connectAll(r, 3)
    await deliver(conns, shuffle(dependents, rnd))
    await sleep(400) // let the dependents arrive first: the room can integrate almost none of them yet
    await deliver(conns, last)
    await assertAllConverge(conns, reference, ROOTS, `seed ${seed}`)
    await lateJoinerMatches(r, reference, ROOTS, `seed ${seed}`)
    for (const c of conns) await c.close()
  }
})

test('the fan-out hole: a connection whose message completes another\'s pending update still gets that update', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { updates, roots } = generateSession(99, 80)
  const reference = docFrom(updates)
  const rootSet = new Set(roots)
  const r = `fanout-${process.pid}`
  const conns = await connectAll(r, 3)
  // connection 0 sends everything that depends on the writers' first updates (twice, reversed
  // order the second time); connection 1 then sends only those first updates; connection 2 listens
  const dependents = updates.filter((_, i) => !rootSet.has(i))
  await deliver(conns, [...dependents, ...dependents.slice().reverse()].map((update) => ({ conn: 0, update })))
  await sleep(400)
  await deliver(conns, roots.map((i) => ({ conn: 1, update: updates[i] })))
  await assertAllConverge(conns, reference, ROOTS, 'fan-out')
  await lateJoinerMatches(r, reference, ROOTS, 'fan-out')
  // and a stock provider joining later agrees too
  const p = provider(server, r)
  await waitSynced(p)
  await waitFor(() => isDeepStrictEqual(rootsSnapshot(p.doc, ROOTS), rootsSnapshot(reference, ROOTS)), { what: 'provider to get the reference content' })
  destroyProvider(p)
  for (const c of conns) await c.close()
})

test('a late joiner also gets updates whose dependencies never arrived (they complete once it has the missing piece)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { updates, roots } = generateSession(77, 80)
  const reference = docFrom(updates)
  const withheld = roots[roots.length - 1] // one writer's first update never reaches the server
  const r = `pending-${process.pid}`
  const conns = await connectAll(r, 1)
  await deliver(conns, updates.filter((_, i) => i !== withheld).map((update) => ({ conn: 0, update })))
  await sleep(400)
  const late = new RawClient(roomUrl(server, r))
  await late.opened
  late.send(encodeSyncStep1FromSV(Y.encodeStateVector(new Y.Doc())))
  const step2 = await late.nextFrame((f) => f.type === MSG_SYNC && f.syncType === 1, { what: 'late joiner step 2' })
  const withoutMissing = docFrom([step2.data])
  assert.notDeepEqual(svMap(withoutMissing), svMap(reference), 'the room cannot be complete without the withheld update')
  const completed = docFrom([step2.data, updates[withheld]])
  assert.deepEqual(rootsSnapshot(completed, ROOTS), rootsSnapshot(reference, ROOTS), 'step 2 + the withheld update = everything')
  assert.deepEqual(svMap(completed), svMap(reference))
  // and once the missing piece reaches the room, everyone converges
  conns[0].sent.push(updates[withheld])
  conns[0].send(encodeUpdateMessage(updates[withheld]))
  late.sent = [step2.data]
  await assertAllConverge([conns[0], late], reference, ROOTS, 'after the withheld update arrived')
  await late.close()
  await conns[0].close()
})

test('shared random-fuzz sessions (delivery order with duplicates) over three connections converge', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const file = path.join(SHARED_DIR, 'vectors', 'random-fuzz.json')
  if (!fs.existsSync(file)) {
    t.skip(`no ${file}`)
    return
  }
  const { sessions } = JSON.parse(fs.readFileSync(file, 'utf8'))
  assert.ok(sessions.length > 0)
  let n = 0
  for (const s of sessions) {
    const updates = s.updates.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')))
    const reference = docFrom(updates)
    assert.deepEqual(svMap(reference), s.expected.stateVectorMap, `session ${s.seed}: reference doc matches the vector`)
    const r = `fuzz-${s.seed}-${process.pid}`
    const conns = await connectAll(r, 3)
    // the session's own delivery order, spread round-robin over the three connections
    await deliver(conns, updates.map((update, i) => ({ conn: i % 3, update })))
    await assertAllConverge(conns, reference, s.roots, `session ${s.seed}`)
    await lateJoinerMatches(r, reference, s.roots, `session ${s.seed}`)
    for (const c of conns) await c.close()
    n++
  }
  assert.equal(n, sessions.length)
})
