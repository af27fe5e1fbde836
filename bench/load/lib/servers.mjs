// Starts the two servers under test on loopback and reads their CPU and memory from /proc.
//
//   ours:      java $EPICENTER_JAVA_OPTS -jar $EPICENTER_JAR serve --port 0 --host 127.0.0.1 $BENCH_OURS_ARGS
//              (fresh temporary working directory, no EPICENTER_* variables, so the shipped defaults:
//              sqlite store in ./data of that directory); rooms at /sync/<room>
//   ours-mem:  the same with --storage memory (no persistence, like the reference)
//   reference: node node_modules/@y/websocket-server/src/server.js with HOST=127.0.0.1 PORT=<free>
//              (the package's own bin, @y/websocket-server 0.1.1 on yjs 13.6); rooms at /<room>
//
// The room URL prefix of each is a per-server setting: BENCH_OURS_PREFIX (default /sync/) and
// BENCH_REF_PREFIX (default /).
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const LOAD_DIR = path.resolve(here, '..')
export const REPO_ROOT = process.env.EPICENTER_ROOT ?? path.resolve(LOAD_DIR, '..', '..')
export let JAR = process.env.EPICENTER_JAR ?? path.join(REPO_ROOT, 'server-app', 'target', 'server-app.jar')

/**
 * Copies the server jar and its libs/ to target/jar/ and uses that copy from now on, so a rebuild
 * of server-app while a long run is going does not change (or break) the server under test.
 * Returns the jar's modification time.
 */
export function snapshotJar () {
  if (!fs.existsSync(JAR)) return null
  const dest = path.join(LOAD_DIR, 'target', 'jar')
  fs.rmSync(dest, { recursive: true, force: true })
  fs.mkdirSync(dest, { recursive: true })
  const libs = path.join(path.dirname(JAR), 'libs')
  if (fs.existsSync(libs)) fs.cpSync(libs, path.join(dest, 'libs'), { recursive: true })
  const jar = path.join(dest, path.basename(JAR))
  fs.copyFileSync(JAR, jar)
  const mtime = fs.statSync(JAR).mtime.toISOString()
  JAR = jar
  return mtime
}
const STARTUP_TIMEOUT_MS = Number(process.env.EPICENTER_STARTUP_TIMEOUT_MS ?? 60000)

const running = new Set()
process.on('exit', () => {
  for (const child of running) { try { child.kill('SIGKILL') } catch {} }
})

function javaMajor (javaBin) {
  const r = spawnSync(javaBin, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' })
  const m = /java\.specification\.version = (\d+)/.exec(String(r.stderr) + String(r.stdout))
  return m ? Number(m[1]) : 0
}

let cachedJava = null
/** java of a JDK >= 21: JAVA_HOME when new enough, else what scripts/select-jdk.sh picks. */
export function javaBinary () {
  if (cachedJava) return cachedJava
  const fromHome = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : null
  if (fromHome && fs.existsSync(fromHome) && javaMajor(fromHome) >= 21) return (cachedJava = fromHome)
  const script = path.join(REPO_ROOT, 'scripts', 'select-jdk.sh')
  if (fs.existsSync(script)) {
    try {
      const home = execFileSync('bash', ['-c', `unset JAVA_HOME; . "${script}" >/dev/null && printf %s "$JAVA_HOME"`], { encoding: 'utf8' }).trim()
      if (home) return (cachedJava = path.join(home, 'bin', 'java'))
    } catch {}
  }
  throw new Error(`no JDK >= 21 found (JAVA_HOME=${process.env.JAVA_HOME ?? 'unset'})`)
}

/** Serialises a plain object of maps and scalars as YAML. */
export function toYaml (obj, indent = '') {
  let out = ''
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object') out += `${indent}${k}:\n${toYaml(v, indent + '  ')}`
    else out += `${indent}${k}: ${typeof v === 'string' ? JSON.stringify(v) : v}\n`
  }
  return out
}

function freePort () {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function tail (file, lines = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') } catch { return '(no log)' }
}

async function launch ({ name, cmd, argv, env, cwd, readyRe, logDir }) {
  fs.mkdirSync(logDir, { recursive: true })
  const logFile = path.join(logDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`)
  const logFd = fs.openSync(logFile, 'w')
  const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', logFd] })
  fs.closeSync(logFd)
  running.add(child)
  let exited = null
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal }; running.delete(child); resolve(exited)
  }))
  const rl = createInterface({ input: child.stdout })
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after ${STARTUP_TIMEOUT_MS} ms\n${tail(logFile)}`)), STARTUP_TIMEOUT_MS)
    rl.on('line', (line) => {
      const m = readyRe.exec(line)
      if (m) { clearTimeout(timer); resolve(m) }
    })
    exitPromise.then((e) => { clearTimeout(timer); reject(new Error(`${name} exited (${JSON.stringify(e)}) before ready\n${tail(logFile)}`)) })
  })
  rl.on('line', () => {}) // keep draining stdout
  const stop = async (graceMs = 8000) => {
    if (exited) return exited
    child.kill('SIGTERM')
    const t = setTimeout(() => { try { child.kill('SIGKILL') } catch {} }, graceMs)
    const e = await exitPromise
    clearTimeout(t)
    return e
  }
  return { child, pid: child.pid, match, logFile, stop, exited: () => exited }
}

