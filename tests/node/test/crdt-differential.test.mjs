// Differential test of the Java document model (crdt/) against real yjs 13.6: random local edits made in
// Java are applied in yjs, and random edits made in yjs are applied in Java; JSON and state vectors must
// agree. Needs the compiled crdt classes (./mvnw -pl crdt test-compile); EPICENTER_ROOT = repository root.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import * as Y from 'yjs'

const root = process.env.EPICENTER_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const classes = join(root, 'crdt/target/classes')
const testClasses = join(root, 'crdt/target/test-classes')
const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java'
const ready = existsSync(join(testClasses, 'io/epicenter/crdt/doc/DiffCli.class'))

const startCli = () => {
  const proc = spawn(java, ['-cp', `${classes}:${testClasses}`, 'io.epicenter.crdt.doc.DiffCli'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout })
  const waiting = []
  lines.on('line', l => waiting.shift()(JSON.parse(l)))
  return {
    ask: cmd => new Promise(resolve => { waiting.push(resolve); proc.stdin.write(cmd + '\n') }),
    close: () => proc.stdin.end()
  }
}

const stateOf = doc => ({
  json: { t: doc.getText('t').toDelta(), m: doc.getMap('m').toJSON(), a: doc.getArray('a').toJSON() },
  sv: Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc))].map(([c, k]) => [String(c), k]))
})

const rand = seed => () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff }

const yjsEdit = (doc, r) => {
  const t = doc.getText('t'); const m = doc.getMap('m'); const a = doc.getArray('a')
  const op = Math.floor(r() * 9)
  const s = 'abcdefghé'.slice(Math.floor(r() * 5), 6)
  if (op <= 2) t.insert(Math.floor(r() * (t.length + 1)), s)
  else if (op === 3 && t.length > 0) { const i = Math.floor(r() * t.length); t.delete(i, Math.min(2, t.length - i)) }
  else if (op === 4) m.set('k' + Math.floor(r() * 4), r() < 0.5 ? Math.floor(r() * 100) : { x: [1, 'y'] })
  else if (op === 5) m.delete('k' + Math.floor(r() * 4))
  else if (op === 6) a.insert(Math.floor(r() * (a.length + 1)), [Math.floor(r() * 9), 'v'])
  else if (op === 7 && a.length > 0) a.delete(Math.floor(r() * a.length), 1)
  else if (op === 8 && t.length > 0) { const i = Math.floor(r() * t.length); t.format(i, Math.min(3, t.length - i), { bold: r() < 0.7 ? true : null }) }
}

test('Java edits apply in yjs and yjs edits apply in Java', { skip: !ready && 'crdt test classes not compiled' }, async () => {
  const cli = startCli()
  try {
    for (let seed = 1; seed <= 25; seed++) {
      // Java → yjs
      const res = await cli.ask(`edits ${seed} 80`)
      assert.equal(res.error, undefined, res.error)
      assert.equal(res.converged, true)
      const doc = new Y.Doc()
      for (const u of res.updates) Y.applyUpdate(doc, Buffer.from(u, 'base64'))
      const s = stateOf(doc)
      assert.deepEqual(s.json, res.json, `seed ${seed}: JSON Java→yjs`)
      assert.deepEqual(s.sv, res.sv, `seed ${seed}: state vector Java→yjs`)
      // yjs → Java: two yjs peers with partial syncs
      const r = rand(seed)
      const a = new Y.Doc(); a.clientID = 100 + seed
      const b = new Y.Doc(); b.clientID = 200 + seed
      const all = []
      a.on('update', u => all.push(u)); b.on('update', u => all.push(u))
      for (let i = 0; i < 60; i++) {
        yjsEdit(r() < 0.5 ? a : b, r)
        if (r() < 0.25) { Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))); Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))) }
      }
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
      const back = await cli.ask('apply ' + all.map(u => Buffer.from(u).toString('base64')).join(' '))
      assert.equal(back.error, undefined, back.error)
      const expected = stateOf(a)
      assert.deepEqual(back.json, expected.json, `seed ${seed}: JSON yjs→Java`)
      assert.deepEqual(back.sv, expected.sv, `seed ${seed}: state vector yjs→Java`)
      assert.equal(back.pending, false)
    }
  } finally {
    cli.close()
  }
})
