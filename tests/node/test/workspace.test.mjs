// The workspace plugin with real Yjs clients: a stock y-websocket provider on /workspaces/blog/sync
// sees REST writes live, REST sees the provider's edits (rows are plain Y.Maps of JSON values under
// the root map `tables`), rows breaking the schema are reported (422, `invalid`), and concurrent REST
// and client writes converge. /sync/blog reaches the same document.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { startServer } from '../lib/server.mjs'
import { Y, provider, waitSynced, destroyAllProviders, waitFor, TEST_TIMEOUT_MS } from '../lib/clients.mjs'

const TOKEN = 'ws-s3cret'
const BLOG = `id: blog
name: Blog
tables:
  posts:
    id: id
    title: { type: text, required: true }
    views: integer
    rating: real
    published: boolean
    day: date
    updated: datetime
    status: { type: select, options: [draft, live] }
    tags: { type: tags, options: [a, b, c] }
    meta: json
kv:
  theme: { type: select, options: [light, dark] }
`

let server
let wsBase
before(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epicenter-workspaces-'))
  fs.writeFileSync(path.join(dir, 'blog.yaml'), BLOG)
  server = await startServer({ name: 'workspace', token: TOKEN, config: { plugins: { workspace: { dir } } } })
  wsBase = server.httpUrl.replace(/^http/, 'ws')
})
after(async () => {
  destroyAllProviders()
  if (server) await server.stop()
})

async function rest (method, p, body) {
  const res = await fetch(server.httpUrl + p, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** A provider on the workspace's own sync path (ws://HOST/workspaces/blog + room "sync"). */
async function workspaceClient () {
  const p = provider({ wsBase: `${wsBase}/workspaces/blog` }, 'sync', { params: { token: TOKEN } })
  await waitSynced(p)
  await waitFor(() => p.doc.getMap('tables').get('posts') instanceof Y.Map, { what: 'the posts table map' })
  return p
}

const posts = (doc) => doc.getMap('tables').get('posts')

test('a REST write reaches the client live; the client edit reaches REST', { timeout: TEST_TIMEOUT_MS }, async () => {
  const p = await workspaceClient()
  const row = {
    id: 'r1', title: 'Hello', views: 3, rating: 4.5, published: true, day: '2026-11-25', updated: '2026-11-25T15:30:00Z',
    status: 'live', tags: ['a', 'b'], meta: { k: [1, 2, { x: null }] }
  }
  const created = await rest('POST', '/workspaces/blog/tables/posts', row)
  assert.equal(created.status, 201)
  assert.deepEqual(created.body, row)
  await waitFor(() => posts(p.doc).get('r1') instanceof Y.Map, { what: 'the REST row at the client' })
  assert.deepEqual(posts(p.doc).get('r1').toJSON(), row)

  posts(p.doc).get('r1').set('title', 'Edited by yjs')
  await waitFor(async () => (await rest('GET', '/workspaces/blog/tables/posts/r1')).body.title === 'Edited by yjs',
    { what: 'REST to see the edit' })

  // rows the client creates are plain Y.Maps of JSON values
  const mine = new Y.Map()
  posts(p.doc).set('r2', mine)
  mine.set('id', 'r2')
  mine.set('title', 'from yjs')
  mine.set('tags', ['c'])
  await waitFor(async () => (await rest('GET', '/workspaces/blog/tables/posts/r2')).status === 200, { what: 'the client row' })
  assert.deepEqual((await rest('GET', '/workspaces/blog/tables/posts/r2')).body, { id: 'r2', title: 'from yjs', tags: ['c'] })

  // /sync/blog is the same document
  const other = provider(server, 'blog', { params: { token: TOKEN } })
  await waitSynced(other)
  await waitFor(() => other.doc.getMap('tables').get('posts')?.get('r2')?.get('title') === 'from yjs', { what: '/sync/blog' })

  const kv = await rest('PUT', '/workspaces/blog/kv', { theme: 'dark' })
  assert.equal(kv.status, 200)
  await waitFor(() => p.doc.getMap('kv').get('theme') === 'dark', { what: 'the kv setting at the client' })
})

test('a row breaking the schema is reported, not listed', { timeout: TEST_TIMEOUT_MS }, async () => {
  const p = await workspaceClient()
  const bad = new Y.Map()
  posts(p.doc).set('bad1', bad)
  bad.set('id', 'bad1')
  bad.set('views', 'many')
  bad.set('status', 'unknown')
  await waitFor(async () => (await rest('GET', '/workspaces/blog/tables/posts/bad1')).status === 422, { what: '422' })
  const one = await rest('GET', '/workspaces/blog/tables/posts/bad1')
  assert.deepEqual(Object.keys(one.body.fields).sort(), ['status', 'title', 'views'])
  const list = await rest('GET', '/workspaces/blog/tables/posts?limit=1000')
  assert.ok(!list.body.rows.some((r) => r.id === 'bad1'))
  assert.ok(list.body.invalid.some((r) => r.id === 'bad1' && r.errors.views))
  const rejected = await rest('POST', '/workspaces/blog/tables/posts', { id: 'bad2', views: 'many' })
  assert.equal(rejected.status, 400)
  assert.deepEqual(Object.keys(rejected.body.fields).sort(), ['title', 'views'])
})

test('concurrent REST and client writes converge', { timeout: TEST_TIMEOUT_MS }, async () => {
  const p = await workspaceClient()
  const N = 40
  const restWrites = (async () => {
    for (let i = 0; i < N; i++) {
      await Promise.all([
        rest('POST', '/workspaces/blog/tables/posts', { id: `rest-${i}`, title: `rest ${i}`, views: i }),
        rest('PUT', '/workspaces/blog/tables/posts/r1', { views: i })
      ])
    }
  })()
  for (let i = 0; i < N; i++) {
    p.doc.transact(() => {
      const row = new Y.Map()
      posts(p.doc).set(`yjs-${i}`, row)
      row.set('id', `yjs-${i}`)
      row.set('title', `yjs ${i}`)
      posts(p.doc).get('r1').set('rating', i / 2)
    })
    await new Promise((resolve) => setTimeout(resolve, 3))
  }
  await restWrites
  const fromClient = () => {
    const out = {}
    posts(p.doc).forEach((v, k) => { if (!k.startsWith('bad')) out[k] = v.toJSON() })
    return out
  }
  let last
  await waitFor(async () => {
    const list = await rest('GET', '/workspaces/blog/tables/posts?limit=1000')
    const fromRest = Object.fromEntries(list.body.rows.map((r) => [r.id, r]))
    last = { rest: Object.keys(fromRest).length, client: Object.keys(fromClient()).length }
    return last.rest >= 2 * N + 2 && JSON.stringify(sortKeys(fromRest)) === JSON.stringify(sortKeys(fromClient()))
  }, { what: 'REST and the client to agree', describe: () => JSON.stringify(last) })
  const r1 = (await rest('GET', '/workspaces/blog/tables/posts/r1')).body
  assert.equal(r1.views, N - 1)
  assert.equal(r1.rating, (N - 1) / 2)
})

function sortKeys (v) {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
  return v
}

test('REST without the bearer token answers 401', { timeout: TEST_TIMEOUT_MS }, async () => {
  const res = await fetch(server.httpUrl + '/workspaces/blog/tables/posts')
  assert.equal(res.status, 401)
  assert.ok((await res.json()).error)
  const query = await fetch(server.httpUrl + `/workspaces/blog/tables/posts?token=${TOKEN}`)
  assert.equal(query.status, 401)
})
