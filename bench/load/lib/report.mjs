// Writes bench/results.md from the measured numbers (nothing typed by hand).

export const METRICS = [
  { sc: 'fanout', key: 'serverCpuPerDeliveredUs', label: 'fan-out: server CPU per delivered update (µs)', target: { op: '<=', v: 0.5 } },
  { sc: 'fanout', key: 'latP99', label: 'fan-out: latency p99 at equal load (ms)', target: { op: '<=', v: 0.5 } },
  { sc: 'fanout', key: 'latP50', label: 'fan-out: latency p50 (ms)' },
  { sc: 'fanout', key: 'latMax', label: 'fan-out: latency max (ms)' },
  { sc: 'fanout', key: 'deliveredPerSec', label: 'fan-out: delivered updates/s (offered load fixed)' },
  { sc: 'fanout', key: 'sendLagMax', label: 'fan-out: generator\'s worst send delay (ms; large = the generator itself stalled, so that run\'s tail latency is not the server\'s)' },
  { sc: 'hot', key: 'updatesPerSec', label: 'hot room: updates/s writer→reader', target: { op: '>=', v: 2 } },
  { sc: 'hot', key: 'serverCpuPerDeliveredUs', label: 'hot room: server CPU per delivered update (µs)' },
  { sc: 'storm', key: 'connPerSec', label: 'connect storm: connections/s' },
  { sc: 'storm', key: 'step1P50', label: 'connect storm: connect→step 1 p50 (ms)' },
  { sc: 'storm', key: 'step1P99', label: 'connect storm: connect→step 1 p99 (ms)' },
  { sc: 'storm', key: 'serverCpuPerConnUs', label: 'connect storm: server CPU per connection (µs)' },
  { sc: 'idle', key: 'rssPerConnKiB', label: 'idle: server RSS per synced connection (KiB)', target: { op: '<=', v: 1 } },
  { sc: 'idle', key: 'idleServerCores', label: 'idle: server CPU while holding them (cores)' },
  { sc: 'big', key: 'uploadMs', label: 'big document: upload applied (ms)' },
  { sc: 'big', key: 'seqP50', label: 'big document: late join, one by one, p50 (ms)', target: { op: '<=', v: 0.5 } },
  { sc: 'big', key: 'batchAllMs', label: 'big document: ten joiners at once, all done (ms)', target: { op: '<=', v: 0.5 } },
  { sc: 'hotbig', key: 'updatesPerSec', label: 'hot room on the big document: updates/s' }
]

const CHECKS = {
  fanout: ['expected', 'delivered', 'lost', 'dup', 'echoes', 'foreign', 'unknown', 'connectFailures', 'disconnected', 'closedBy'],
  hot: ['updates', 'delivered', 'lost', 'dup', 'echoes', 'connectFailures', 'timedOut', 'closedBy'],
  storm: ['attempted', 'ok', 'failed'],
  idle: ['conns', 'synced', 'failed', 'droppedWhileIdle'],
  big: ['docBytes', 'joinFailures', 'verifyFailures'],
  hotbig: ['updates', 'delivered', 'lost', 'dup', 'echoes', 'connectFailures', 'timedOut', 'closedBy']
}

export function fmt (x) {
  if (x === undefined || x === null || (typeof x === 'number' && Number.isNaN(x))) return '–'
  if (typeof x === 'boolean') return x ? 'yes' : 'no'
  if (typeof x !== 'number') return String(x)
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x)
  const a = Math.abs(x)
  if (a >= 1000) return Math.round(x).toString()
  if (a >= 100) return x.toFixed(0)
  if (a >= 10) return x.toFixed(1)
  if (a >= 1) return x.toFixed(2)
  return x.toPrecision(2)
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN
}

/** runs: [{ round, kind, results: {scenario: {...}} }] -> per-round paired ratios ours/ref. */
export function ratios (runs, sc, key, kind = 'ours') {
  const rounds = [...new Set(runs.map((r) => r.round))]
  const out = []
  for (const round of rounds) {
    const a = runs.find((r) => r.round === round && r.kind === kind)?.results?.[sc]?.[key]
    const b = runs.find((r) => r.round === round && r.kind === 'ref')?.results?.[sc]?.[key]
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && b !== 0) out.push(a / b)
  }
  return out
}

