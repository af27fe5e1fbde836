// Document sync through the server with stock y-websocket providers: convergence, late joiners,
// offline edits, a big document, many rooms at once.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import {
  provider, waitSynced, destroyProvider, destroyAllProviders, waitConverged, waitFor, snapshot,
  stateVector, sleep, short, syncStatus, TEST_TIMEOUT_MS, WAIT_MS, prng
} from '../lib/clients.mjs'

let server
before(async () => { server = await startServer({ name: 'sync' }) })
after(async () => {
  destroyAllProviders()
  if (server) await server.stop()
})

let roomSeq = 0
const room = (name) => `${name}-${process.pid}-${++roomSeq}`

test('two providers converge on text, map and array (concurrent and live edits)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('converge')
  const a = provider(server, r)
  const b = provider(server, r)
  // concurrent edits made before either side has synced
  a.doc.getText('text').insert(0, 'Hello from A. ')
  a.doc.getMap('map').set('a', 1)
  a.doc.getMap('map').set('conflict', 'A')
  a.doc.getArray('array').push(['a1', { nested: [1, 2, 3] }])
  b.doc.getText('text').insert(0, 'Hello from B 😀. ')
  b.doc.getMap('map').set('b', { deep: { x: true, y: null } })
  b.doc.getMap('map').set('conflict', 'B')
  b.doc.getArray('array').push([42, 'b1'])
  await Promise.all([waitSynced(a), waitSynced(b)])
  await waitConverged([a.doc, b.doc], { what: 'A and B to converge after the initial sync' })

  const s = snapshot(a.doc)
  assert.ok(s.text.includes('Hello from A. ') && s.text.includes('Hello from B 😀. '), `text has both inserts: ${s.text}`)
  assert.equal(s.text.length, 'Hello from A. '.length + 'Hello from B 😀. '.length)
  assert.equal(s.map.a, 1)
  assert.deepEqual(s.map.b, { deep: { x: true, y: null } })
  // same-key concurrent writes: the higher client id wins (Yjs rule); both sides agree
  assert.equal(s.map.conflict, a.doc.clientID > b.doc.clientID ? 'A' : 'B')
  assert.equal(s.array.length, 4)
  assert.deepEqual([...s.array].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    [42, 'a1', 'b1', { nested: [1, 2, 3] }].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))))

  // live edits after the sync: typing, deletions, map overwrite and delete, array insert/delete
  const rnd = prng(7)
  for (let i = 0; i < 60; i++) {
    const side = i % 2 === 0 ? a : b
    const t = side.doc.getText('text')
    if (rnd() < 0.7 || t.length === 0) t.insert(Math.floor(rnd() * (t.length + 1)), String.fromCharCode(97 + (i % 26)))
    else t.delete(Math.floor(rnd() * t.length), 1)
    if (i % 10 === 0) await sleep(5)
  }
  a.doc.getMap('map').delete('a')
  b.doc.getMap('map').set('counter', 60)
  a.doc.getArray('array').delete(0, 1)
  b.doc.getArray('array').insert(0, ['first'])
  await waitConverged([a.doc, b.doc], { what: 'A and B to converge after live edits' })
  const s2 = snapshot(b.doc)
  assert.equal(s2.map.a, undefined)
  assert.equal(s2.map.counter, 60)
  assert.equal(s2.array[0], 'first')
  assert.equal(s2.array.length, 4)
  assert.notEqual(s2.text, s.text)
  destroyProvider(a)
  destroyProvider(b)
})

test('five providers editing at the same time converge (no waits between edits)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('burst')
  const ps = Array.from({ length: 5 }, () => provider(server, r))
  await Promise.all(ps.map((p) => waitSynced(p)))
  const rnd = prng(13)
  let inserted = 0
  for (let round = 0; round < 40; round++) {
    for (const [k, p] of ps.entries()) {
      const t = p.doc.getText('text')
      t.insert(Math.floor(rnd() * (t.length + 1)), `${k}`)
      inserted++
      if (round % 4 === 0) p.doc.getMap('map').set(`p${k}`, round)
      if (round % 5 === 0) p.doc.getArray('array').insert(0, [`${k}:${round}`])
    }
    if (round % 10 === 9) await sleep(1)
  }
  await waitConverged(ps.map((p) => p.doc), { what: 'five providers to converge after a burst of edits' })
  const s = snapshot(ps[0].doc)
  assert.equal(s.text.length, inserted, 'every inserted character is there exactly once')
  for (let k = 0; k < 5; k++) {
    assert.equal([...s.text].filter((c) => c === `${k}`).length, 40, `provider ${k}'s 40 characters`)
    assert.equal(s.map[`p${k}`], 36)
  }
  assert.equal(s.array.length, 5 * 8)
  for (const p of ps) destroyProvider(p)
})

