// B4 with yjs: the automerge-paper trace as local edits (one transaction per patch), encodeStateAsUpdate,
// applying the encoded state to an empty doc, and the heap used by the loaded doc.
// Run: cd bench/yjs-node && npm ci && node --expose-gc b4.mjs [rounds]
import * as Y from 'yjs'
import { readFileSync, existsSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const here = dirname(fileURLToPath(import.meta.url))
const shared = process.env.EPICENTER_SHARED || [join(here, '../../../shared'), '/work/shared'].find(p => existsSync(p))
const trace = JSON.parse(gunzipSync(readFileSync(join(shared, 'traces/automerge-paper.json.gz'))).toString())
const rounds = Number(process.argv[2] || 5)

const replay = () => {
  const doc = new Y.Doc()
  doc.clientID = 1
  const text = doc.getText('text')
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del > 0) text.delete(pos, del)
        if (ins.length > 0) text.insert(pos, ins)
      }
    })
  }
  return doc
}

const time = (name, f) => {
  const ms = []
  let r
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now()
    r = f()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  console.log(`${name}: median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, min ${ms[0].toFixed(1)} ms (${rounds} rounds)`)
  return r
}

const doc = time('b4 local edits', replay)
if (doc.getText('text').toString() !== trace.endContent) throw new Error('replay mismatch')
const enc = time('b4 encodeStateAsUpdate (of a loaded doc)', () => {
  const d = new Y.Doc(); Y.applyUpdate(d, Y.encodeStateAsUpdate(doc)); return Y.encodeStateAsUpdate(d)
})
console.log(`update ${enc.length} bytes`)
time('b4 encodeStateAsUpdate only', () => Y.encodeStateAsUpdate(doc))
time('b4 apply encoded to empty doc', () => { const d = new Y.Doc(); Y.applyUpdate(d, enc); return d })
const heap = () => { for (let i = 0; i < 4; i++) global.gc(); return process.memoryUsage().heapUsed }
const base = heap()
const loaded = new Y.Doc(); Y.applyUpdate(loaded, enc)
const withDoc = heap()
console.log(`heap of loaded doc: ${((withDoc - base) / 1e6).toFixed(2)} MB`)
const replayed = replay()
const withBoth = heap()
console.log(`heap of locally replayed doc: ${((withBoth - withDoc) / 1e6).toFixed(2)} MB`)
if (loaded.getText('text').length + replayed.getText('text').length < 0) console.log()
