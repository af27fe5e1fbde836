// Message type 102 (sync status, y-sweet's extension): `varUint(102) varUint8Array(payload)`.
// The server echoes the frame with the exact payload, only to its sender, and only once the
// sender's earlier updates have been applied: a joiner connecting right after the echo sees them.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { startServer } from '../lib/server.mjs'
import {
  Y, RawClient, roomUrl, encodeUpdateMessage, encodeSyncStep1FromSV, encodeSyncStatus, waitFor, sleep,
  destroyAllRaw, MSG_SYNC, MSG_SYNC_STATUS, TEST_TIMEOUT_MS
} from '../lib/clients.mjs'

let server
before(async () => { server = await startServer({ name: 'sync-status' }) })
after(async () => {
  destroyAllRaw()
  if (server) await server.stop()
})

async function joined (r) {
  const c = new RawClient(roomUrl(server, r))
  await c.opened
  c.send(encodeSyncStep1FromSV(Y.encodeStateVector(new Y.Doc())))
  await c.nextFrame((f) => f.type === MSG_SYNC && f.syncType === 1, { what: 'step 2 for a joiner' })
  return c
}

test('102 is echoed with its exact payload, to the sender only, after the sender\'s earlier updates', { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const r = `status-${process.pid}`
  const sender = await joined(r)
  const other = await joined(r)
  const doc = new Y.Doc()
  const pendingUpdates = []
  doc.on('update', (u) => pendingUpdates.push(u))
  const text = doc.getText('text')
  const payloads = [
    Uint8Array.of(1),
    Uint8Array.of(0, 255, 102, 0, 3),
    new Uint8Array(randomBytes(200)), // two-byte length prefix
    new Uint8Array(randomBytes(3000))
  ]
  const sizes = [10, 100_000, 1_500_000, 50]
  for (let k = 0; k < payloads.length; k++) {
    // an update (several for the bigger rounds), then the status request
    text.insert(text.length, `<round ${k}>` + 'x'.repeat(sizes[k]))
    doc.getMap('map').set('round', k)
    const from = sender.frames.length
    for (const u of pendingUpdates.splice(0)) sender.send(encodeUpdateMessage(u))
    const frame = encodeSyncStatus(payloads[k])
    sender.send(frame)
    const echo = await sender.nextFrame((f) => f.type === MSG_SYNC_STATUS, { from, what: `the echo of 102 #${k}` })
    // informational only: the other connection is a different TCP stream, so no order is promised
    t.diagnostic(`round ${k}: other connection already had the update when the echo arrived: ${other.receivedDoc().getMap('map').get('round') === k}`)
    // right after the echo, a joiner must already see everything sent before the 102
    const late = new RawClient(roomUrl(server, r))
    await late.opened
    late.send(encodeSyncStep1FromSV(Y.encodeStateVector(new Y.Doc())))
    const step2 = await late.nextFrame((f) => f.type === MSG_SYNC && f.syncType === 1, { what: 'late joiner step 2' })
    const seen = new Y.Doc()
    Y.applyUpdate(seen, step2.data)
    assert.equal(seen.getMap('map').get('round'), k, `round ${k}: the joiner right after the echo sees the update sent before the 102`)
    assert.equal(seen.getText('text').length, text.length)
    assert.ok(seen.getText('text').toString() === text.toString())
    await late.close()
    assert.equal(late.framesOfType(MSG_SYNC_STATUS).length, 0, 'a joiner never gets 102')

    assert.deepEqual(echo.payload, payloads[k], `round ${k}: payload echoed byte for byte`)
    assert.deepEqual(echo.bytes, frame, `round ${k}: the echo frame equals the sent frame`)
    assert.equal(sender.framesOfType(MSG_SYNC_STATUS).length, k + 1, 'exactly one echo per 102, in order')
  }
  // the other connection gets the updates, never the 102s
  await waitFor(() => {
    const d = other.receivedDoc()
    return d.getMap('map').get('round') === payloads.length - 1 && d.getText('text').length === text.length
  }, { what: 'the other connection to receive all updates' })
  await sleep(300)
  assert.equal(other.framesOfType(MSG_SYNC_STATUS).length, 0, 'the other connection never receives a 102')
  assert.equal(sender.framesOfType(MSG_SYNC_STATUS).length, payloads.length)
  assert.equal(sender.closeEvent, null, 'the sender is still connected')
  await sender.close()
  await other.close()
})

test('102 sent before anything else (fresh room) is echoed too, and 102s from two senders stay separate', { timeout: TEST_TIMEOUT_MS }, async () => {
  const r = `status2-${process.pid}`
  const a = new RawClient(roomUrl(server, r))
  const b = new RawClient(roomUrl(server, r))
  await Promise.all([a.opened, b.opened])
  const pa = Uint8Array.of(7, 7, 7)
  const pb = Uint8Array.of(9)
  a.send(encodeSyncStatus(pa))
  b.send(encodeSyncStatus(pb))
  const ea = await a.nextFrame((f) => f.type === MSG_SYNC_STATUS, { what: 'A\'s echo' })
  const eb = await b.nextFrame((f) => f.type === MSG_SYNC_STATUS, { what: 'B\'s echo' })
  assert.deepEqual(ea.payload, pa)
  assert.deepEqual(eb.payload, pb)
  await sleep(300)
  assert.equal(a.framesOfType(MSG_SYNC_STATUS).length, 1)
  assert.equal(b.framesOfType(MSG_SYNC_STATUS).length, 1)
  await a.close()
  await b.close()
})
