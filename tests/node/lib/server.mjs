// Starts the packaged Epicenter server (EPICENTER_JAR) as a child process for a test file.
//
//   const server = await startServer({ name: 'sync', token: 's3cret', config: { plugins: { sync: { 'eviction-delay': 'PT1S' } } } })
//   server.wsBase   -> ws://127.0.0.1:PORT/sync   (y-websocket serverUrl; room = path segment)
//   server.httpUrl  -> http://127.0.0.1:PORT
//   await server.status() -> the JSON of GET /
//   await server.stop()   -> SIGTERM, then waits for the exit (SIGKILL after a grace period)
//
// The server runs in a fresh temporary directory (so no config/ or plugins/ of the repo is picked
// up), with every EPICENTER_* variable removed from its environment. Its stderr (the logs) goes to
// tests/node/target/logs/<name>-<time>.log, kept for debugging.

import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const NODE_TESTS_DIR = path.resolve(here, '..')
export const REPO_ROOT = process.env.EPICENTER_ROOT ?? path.resolve(NODE_TESTS_DIR, '..', '..')
export const SHARED_DIR = process.env.EPICENTER_SHARED ?? path.resolve(REPO_ROOT, '..', 'shared')
export const JAR = process.env.EPICENTER_JAR ?? path.join(REPO_ROOT, 'server-app', 'target', 'server-app.jar')
const STARTUP_TIMEOUT_MS = Number(process.env.EPICENTER_STARTUP_TIMEOUT_MS ?? 60000)

const running = new Set()
function killAll () {
  for (const child of running) {
    try { child.kill('SIGKILL') } catch {}
  }
}
process.on('exit', killAll)
// a cancelled test run (Ctrl-C, or the runner stopping this file) must not leave a JVM behind
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll()
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
  })
}

function javaMajor (javaBin) {
  const r = spawnSync(javaBin, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' })
  const m = /java\.specification\.version = (\d+)/.exec(String(r.stderr) + String(r.stdout))
  return m ? Number(m[1]) : 0
}

let cachedJava = null
/** The java binary of a JDK >= 21: JAVA_HOME when new enough, otherwise what scripts/select-jdk.sh picks. */
export function javaBinary () {
  if (cachedJava) return cachedJava
  const fromHome = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : null
  if (fromHome && fs.existsSync(fromHome) && javaMajor(fromHome) >= 21) {
    cachedJava = fromHome
    return cachedJava
  }
  const script = path.join(REPO_ROOT, 'scripts', 'select-jdk.sh')
  if (fs.existsSync(script)) {
    try {
      const home = execFileSync('bash', ['-c', `unset JAVA_HOME; . "${script}" >/dev/null && printf %s "$JAVA_HOME"`], { encoding: 'utf8' }).trim()
      if (home) {
        cachedJava = path.join(home, 'bin', 'java')
        return cachedJava
      }
    } catch {}
  }
  throw new Error(`no JDK >= 21 found (JAVA_HOME=${process.env.JAVA_HOME ?? 'unset'})`)
}

/** Serialises a plain object as YAML (maps, scalars and lists of scalars only). */
export function toYaml (obj, indent = '') {
  let out = ''
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out += `${indent}${k}:\n${toYaml(v, indent + '  ')}`
    } else if (Array.isArray(v)) {
      out += `${indent}${k}: [${v.map((x) => JSON.stringify(x)).join(', ')}]\n`
    } else {
      out += `${indent}${k}: ${typeof v === 'string' ? JSON.stringify(v) : v}\n`
    }
  }
  return out
}

function tail (file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/**
 * @param {{ name?: string, token?: string, config?: object, args?: string[] }} [opts]
 */
export async function startServer ({ name = 'server', token, config, args = [] } = {}) {
  // EPICENTER_TEST_SERVER_CMD (debugging the suite itself): a command line that replaces
  // `java -jar $EPICENTER_JAR`, e.g. another y-websocket server taking the same `serve` flags.
  const override = (process.env.EPICENTER_TEST_SERVER_CMD ?? '').split(/\s+/).filter(Boolean)
  if (!override.length && !fs.existsSync(JAR)) {
    throw new Error(`server jar not found: ${JAR} (build it: cd ${REPO_ROOT} && ./mvnw -B -q install -DskipTests)`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `epicenter-e2e-${name}-`))
  const logDir = path.join(NODE_TESTS_DIR, 'target', 'logs')
  fs.mkdirSync(logDir, { recursive: true })
  const logFile = path.join(logDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`)
  const logFd = fs.openSync(logFile, 'w')

  const javaOpts = (process.env.EPICENTER_TEST_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean)
  const command = override.length ? override[0] : javaBinary()
  const argv = [...(override.length ? override.slice(1) : [...javaOpts, '-jar', JAR]), 'serve', '--port', '0', '--host', '127.0.0.1']
  if (token !== undefined) argv.push('--token', token)
  if (config) {
    const file = path.join(dir, 'config.yaml')
    fs.writeFileSync(file, toYaml(config))
    argv.push('--config', file)
  }
  argv.push(...args)

  const env = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('EPICENTER_')) env[k] = v
  }
  const child = spawn(command, argv, { cwd: dir, env, stdio: ['ignore', 'pipe', logFd] })
  fs.closeSync(logFd)
  running.add(child)
  let exited = null
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal }
      running.delete(child)
      resolve(exited)
    })
  })

  const rl = createInterface({ input: child.stdout })
  const firstLine = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not print "listening on" within ${STARTUP_TIMEOUT_MS} ms; log ${logFile}:\n${tail(logFile)}`))
    }, STARTUP_TIMEOUT_MS)
    rl.once('line', (line) => { clearTimeout(timer); resolve(line) })
    exitPromise.then((e) => {
      clearTimeout(timer)
      reject(new Error(`server exited before listening (code ${e.code}, signal ${e.signal}); log ${logFile}:\n${tail(logFile)}`))
    })
  })
  rl.on('line', () => {}) // keep draining stdout
  const m = /^listening on http:\/\/(.+):(\d+)\s*$/.exec(firstLine)
  if (!m) {
    child.kill('SIGKILL')
    throw new Error(`unexpected first stdout line: ${JSON.stringify(firstLine)}; log ${logFile}:\n${tail(logFile)}`)
  }
  const host = m[1]
  const port = Number(m[2])
  const httpUrl = `http://${host}:${port}`
  return {
    host,
    port,
    httpUrl,
    wsBase: `ws://${host}:${port}/sync`,
    dir,
    logFile,
    child,
    get exited () { return exited },
    logTail: (n) => tail(logFile, n),
    async status () {
      const res = await fetch(httpUrl + '/')
      if (res.status !== 200) throw new Error(`GET / answered ${res.status}`)
      return res.json()
    },
    async stop () {
      if (exited) return exited
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000)
      const e = await exitPromise
      clearTimeout(timer)
      return e
    }
  }
}