/**
 * @param {'ours'|'ref'} kind
 * @returns {Promise<{kind, label, pid, port, httpUrl, roomUrl(room), stop(), status()}>}
 */
export async function startServer (kind, { logDir = path.join(LOAD_DIR, 'target', 'logs'), javaOpts, args = [], config = null } = {}) {
  if (kind === 'ours-mem') {
    const s = await startServer('ours', { logDir, javaOpts, config, args: [...args, '--storage', 'memory'] })
    return { ...s, kind, label: 'Epicenter (memory store)' }
  }
  if (kind === 'ours') {
    if (!fs.existsSync(JAR)) throw new Error(`server jar not found: ${JAR} (cd ${REPO_ROOT} && ./mvnw -B -q install -DskipTests)`)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epicenter-bench-'))
    if (config) {
      // a config file with only the given keys: everything else keeps the built-in defaults
      const file = path.join(dir, 'bench-config.yaml')
      fs.writeFileSync(file, toYaml(config))
      args = ['--config', file, ...args]
    }
    const env = {}
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('EPICENTER_')) env[k] = v
    const opts = (javaOpts ?? process.env.EPICENTER_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean)
    const p = await launch({
      name: 'ours', cmd: javaBinary(), cwd: dir, env, logDir,
      argv: [...opts, '-jar', JAR, 'serve', '--port', '0', '--host', '127.0.0.1', ...args, ...(process.env.BENCH_OURS_ARGS ?? '').split(/\s+/).filter(Boolean)],
      readyRe: /listening on http:\/\/([^:\s]+):(\d+)/
    })
    const port = Number(p.match[2])
    const httpUrl = `http://127.0.0.1:${port}`
    const prefix = process.env.BENCH_OURS_PREFIX ?? '/sync/'
    return {
      kind, label: 'Epicenter', pid: p.pid, port, httpUrl, logFile: p.logFile,
      roomUrl: (room) => `ws://127.0.0.1:${port}${prefix}${encodeURIComponent(room)}`,
      stop: () => p.stop(),
      status: async () => (await fetch(httpUrl + '/')).json(),
      cleanup: () => fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  if (kind === 'ref') {
    const port = await freePort()
    const env = { ...process.env, HOST: '127.0.0.1', PORT: String(port) }
    delete env.YPERSISTENCE; delete env.CALLBACK_URL
    const script = path.join(LOAD_DIR, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')
    const p = await launch({
      name: 'reference', cmd: process.execPath, cwd: LOAD_DIR, env, logDir,
      argv: [...(process.env.BENCH_REF_NODE_OPTS ?? '').split(/\s+/).filter(Boolean), script],
      readyRe: /running at '([^']+)' on port (\d+)/
    })
    const prefix = process.env.BENCH_REF_PREFIX ?? '/'
    return {
      kind, label: 'reference', pid: p.pid, port, httpUrl: `http://127.0.0.1:${port}`, logFile: p.logFile,
      roomUrl: (room) => `ws://127.0.0.1:${port}${prefix}${encodeURIComponent(room)}`,
      stop: () => p.stop(),
      status: async () => ({}),
      cleanup: () => {}
    }
  }
  throw new Error('unknown server kind ' + kind)
}

// ---- /proc readers -------------------------------------------------------------------------

export const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100 } catch { return 100 }
})()

/** utime+stime of a process, seconds. */
export function procCpuSeconds (pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
  // after "pid (comm) ": f[0]=state, utime is field 14 overall -> f[11], stime f[12]
  return (Number(f[11]) + Number(f[12])) / CLK_TCK
}

/** VmRSS of a process, bytes. */
export function procRssBytes (pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(s)
  return m ? Number(m[1]) * 1024 : NaN
}

/** Busy and total CPU seconds of the whole machine (all cores) from /proc/stat. */
export function systemCpuSeconds () {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = v
  const busy = user + nice + system + irq + softirq + (steal || 0)
  return { busy: busy / CLK_TCK, total: (busy + idle + iowait) / CLK_TCK }
}

export const CORES = os.cpus().length

/** Starts a CPU/wall measurement around a scenario; returns a function that ends it. */
export function cpuMeter (pid) {
  const w0 = performance.now()
  const s0 = procCpuSeconds(pid)
  const g0 = process.cpuUsage()
  const m0 = systemCpuSeconds()
  return () => {
    const wall = (performance.now() - w0) / 1000
    const server = procCpuSeconds(pid) - s0
    const g = process.cpuUsage(g0)
    const gen = (g.user + g.system) / 1e6
    const m1 = systemCpuSeconds()
    const busy = m1.busy - m0.busy
    const other = Math.max(0, busy - server - gen)
    return { wall, server, gen, other, machineBusy: busy, serverCores: server / wall, genCores: gen / wall, otherCores: other / wall }
  }
}