test('a late joiner gets the full state, also after every writer has left (before eviction)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('late')
  const a = provider(server, r)
  const b = provider(server, r)
  await Promise.all([waitSynced(a), waitSynced(b)])
  a.doc.getText('text').insert(0, 'written by A')
  b.doc.getMap('map').set('by', 'B')
  b.doc.getArray('array').push([1, 2, 3])
  await waitFor(() => b.doc.getText('text').length > 0, { what: 'B to receive A\'s text' })
  a.doc.getText('text').insert(0, '[prefix] ')
  b.doc.getText('text').delete(0, 1) // races with A's concurrent prefix insert; all must agree
  await waitConverged([a.doc, b.doc])
  const expected = snapshot(a.doc)
  const expectedSv = stateVector(a.doc)
  assert.ok(expected.text.includes('ritten by A'), expected.text)

  // 1) late joiner while the writers are still connected
  const c = provider(server, r)
  await waitSynced(c)
  await waitFor(() => JSON.stringify(snapshot(c.doc)) === JSON.stringify(expected), {
    what: 'late joiner C to have the full state', describe: () => short(snapshot(c.doc))
  })
  assert.deepEqual(stateVector(c.doc), expectedSv)

  // 2) every client leaves; a new joiner still gets everything (room not evicted yet: default 60 s)
  destroyProvider(a)
  destroyProvider(b)
  destroyProvider(c)
  // the server has seen all three closes: nobody is connected any more
  await waitFor(async () => (await syncStatus(server)).connections === 0, { what: 'GET / to report 0 connections' })
  const d = provider(server, r)
  await waitSynced(d)
  await waitFor(() => JSON.stringify(snapshot(d.doc)) === JSON.stringify(expected), {
    what: 'joiner D (after all writers left) to have the full state', describe: () => short(snapshot(d.doc))
  })
  assert.deepEqual(snapshot(d.doc), expected)
  assert.deepEqual(stateVector(d.doc), expectedSv)
  destroyProvider(d)
})

test('an offline client\'s edits merge on reconnect', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = room('offline')
  const a = provider(server, r)
  const b = provider(server, r)
  await Promise.all([waitSynced(a), waitSynced(b)])
  a.doc.getText('text').insert(0, 'base text')
  a.doc.getArray('array').push(['base'])
  await waitConverged([a.doc, b.doc])

  a.disconnect()
  await waitFor(() => !a.wsconnected && a.ws === null, { what: 'A to be disconnected' })
  // edits on both sides while A is offline
  a.doc.getText('text').insert(0, 'A-offline: ')
  a.doc.getMap('map').set('fromA', 'offline edit')
  a.doc.getMap('map').set('both', 'A')
  a.doc.getArray('array').push(['A1', 'A2'])
  b.doc.getText('text').insert(b.doc.getText('text').length, ' :B-online')
  b.doc.getMap('map').set('fromB', 'online edit')
  b.doc.getMap('map').set('both', 'B')
  b.doc.getArray('array').insert(0, ['B0'])
  // a third client joining meanwhile sees B's edits but not A's
  const c = provider(server, r)
  await waitSynced(c)
  await waitFor(() => c.doc.getMap('map').get('fromB') === 'online edit', { what: 'C to see B\'s online edit' })
  assert.ok(!a.doc.getText('text').toString().includes('B-online'), 'A must not have received anything while offline')
  assert.equal(c.doc.getMap('map').get('fromA'), undefined, 'the server cannot know A\'s offline edits yet')

  a.connect()
  await waitSynced(a)
  await waitConverged([a.doc, b.doc, c.doc], { what: 'A, B and C to converge after A reconnects' })
  const s = snapshot(c.doc)
  assert.equal(s.text, 'A-offline: base text :B-online')
  assert.equal(s.map.fromA, 'offline edit')
  assert.equal(s.map.fromB, 'online edit')
  assert.equal(s.map.both, a.doc.clientID > b.doc.clientID ? 'A' : 'B')
  assert.deepEqual(s.array, ['B0', 'base', 'A1', 'A2'])
  destroyProvider(a)
  destroyProvider(b)
  destroyProvider(c)
})