export function renderResults ({ cfg, runs, machine, started, finished, notes = [], jfr = null, knobs }) {
  const L = []
  const per = (kind, sc, key) => runs.filter((r) => r.kind === kind).map((r) => r.results?.[sc]?.[key])
  L.push('# Load benchmark results: Epicenter vs the Node reference server')
  L.push('')
  L.push(`Written by \`bash bench/run.sh\` (bench/load/run.mjs) on ${finished}; run started ${started}. Nothing here is typed by hand.`)
  L.push('')
  L.push(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memGiB} GiB, ${machine.os}; Node ${machine.node}; ${machine.java}. ` +
    'Generator and server share these cores with whatever else runs (see "other processes" below).')
  L.push(`Servers: **Epicenter** = \`java ${machine.javaOpts || ''}-jar server-app/target/server-app.jar serve\` with the shipped defaults (rooms at \`/sync/<room>\`; the durable SQLite store, which the reference does not have)${cfg.oursRateLimit === 'off' || cfg.oursSet ? ',' : ';'} ` +
    (cfg.oursRateLimit === 'off' ? 'except its per-connection update rate limit, switched off with a config file holding only `plugins.sync.limits.updates-per-second: 0` (the hot-room writer exceeds the shipped 1,000/s with a burst of 20,000 by design, and would be closed with 1008); ' : '') +
    (cfg.oursSet ? `and with \`${cfg.oursSet}\` set; ` : '') +
    '**Epicenter (memory store)**, where run, = the same with `--storage memory`; ' +
    `(jar built ${machine.jarBuilt ?? '?'}, copied for the run); ` +
    '**reference** = `@y/websocket-server` 0.1.1 (its own bin, `src/server.js`) on yjs 13.6.33 under the same Node (rooms at `/<room>`).')
  L.push(`Order: ${cfg.rounds} round(s), each ${cfg.servers.split(',').join(' then ')}; each server session starts a fresh server, warms it up (${cfg.warmupSeconds} s fan-out + a short hot room, storm and big document) and then runs ${cfg.only}.`)
  L.push('Ratios are ours ÷ reference, paired within a round; shown as median (min–max over rounds).')
  L.push('')
  {
    // how busy the machine was besides us: CPU-seconds-weighted over every measured scenario
    let other = 0; let wall = 0; let maxOther = 0
    for (const r of runs) {
      for (const x of Object.values(r.results ?? {})) {
        if (!x?.cpu) continue
        other += x.cpu.other; wall += x.cpu.wall
        maxOther = Math.max(maxOther, x.cpu.otherCores)
      }
    }
    if (wall > 0) {
      L.push(`**How busy the machine was:** other processes (not the server, not the generator) used ${fmt(other / wall)} of the ${machine.cores} cores on average during the measured scenarios (up to ${fmt(maxOther)} in one scenario); load average ${machine.loadavgStart ?? '?'} at the start, ${machine.loadavgEnd ?? '?'} at the end. Per scenario: the CPU table below.`)
      L.push('')
    }
  }
  for (const n of notes) L.push(`> ${n}`)
  if (notes.length) L.push('')
  L.push('## Targets')
  L.push('')
  const kinds = [...new Set(runs.map((r) => r.kind))].sort((a, b) => ['ours', 'ref', 'ours-mem'].indexOf(a) - ['ours', 'ref', 'ours-mem'].indexOf(b))
  const labelOf = (k) => runs.find((r) => r.kind === k)?.label ?? k
  const others = kinds.filter((k) => k !== 'ref' && kinds.includes('ref'))
  const spread = (r) => r.length ? `${fmt(median(r))} (${fmt(Math.min(...r))}–${fmt(Math.max(...r))})` : '–'
  L.push(`| figure | ${kinds.map((k) => labelOf(k) + ' (per run)').join(' | ')} | ${others.map((k) => `ratio ${labelOf(k)} ÷ reference`).join(' | ')} | target (Epicenter ÷ reference) | met? |`)
  L.push(`| --- | ${kinds.map(() => '---').join(' | ')} | ${others.map(() => '---').join(' | ')} | --- | --- |`)
  for (const m of METRICS) {
    const r = ratios(runs, m.sc, m.key, 'ours')
    let target = ''; let met = ''
    if (m.target) {
      target = `${m.target.op === '<=' ? '≤' : '≥'} ${m.target.v}×`
      if (r.length) {
        const med = median(r)
        met = (m.target.op === '<=' ? med <= m.target.v : med >= m.target.v) ? '**yes**' : '**no**'
      } else met = 'not measured'
    }
    L.push(`| ${m.label} | ${kinds.map((k) => per(k, m.sc, m.key).map(fmt).join(', ')).join(' | ')} | ${others.map((k) => spread(ratios(runs, m.sc, m.key, k))).join(' | ')} | ${target} | ${met} |`)
  }
  L.push('')
  L.push('## Correctness counts (every run)')
  L.push('')
  L.push('| scenario | server | round | counts |')
  L.push('| --- | --- | --- | --- |')
  for (const [sc, keys] of Object.entries(CHECKS)) {
    for (const r of runs) {
      const x = r.results?.[sc]
      if (!x) continue
      const body = x.error ? `error: ${x.error.split('\n')[0]}` : x.failed && typeof x.failed === 'string' ? x.failed : keys.filter((k) => x[k] !== undefined).map((k) => `${k} ${fmt(x[k])}`).join(', ')
      L.push(`| ${sc} | ${r.label} | ${r.round} | ${body} |`)
    }
  }
  L.push('')
  L.push('Fan-out: `lost` = updates a peer never got, `dup` = deliveries beyond the first, `echoes` = the sender\'s own update sent back to it (counted apart, not as deliveries).')
  L.push('')
  L.push('## CPU during each scenario (cores = CPU seconds ÷ wall seconds; 2.0 = the whole machine)')
  L.push('')
  L.push('| scenario | server | round | wall s | server | generator | other processes | generator-bound? |')
  L.push('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const sc of ['idle', 'fanout', 'hot', 'storm', 'big', 'hotbig']) {
    for (const r of runs) {
      const c = r.results?.[sc]?.cpu
      if (!c) continue
      const bound = c.genCores > 0.85 ? `**yes** (${fmt(c.genCores)})` : c.genCores + c.serverCores + c.otherCores > 1.8 ? 'machine full' : 'no'
      L.push(`| ${sc} | ${r.label} | ${r.round} | ${fmt(c.wall)} | ${fmt(c.serverCores)} | ${fmt(c.genCores)} | ${fmt(c.otherCores)} | ${bound} |`)
    }
  }
  L.push('')
  L.push('Other processes = machine busy time from /proc/stat minus the server\'s and the generator\'s own (other engineers\' builds and tests): the larger it is, the noisier the row.')
  L.push('')
  L.push('## Detail per run')
  L.push('')
  for (const r of runs) {
    L.push(`<details><summary>${r.label}, round ${r.round}</summary>`)
    L.push('')
    L.push('```json')
    L.push(JSON.stringify(r.results, (k, v) => typeof v === 'number' ? Number(v.toPrecision(5)) : v, 1))
    L.push('```')
    L.push('</details>')
    L.push('')
  }
  if (jfr) {
    L.push('## Where our server\'s time goes (JFR: one extra session of Epicenter per scenario, not part of the figures above)')
    L.push('')
    L.push(jfr.trim())
    L.push('')
  }
  L.push('## Settings of this run')
  L.push('')
  L.push('```')
  L.push(JSON.stringify(cfg, null, 1))
  L.push('```')
  L.push('')
  L.push('Knobs (environment variable / flag):')
  L.push('')
  L.push('```')
  L.push(knobs)
  L.push('```')
  return L.join('\n') + '\n'
}
