// The STOCK y-websocket WebsocketProvider (default options: the browser's own WebSocket, with
// BroadcastChannel on) in headless Chromium syncs two pages through the server. The pages load
// from a local static server on another port, so the browser sends an Origin that differs from the
// server's host:port: the server must accept cross-origin browsers by default.
//
// Chromium is Debian's /usr/bin/chromium (.ci/install-browser.sh), driven by playwright-core; no
// browser download. The client modules are the npm packages' own ESM files, served as they are
// with an import map (no bundler). Without chromium this test fails when CI=true, else skips.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as path from 'node:path'
import { startServer, NODE_TESTS_DIR } from '../lib/server.mjs'
import { provider, waitSynced, destroyAllProviders, waitFor, TEST_TIMEOUT_MS, WAIT_MS } from '../lib/clients.mjs'

const CHROMIUM = process.env.EPICENTER_CHROMIUM ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']
const hasChromium = fs.existsSync(CHROMIUM)
const inCI = process.env.CI === 'true' || process.env.CI === '1'
const BROWSER_TIMEOUT_MS = Math.max(TEST_TIMEOUT_MS, 90000)

// ---------------------------------------------------------------------------------------------
// Import map straight from the packages' "exports" (browser conditions), so every module has
// exactly one URL (relative imports inside a package resolve to the same URLs).

const CONDITIONS = ['browser', 'module', 'import', 'default']
function pickTarget (value) {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (CONDITIONS.includes(k)) {
        const t = pickTarget(v)
        if (t) return t
      }
    }
  }
  return null
}

function buildImportMap (packages) {
  const imports = {}
  for (const pkg of packages) {
    const dir = path.join(NODE_TESTS_DIR, 'node_modules', pkg)
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const entries = json.exports && typeof json.exports === 'object' && !Array.isArray(json.exports) && Object.keys(json.exports).some((k) => k.startsWith('.'))
      ? Object.entries(json.exports)
      : [['.', json.exports ?? json.module ?? json.main ?? 'index.js']]
    for (const [sub, value] of entries) {
      if (sub.includes('*') || sub.endsWith('package.json')) continue
      const target = pickTarget(value)
      if (!target || !/\.m?js$/.test(target)) continue
      const spec = sub === '.' ? pkg : pkg + sub.slice(1)
      imports[spec] = `/node_modules/${pkg}/${target.replace(/^\.\//, '')}`
    }
  }
  return { imports }
}

function startStaticServer () {
  const root = path.join(NODE_TESTS_DIR, 'node_modules')
  const importMap = buildImportMap(['yjs', 'y-websocket', 'y-protocols', 'lib0', 'isomorphic.js'])
  const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>epicenter e2e</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  import * as Y from 'yjs'
  import { WebsocketProvider } from 'y-websocket'
  window.Y = Y
  window.WebsocketProvider = WebsocketProvider
  window.appReady = true
</script></head><body>epicenter e2e</body></html>`
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(page)
      return
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204)
      res.end()
      return
    }
    if (url.pathname.startsWith('/node_modules/')) {
      const file = path.resolve(root, decodeURIComponent(url.pathname.slice('/node_modules/'.length)))
      if (file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
        fs.createReadStream(file).pipe(res)
        return
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

// ---------------------------------------------------------------------------------------------

let server
let staticServer
let browser
before(async () => {
  if (!hasChromium) return
  server = await startServer({ name: 'browser' })
  staticServer = await startStaticServer()
  const { chromium } = await import('playwright-core')
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000 })
})
after(async () => {
  destroyAllProviders()
  if (browser) await browser.close()
  if (staticServer) staticServer.close()
  if (server) await server.stop()
})

async function openPage (label, problems) {
  // a context of its own per page: separate storage, so no BroadcastChannel shortcut between them
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${label} console error: ${m.text()}`) })
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${label} HTTP ${r.status()} for ${r.url()}`) })
  page.on('requestfailed', (r) => problems.push(`${label} request failed: ${r.url()} ${r.failure()?.errorText}`))
  const pageUrl = `http://127.0.0.1:${staticServer.address().port}/index.html`
  await page.goto(pageUrl)
  await page.waitForFunction(() => window.appReady === true, null, { timeout: WAIT_MS * 2 })
  return { page, context }
}