test('a 5 MB document reaches a late joiner', { timeout: Math.max(TEST_TIMEOUT_MS, 120000) }, async () => {
  const r = room('big')
  const a = provider(server, r)
  await waitSynced(a)
  const rnd = prng(5)
  const chunk = (n, tag) => {
    let s = `<${tag}>`
    const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;é€😀\n'
    const chars = [...alphabet]
    while (s.length < n) s += chars[Math.floor(rnd() * chars.length)]
    return s + `</${tag}>`
  }
  const text = a.doc.getText('text')
  // five big inserts at different positions (end, start, middle): ~5 MB of UTF-8 in total
  text.insert(0, chunk(1_000_000, 'one'))
  text.insert(text.length, chunk(1_000_000, 'two'))
  text.insert(0, chunk(1_000_000, 'three'))
  text.insert(Math.floor(text.length / 2), chunk(1_000_000, 'four'))
  text.insert(text.length, chunk(1_000_000, 'five'))
  a.doc.getMap('map').set('size', text.length)
  const expected = text.toString()
  const utf8Bytes = Buffer.byteLength(expected, 'utf8')
  assert.ok(utf8Bytes >= 5_000_000, `document is ${utf8Bytes} bytes`)

  const c = provider(server, r)
  await waitSynced(c, Math.max(WAIT_MS, 60000))
  await waitFor(() => c.doc.getText('text').length === expected.length, {
    timeout: Math.max(WAIT_MS, 60000),
    what: 'the late joiner to receive the 5 MB text',
    describe: () => `joiner has ${c.doc.getText('text').length} of ${expected.length} UTF-16 units`
  })
  assert.ok(c.doc.getText('text').toString() === expected, 'joiner text equals the writer text')
  assert.equal(c.doc.getMap('map').get('size'), expected.length)
  assert.deepEqual(stateVector(c.doc), stateVector(a.doc))

  // and after the writer has gone
  destroyProvider(a)
  destroyProvider(c)
  await waitFor(async () => (await syncStatus(server)).connections === 0, { what: 'GET / to report 0 connections' })
  const d = provider(server, r)
  await waitSynced(d, Math.max(WAIT_MS, 60000))
  await waitFor(() => d.doc.getText('text').length === expected.length, {
    timeout: Math.max(WAIT_MS, 60000), what: 'a joiner after the writer left to receive the 5 MB text'
  })
  assert.ok(d.doc.getText('text').toString() === expected)
  destroyProvider(d)
})

test('200 rooms at once (2 providers each) converge, with no cross-room leaks', { timeout: Math.max(TEST_TIMEOUT_MS, 120000) }, async () => {
  const N = Number(process.env.EPICENTER_TEST_ROOMS ?? 200)
  const prefix = room('many')
  const pairs = []
  for (let i = 0; i < N; i++) {
    const r = `${prefix}-${i}`
    pairs.push({ i, a: provider(server, r), b: provider(server, r) })
  }
  const long = Math.max(WAIT_MS, 60000)
  await waitFor(() => pairs.every(({ a, b }) => a.synced && b.synced), {
    timeout: long,
    what: `all ${2 * N} providers to sync`,
    describe: () => `${pairs.filter(({ a, b }) => a.synced && b.synced).length}/${N} rooms synced`
  })
  for (const { i, a, b } of pairs) {
    a.doc.getText('text').insert(0, `room ${i} text`)
    b.doc.getMap('map').set('room', i)
    b.doc.getArray('array').push([`b${i}`])
  }
  await waitFor(() => pairs.every(({ i, a, b }) =>
    a.doc.getMap('map').get('room') === i && b.doc.getText('text').toString() === `room ${i} text`), {
    timeout: long,
    what: `all ${N} rooms to converge`,
    describe: () => {
      const bad = pairs.filter(({ i, a, b }) => !(a.doc.getMap('map').get('room') === i && b.doc.getText('text').toString() === `room ${i} text`))
      return `${bad.length} rooms not converged, e.g. ${bad.slice(0, 3).map(({ i, a, b }) => `#${i}: A=${short(snapshot(a.doc))} B=${short(snapshot(b.doc))}`).join('; ')}`
    }
  })
  for (const { i, a, b } of pairs) {
    const expected = { text: `room ${i} text`, map: { room: i }, array: [`b${i}`] }
    assert.deepEqual(snapshot(a.doc), expected, `room ${i}, provider A`)
    assert.deepEqual(snapshot(b.doc), expected, `room ${i}, provider B`)
  }
  for (const { a, b } of pairs) {
    destroyProvider(a)
    destroyProvider(b)
  }
})
