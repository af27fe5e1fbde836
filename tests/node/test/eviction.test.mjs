// Room eviction with a short configured delay (plugins.sync.eviction-delay: PT1S): after every
// client has left and the delay has passed, GET / shows the room gone (stored first: it comes back
// with its state); a reconnect within the delay revives the same room; a connected room is never evicted.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import {
  provider, waitSynced, destroyProvider, destroyAllProviders, waitConverged, waitFor, sleep, snapshot,
  syncStatus, TEST_TIMEOUT_MS
} from '../lib/clients.mjs'

const DELAY_MS = 1000
let server
before(async () => {
  server = await startServer({ name: 'eviction', config: { plugins: { sync: { 'eviction-delay': 'PT1S' } } } })
})
after(async () => {
  destroyAllProviders()
  if (server) await server.stop()
})

async function counts () {
  const s = await syncStatus(server)
  assert.equal(typeof s.rooms, 'number', `plugins.sync.rooms is a number: ${JSON.stringify(s)}`)
  assert.equal(typeof s.connections, 'number', `plugins.sync.connections is a number: ${JSON.stringify(s)}`)
  return s
}

test('GET / reports rooms and connections; a room is evicted after the delay once everyone left', { timeout: TEST_TIMEOUT_MS }, async () => {
  const before0 = await counts()
  assert.equal(before0.rooms, 0, `fresh server has no rooms: ${JSON.stringify(before0)}`)
  assert.equal(before0.connections, 0)

  const a = provider(server, 'evict-me')
  const b = provider(server, 'evict-me')
  await Promise.all([waitSynced(a), waitSynced(b)])
  a.doc.getText('text').insert(0, 'short-lived')
  await waitConverged([a.doc, b.doc])
  const during = await counts()
  assert.equal(during.rooms, 1, `one room while connected: ${JSON.stringify(during)}`)
  assert.equal(during.connections, 2, `two connections: ${JSON.stringify(during)}`)

  // stays while connected, even well past the eviction delay
  await sleep(DELAY_MS * 2.5)
  assert.equal((await counts()).rooms, 1, 'a room with connections is not evicted')
  assert.equal(b.doc.getText('text').toString(), 'short-lived')

  destroyProvider(a)
  destroyProvider(b)
  const zeroAt = await waitFor(async () => (await counts()).connections === 0 && Date.now(), { what: 'connections to drop to 0' })
  const stillThere = await counts()
  if (Date.now() - zeroAt < DELAY_MS / 2) {
    assert.equal(stillThere.rooms, 1, `the room is still loaded (draining) right after the last close: ${JSON.stringify(stillThere)}`)
  }
  const evictedAt = await waitFor(async () => (await counts()).rooms === 0 && Date.now(), {
    timeout: DELAY_MS + 10000, what: 'the room to be evicted after the delay'
  })
  const waited = evictedAt - zeroAt
  assert.ok(waited >= DELAY_MS / 2, `evicted ${waited} ms after the last connection left; the delay is ${DELAY_MS} ms`)

  // the default store (sqlite, in the server's working directory) kept it: the room loads again with its state
  const c = provider(server, 'evict-me')
  await waitSynced(c)
  await waitFor(() => c.doc.getText('text').length > 0, { what: 'the evicted room to come back from storage' })
  assert.deepEqual(snapshot(c.doc), { text: 'short-lived', map: {}, array: [] }, 'an evicted room comes back from storage')
  assert.equal((await counts()).rooms, 1)
  destroyProvider(c)
  await waitFor(async () => (await counts()).rooms === 0, { timeout: DELAY_MS + 10000, what: 'the new room to be evicted too' })
})

test('a reconnect during the eviction delay keeps the room and its state', { timeout: TEST_TIMEOUT_MS }, async () => {
  const room = 'come-back'
  const a = provider(server, room)
  await waitSynced(a)
  a.doc.getText('text').insert(0, 'kept across a quick reconnect')
  a.doc.getMap('map').set('n', 42)
  const b = provider(server, room)
  await waitSynced(b)
  await waitConverged([a.doc, b.doc])
  const expected = snapshot(a.doc)
  destroyProvider(a)
  destroyProvider(b)
  await waitFor(async () => (await counts()).connections === 0, { what: 'everyone to have left' })

  // come back well within the delay
  await sleep(DELAY_MS / 4)
  const c = provider(server, room)
  await waitSynced(c)
  await waitFor(() => c.doc.getText('text').length > 0, { what: 'the returning client to get the state' })
  assert.deepEqual(snapshot(c.doc), expected)
  // the revived room is not evicted by the earlier countdown
  const until = Date.now() + DELAY_MS * 2.5
  while (Date.now() < until) {
    const s = await counts()
    assert.equal(s.rooms, 1, `room stays while the returning client is connected: ${JSON.stringify(s)}`)
    await sleep(100)
  }
  const d = provider(server, room)
  await waitSynced(d)
  await waitFor(() => d.doc.getMap('map').get('n') === 42, { what: 'a second joiner to get the state' })
  assert.deepEqual(snapshot(d.doc), expected)
  destroyProvider(c)
  destroyProvider(d)
  await waitFor(async () => (await counts()).rooms === 0, { timeout: DELAY_MS + 10000, what: 'eviction after the last one left' })
})