test('stock WebsocketProvider in headless Chromium syncs two pages through the server (cross-origin page)', { timeout: BROWSER_TIMEOUT_MS }, async (t) => {
  if (!hasChromium) {
    const msg = `${CHROMIUM} not found: install Debian's chromium (bash .ci/install-browser.sh)`
    if (inCI) assert.fail(`${msg}; the browser test is required in CI`)
    t.skip(msg)
    return
  }
  const problems = []
  const serverUrl = server.wsBase
  const room = `browser-room-${process.pid}`
  const staticOrigin = `http://127.0.0.1:${staticServer.address().port}`
  assert.notEqual(new URL(staticOrigin).port, String(server.port), 'the page origin differs from the server')

  const p1 = await openPage('page1', problems)
  const p2 = await openPage('page2', problems)
  const describe = () => `problems: ${[...new Set(problems)].slice(0, 10).join('\n') || 'none'}\nserver log tail:\n${server.logTail(20)}`

  const setup = ({ serverUrl, room, name }) => {
    const doc = new window.Y.Doc()
    // the stock provider, default options
    const provider = new window.WebsocketProvider(serverUrl, room, doc)
    provider.awareness.setLocalStateField('user', { name })
    window.doc = doc
    window.provider = provider
    return doc.clientID
  }
  const id1 = await p1.page.evaluate(setup, { serverUrl, room, name: 'page one' })
  const id2 = await p2.page.evaluate(setup, { serverUrl, room, name: 'page two' })
  for (const [label, p] of [['page1', p1], ['page2', p2]]) {
    try {
      await p.page.waitForFunction(() => window.provider.synced === true, null, { timeout: WAIT_MS * 2 })
    } catch (e) {
      assert.fail(`${label} did not sync with ${serverUrl}: ${e.message}\n${describe()}`)
    }
  }
  assert.equal(await p1.page.evaluate(() => window.provider.ws.url), `${serverUrl}/${room}`)

  await p1.page.evaluate(() => { window.doc.getText('text').insert(0, 'typed in page one') })
  await p2.page.waitForFunction(() => window.doc.getText('text').toString() === 'typed in page one', null, { timeout: WAIT_MS })
  await p2.page.evaluate(() => {
    window.doc.getMap('map').set('from', 'page two')
    window.doc.getArray('array').push(['p2', 2])
  })
  await p1.page.waitForFunction(() => window.doc.getMap('map').get('from') === 'page two' && window.doc.getArray('array').length === 2, null, { timeout: WAIT_MS })

  // a Node client sees both pages' edits: they went through the server
  const node = provider(server, room)
  await waitSynced(node)
  await waitFor(() => node.doc.getText('text').toString() === 'typed in page one' && node.doc.getMap('map').get('from') === 'page two', {
    what: 'the Node provider to see both pages\' edits', describe
  })
  node.doc.getText('text').insert(0, '[node] ')
  for (const p of [p1, p2]) {
    await p.page.waitForFunction(() => window.doc.getText('text').toString() === '[node] typed in page one', null, { timeout: WAIT_MS })
  }
  // awareness between the pages and to Node
  await p2.page.waitForFunction((id) => window.provider.awareness.getStates().get(id)?.user?.name === 'page one', id1, { timeout: WAIT_MS })
  await waitFor(() => node.awareness.getStates().get(id2)?.user?.name === 'page two', { what: 'Node to see page two\'s awareness' })

  const final1 = await p1.page.evaluate(() => JSON.stringify({ t: window.doc.getText('text').toString(), m: window.doc.getMap('map').toJSON(), a: window.doc.getArray('array').toJSON() }))
  const final2 = await p2.page.evaluate(() => JSON.stringify({ t: window.doc.getText('text').toString(), m: window.doc.getMap('map').toJSON(), a: window.doc.getArray('array').toJSON() }))
  assert.equal(final1, final2)
  assert.deepEqual(JSON.parse(final1), { t: '[node] typed in page one', m: { from: 'page two' }, a: ['p2', 2] })

  // closing page one removes its awareness for page two
  await p1.context.close()
  await p2.page.waitForFunction((id) => !window.provider.awareness.getStates().has(id), id1, { timeout: WAIT_MS })
  assert.deepEqual(problems, [], 'no page errors')
  await p2.context.close()
})
