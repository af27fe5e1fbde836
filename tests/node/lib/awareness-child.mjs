// A separate process holding a stock WebsocketProvider with an awareness state; the parent test
// kills it with SIGKILL (no close frame, no awareness removal from the client itself).
// Usage: node awareness-child.mjs <wsBase> <room> <name>
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [wsBase, room, name] = process.argv.slice(2)
const doc = new Y.Doc()
const provider = new WebsocketProvider(wsBase, room, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
provider.awareness.setLocalState({ user: { name }, pid: process.pid })
provider.on('sync', (synced) => {
  if (synced) {
    doc.getMap('map').set(name, 'was here')
    process.stdout.write(JSON.stringify({ clientID: doc.clientID }) + '\n')
  }
})
