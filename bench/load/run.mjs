#!/usr/bin/env node
// Load benchmarks of Epicenter against the Node reference server (@y/websocket-server 0.1.1).
// Starts both servers itself on 127.0.0.1, alternates them (A B A B), runs every scenario with the
// same generator and writes ../results.md (and target/results.json).
//
//   node bench/load/run.mjs [--smoke] [--rounds=N] [--servers=ours,ref] [--only=fanout,hot] ...
//   (every knob: node bench/load/run.mjs --help)
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { execFileSync, spawnSync } from 'node:child_process'
import { loadConfig, describeKnobs } from './lib/config.mjs'
import { startServer, LOAD_DIR, javaBinary, CORES, snapshotJar } from './lib/servers.mjs'
import { prepare, probe, runSession } from './lib/session.mjs'
import { renderResults } from './lib/report.mjs'

if (process.argv.includes('--help')) {
  console.log('usage: node bench/load/run.mjs [--smoke] [--out=FILE] [--from-json=FILE] [--flag=value ...]\n\n' + describeKnobs())
  process.exit(0)
}
const outArg = process.argv.find((a) => a.startsWith('--out='))
// bench/run.sh changes directory: relative paths are the caller's
const OUT = outArg ? path.resolve(process.env.BENCH_CALLER_CWD ?? '.', outArg.slice(6)) : path.resolve(LOAD_DIR, '..', 'results.md')
const fromJson = process.argv.find((a) => a.startsWith('--from-json='))
if (fromJson) {
  // re-render results.md from a previous run's target/results.json (no measuring)
  const j = JSON.parse(fs.readFileSync(path.resolve(process.env.BENCH_CALLER_CWD ?? '.', fromJson.slice(12)), 'utf8'))
  fs.writeFileSync(OUT, renderResults({ ...j, knobs: describeKnobs() }))
  console.error('wrote ' + OUT)
  process.exit(0)
}
const cfg = loadConfig()
const oursConfig = (() => {
  const c = {}
  const set = (dotted, value) => {
    const keys = dotted.split('.')
    let o = c
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {})
    o[keys[keys.length - 1]] = /^(true|false|-?\d+(\.\d+)?)$/.test(value) ? JSON.parse(value) : value
  }
  if (cfg.oursRateLimit === 'off') set('plugins.sync.limits.updates-per-second', '0')
  for (const kv of String(cfg.oursSet).split(',').map((x) => x.trim()).filter(Boolean)) {
    const i = kv.indexOf('=')
    if (i > 0) set(kv.slice(0, i), kv.slice(i + 1))
  }
  return Object.keys(c).length ? c : null
})()
const startOpts = (kind) => kind.startsWith('ours') ? { config: oursConfig } : {}
// a profiling-only run (--rounds=0 --jfr=1) must not overwrite the committed results
const out = outArg || cfg.rounds > 0 ? OUT : path.join(LOAD_DIR, 'target', 'profile.md')
const log = (s) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`)
const started = new Date().toISOString()
const tRun = performance.now()

function javaVersion () {
  try {
    const r = spawnSync(javaBinary(), ['-version'], { encoding: 'utf8' })
    return String(r.stderr).split('\n')[0].trim()
  } catch (e) { return 'java: ' + e.message }
}
const machine = {
  cores: CORES,
  cpu: os.cpus()[0]?.model ?? '?',
  memGiB: Math.round(os.totalmem() / 1073741824),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  java: javaVersion(),
  javaOpts: process.env.EPICENTER_JAVA_OPTS ? process.env.EPICENTER_JAVA_OPTS + ' ' : ''
}

machine.loadavgStart = os.loadavg().map((x) => x.toFixed(2)).join(' ')
log(`config: ${JSON.stringify(cfg)}`)
if (cfg.servers.includes('ours') || cfg.jfr) {
  machine.jarBuilt = snapshotJar()
  log(`server jar (built ${machine.jarBuilt}) copied to target/jar/ for this run`)
}
const data = prepare(cfg, log)
const kinds = cfg.servers.split(',').map((s) => s.trim()).filter(Boolean)
const runs = []
const notes = []
const unavailable = new Set()
for (let round = 1; round <= cfg.rounds; round++) {
  for (const kind of kinds) {
    if (unavailable.has(kind)) continue
    log(`round ${round}: ${kind}`)
    let server
    try {
      try {
        server = await startServer(kind, startOpts(kind))
      } catch (e) {
        log(`  ${kind} did not start (${String(e.message).split('\n')[0]}); trying once more`)
        await new Promise((resolve) => setTimeout(resolve, 3000))
        server = await startServer(kind, startOpts(kind))
      }
    } catch (e) {
      const msg = String(e.message).split('\n').slice(0, 3).join(' ')
      notes.push(`${kind === 'ours' ? 'Epicenter' : 'reference'} could not be started in round ${round}: ${msg}`)
      log('  ' + msg)
      if (kind.startsWith('ours')) unavailable.add(kind)
      continue
    }
    try {
      const err = await probe(server)
      if (err) {
        notes.push(`${server.label} started but a client could not complete the sync handshake at ${server.roomUrl('bench-probe')}: ${err}`)
        log('  probe failed: ' + err)
        unavailable.add(kind)
        continue
      }
      const results = await runSession(server, cfg, data, `${kind}${round}`, log)
      runs.push({ round, kind, label: server.label, results })
    } finally {
      const e = await server.stop()
      server.cleanup?.()
      if (e && e.code !== 0 && e.signal !== 'SIGTERM' && e.code !== 143) log(`  ${kind} exited with ${JSON.stringify(e)}`)
    }
  }
}

let jfr = null
if (cfg.jfr && !unavailable.has('ours')) {
  // one extra session of ours per scenario, each with its own recording, so each profile shows one workload
  const parts = []
  const jfrBin = path.join(path.dirname(javaBinary()), 'jfr')
  for (const name of cfg.jfrScenarios.split(',').map((x) => x.trim()).filter(Boolean)) {
    log(`JFR session of Epicenter: ${name}`)
    const file = path.join(LOAD_DIR, 'target', `epicenter-${name}.jfr`)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.rmSync(file, { force: true })
    const opts = `${process.env.EPICENTER_JAVA_OPTS ?? ''} -XX:StartFlightRecording=filename=${file},settings=profile,dumponexit=true,jdk.CPUTimeSample#enabled=true`
    let server
    let histogram = ''
    const hooks = {
      idleHeld: (srv, n) => {
        // live objects while the idle connections are held (forces a full GC)
        const jcmd = path.join(path.dirname(javaBinary()), 'jcmd')
        const h = execFileSync(jcmd, [String(srv.pid), 'GC.class_histogram'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n')
        const total = h.find((l) => /^Total/.test(l)) ?? ''
        histogram = `\n\n$ jcmd <pid> GC.class_histogram   (while ${n} idle connections are held; live objects after a full GC)\n${h.slice(1, 18).join('\n')}\n${total}`
      }
    }
    try {
      server = await startServer('ours', { javaOpts: opts, config: oursConfig })
      await runSession(server, { ...cfg, only: name, warmupSeconds: cfg.warmupSeconds }, data, 'jfr-' + name, log, hooks)
    } catch (e) {
      parts.push(`(${name}: ${e.message})`)
      continue
    } finally { if (server) await server.stop(20000) }
    const view = (v) => {
      try {
        return execFileSync(jfrBin, ['view', '--width', '150', v, file], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter((l) => l.trim()).slice(0, 22).join('\n')
      } catch (e) { return `(jfr view ${v}: ${String(e.message).split('\n')[0]})` }
    }
    parts.push(`### ${name} (warm-up included; recording bench/load/target/epicenter-${name}.jfr)\n\n\`\`\`\n$ jfr view cpu-time-hot-methods\n${view('cpu-time-hot-methods')}\n\n$ jfr view hot-methods\n${view('hot-methods')}\n\n$ jfr view allocation-by-class\n${view('allocation-by-class')}${histogram}\n\`\`\``)
  }
  jfr = parts.join('\n\n')
}

const finished = new Date().toISOString()
machine.loadavgEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ')
notes.push(`Full run took ${((performance.now() - tRun) / 60000).toFixed(1)} min.`)
const md = renderResults({ cfg, runs, machine, started, finished, notes, jfr, knobs: describeKnobs() })
fs.mkdirSync(path.join(LOAD_DIR, 'target'), { recursive: true })
// the raw numbers, to re-render with --from-json: target/<name of the .md>.json
fs.writeFileSync(path.join(LOAD_DIR, 'target', path.basename(out).replace(/\.md$/, '') + '.json'), JSON.stringify({ cfg, machine, started, finished, notes, runs, jfr }, null, 1))
fs.writeFileSync(out, md)
log(`wrote ${out}`)
