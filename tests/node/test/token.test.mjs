// Shared-token auth (`serve --token s3cret`): a connection without the exact token is closed with
// 4401 before it sees any room data; the right token (?token= or Authorization: Bearer) syncs.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer } from '../lib/server.mjs'
import {
  RawClient, roomUrl, provider, waitSynced, destroyProvider, destroyAllProviders, destroyAllRaw,
  waitConverged, waitFor, snapshot, MSG_SYNC, MSG_AWARENESS, TEST_TIMEOUT_MS
} from '../lib/clients.mjs'

const TOKEN = 's3cret'
let server
before(async () => { server = await startServer({ name: 'token', token: TOKEN }) })
after(async () => {
  destroyAllProviders()
  destroyAllRaw()
  if (server) await server.stop()
})

const ROOM = `secret-room-${process.pid}`

/** Connects and waits for the outcome; returns the RawClient. */
async function attempt (query, headers) {
  const c = new RawClient(roomUrl(server, ROOM, query), { headers })
  await Promise.race([c.closed, c.opened.then(() => waitFor(() => c.closeEvent || c.frames.length > 0, { what: 'a frame or a close' }))])
  if (!c.closeEvent) {
    // opened and got something; give a rejecting server a moment to close
    await Promise.race([c.closed, new Promise((resolve) => setTimeout(resolve, 300))])
  }
  return c
}

test('the room holds data written with the right token', { timeout: TEST_TIMEOUT_MS }, async () => {
  const a = provider(server, ROOM, { params: { token: TOKEN }, awarenessState: { user: 'insider' } })
  const b = provider(server, ROOM, { params: { token: TOKEN } })
  await Promise.all([waitSynced(a), waitSynced(b)])
  a.doc.getText('text').insert(0, 'top secret')
  b.doc.getMap('map').set('k', 'v')
  await waitConverged([a.doc, b.doc])
  assert.deepEqual(snapshot(b.doc), { text: 'top secret', map: { k: 'v' }, array: [] })
  // keep A connected (its awareness state is live in the room) for the rejection tests below
})

const rejected = [
  ['no token', '', undefined],
  ['empty token', '?token=', undefined],
  ['wrong token', '?token=wrong', undefined],
  ['prefix of the token', '?token=s3cre', undefined],
  ['token with a suffix', '?token=s3cret0', undefined],
  ['token in another case', '?token=S3CRET', undefined],
  ['token with trailing space', '?token=s3cret%20', undefined],
  ['wrong bearer header', '', { Authorization: 'Bearer wrong' }],
  ['bearer prefix', '', { Authorization: 'Bearer s3cre' }]
]
for (const [name, query, headers] of rejected) {
  test(`token: ${name} → close 4401 without any room data`, { timeout: TEST_TIMEOUT_MS }, async () => {
    const c = await attempt(query, headers)
    assert.ok(c.closeEvent, 'the connection was closed')
    assert.equal(c.closeEvent.code, 4401, `close code (got ${JSON.stringify(c.closeEvent)}${c.unexpectedResponse ? `, HTTP ${c.unexpectedResponse.status}` : ''})`)
    assert.equal(c.framesOfType(MSG_SYNC).length, 0, 'no sync frame before the close')
    assert.equal(c.framesOfType(MSG_AWARENESS).length, 0, 'no awareness frame before the close')
  })
}

test('token: the right ?token= syncs (raw step 2 has the room content)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const c = await attempt(`?token=${TOKEN}`)
  assert.equal(c.closeEvent, null, `not closed (${JSON.stringify(c.closeEvent)})`)
  await c.nextFrame((f) => f.type === MSG_SYNC && f.syncType === 0, { what: 'server step 1' })
  c.send(Uint8Array.of(0, 0, 1, 0)) // empty step 1
  await waitFor(() => c.receivedDoc().getText('text').toString() === 'top secret', { what: 'the room content' })
  await c.close()
})

test('token: the right Authorization: Bearer header syncs', { timeout: TEST_TIMEOUT_MS }, async () => {
  const c = await attempt('', { Authorization: `Bearer ${TOKEN}` })
  assert.equal(c.closeEvent, null, `not closed (${JSON.stringify(c.closeEvent)})`)
  c.send(Uint8Array.of(0, 0, 1, 0))
  await waitFor(() => c.receivedDoc().getMap('map').get('k') === 'v', { what: 'the room content' })
  await c.close()
})

test('token: a stock provider with a wrong token is refused with 4401 and stops reconnecting', { timeout: TEST_TIMEOUT_MS }, async () => {
  const p = provider(server, ROOM, { params: { token: 'nope' } })
  const closed = await new Promise((resolve) => p.on('closed', (ev) => resolve(ev)))
  assert.equal(closed.code, 4401)
  assert.equal(p.synced, false)
  assert.equal(p.doc.getText('text').toString(), '', 'no room data reached the refused provider')
  await new Promise((resolve) => setTimeout(resolve, 700))
  assert.equal(p.shouldConnect, false)
  destroyProvider(p)
})
