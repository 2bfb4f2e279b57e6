'use strict';
// side-by-side.sh's arithmetic and table, from the load tool's JSON reports (tools/SafeCommunity.Iot.LoadTest, --report):
//   node summarize.js sent REPORT                               uplinks the tool published (acknowledged by the broker)
//   node summarize.js row SYSTEM RATE REPORT WRITTEN VMHWM_KB ACCEPTED_NOW   one JSON line: one system at one rate
//   node summarize.js table ROWS SETUP                          the table (and a SIDE_BY_SIDE {json} line per row)
//   node summarize.js smoke ROWS "SYSTEMS" "RATES"              exit 1 unless every row is there, nothing was lost
//                                                               and every SOS was matched
const fs = require('fs');
const [cmd, ...args] = process.argv.slice(2);
const report = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const rows = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const round = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v) ? null : +v.toFixed(d));

function row(system, rate, file, written, vmhwmKb, acceptedNow) {
  const r = report(file);
  const t = r.throughput, a = r.alarms, c = r.cpu, m = r.memory;
  const sent = t.mqttPublished;
  const w = Number(written);
  // The count at the end of the waits (the system may have worked on after the tool's drain timeout), never below
  // what the tool saw.
  const accepted = Math.max(t.accepted, Number(acceptedNow) || 0);
  const lost = sent - Math.min(accepted, w);
  // Kept up: the tool could hand over the rate asked, nothing it published was lost (accepted and written), and the
  // system had accepted everything within 2 s of the end of sending.
  const keptUp = lost === 0 && t.mqttPublishFailures === 0 && t.drainSeconds <= 2 && t.sentPerSecond >= 0.97 * Number(rate);
  const unexpected = Object.values(a.unexpected || {}).reduce((s, n) => s + n, 0);
  const zone = Object.entries(a.unexpected || {}).filter(([k]) => k.startsWith('LeftSafeZone')).reduce((s, [, n]) => s + n, 0);
  return {
    system, rate: Number(rate), devices: r.setup.devices, duration_s: r.setup.durationSeconds, alarm_share: r.setup.alarmShare,
    when: r.setup.startedAt, load_before: r.setup.loadAverageBefore, load_after: r.setup.loadAverageAfter,
    sent, publish_failures: t.mqttPublishFailures, accepted, accepted_at_drain_end: t.accepted, written: w, lost,
    rejected: t.rejected, sent_per_s: round(t.sentPerSecond), accepted_per_s: round(t.acceptedPerSecondOverall),
    send_s: round(t.sendSeconds, 1), drain_s: round(t.drainSeconds, 1), kept_up: keptUp,
    sustained_fps: keptUp ? round(t.acceptedPerSecondOverall) : null,
    sos_sent: a.sent, sos_matched: a.matched, sos_missing: a.missing,
    alarm_p50_ms: a.latencyMs.count ? round(a.latencyMs.p50, 1) : null, alarm_p90_ms: a.latencyMs.count ? round(a.latencyMs.p90, 1) : null,
    alarm_p99_ms: a.latencyMs.count ? round(a.latencyMs.p99, 1) : null, alarm_max_ms: a.latencyMs.count ? round(a.latencyMs.max, 1) : null,
    zone_alarms: zone, other_alarms: unexpected - zone,
    cpu_pct_core: round(c.percentOfCore, 1), cpu_busiest_interval_pct: round(c.maxIntervalPercentOfCore, 1),
    cpu_us_per_frame: keptUp && c.percentOfCore ? round((c.percentOfCore / 100) * 1e6 / t.sentPerSecond) : null,
    load_tool_cpu_pct_core: round(c.loadToolPercentOfCore, 1),
    rss_peak_mib: m.maxRssBytes ? round(m.maxRssBytes / 1048576, 1) : null,
    rss_start_mib: m.startRssBytes ? round(m.startRssBytes / 1048576, 1) : null,
    vmhwm_mib: Number(vmhwmKb) ? round(Number(vmhwmKb) / 1024, 1) : null,
    notes: r.notes,
  };
}

const COLUMNS = [
  ['system', (r) => r.system, 9],
  ['rate/s', (r) => r.rate, 7],
  ['sent', (r) => r.sent, 9],
  ['accepted', (r) => r.accepted, 9],
  ['written', (r) => r.written, 9],
  ['lost', (r) => r.lost, 7],
  ['accepted/s', (r) => r.accepted_per_s, 11],
  ['drain s', (r) => r.drain_s, 8],
  ['sustained f/s', (r) => (r.kept_up ? r.sustained_fps : 'no'), 14],
  ['SOS p50 ms', (r) => r.alarm_p50_ms, 11],
  ['SOS p99 ms', (r) => r.alarm_p99_ms, 11],
  ['SOS seen', (r) => `${r.sos_matched}/${r.sos_sent}`, 9],
  ['zone alarms', (r) => r.zone_alarms, 12],
  ['CPU %core', (r) => r.cpu_pct_core, 10],
  ['CPU µs/frame', (r) => r.cpu_us_per_frame, 13],
  ['RSS peak MiB', (r) => r.rss_peak_mib, 13],
  ['HWM MiB', (r) => r.vmhwm_mib, 8],
];
const fmt = (v) => (v === null || v === undefined ? '-' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v));
const ratio = (g, n) => (typeof g === 'number' && typeof n === 'number' && n !== 0 ? `${(g / n).toFixed(2)}×` : '-');

function table(file, setup) {
  const all = rows(file);
  const line = (cells) => cells.map((c, i) => String(c).padEnd(COLUMNS[i][2])).join(' ').trimEnd();
  console.log(`Side by side: ${setup}`);
  console.log(line(COLUMNS.map((c) => c[0])));
  for (const rate of [...new Set(all.map((r) => r.rate))]) {
    const at = all.filter((r) => r.rate === rate);
    for (const r of at) console.log(line(COLUMNS.map(([, get]) => fmt(get(r)))));
    const g = at.find((r) => r.system === 'gateway'), n = at.find((r) => r.system === 'node-red');
    if (g && n) {
      const ratios = { 'accepted/s': ratio(g.accepted_per_s, n.accepted_per_s), 'SOS p50 ms': ratio(g.alarm_p50_ms, n.alarm_p50_ms),
        'SOS p99 ms': ratio(g.alarm_p99_ms, n.alarm_p99_ms), 'CPU %core': ratio(g.cpu_pct_core, n.cpu_pct_core),
        'CPU µs/frame': ratio(g.cpu_us_per_frame, n.cpu_us_per_frame), 'RSS peak MiB': ratio(g.rss_peak_mib, n.rss_peak_mib),
        'HWM MiB': ratio(g.vmhwm_mib, n.vmhwm_mib), 'sustained f/s': ratio(g.sustained_fps, n.sustained_fps) };
      console.log(line(COLUMNS.map(([name], i) => (i === 0 ? 'gw÷NR' : ratios[name] || ''))));
    }
  }
  console.log('sent = published and acknowledged by the broker; accepted = the system\'s own count of frames through its ' +
    'whole path (/metrics) when the waits ended (drain timeout after sending, then the wait for the writes); written = ' +
    'its uplink points in VictoriaMetrics by then; lost = sent - min(accepted, written), a backlog not worked off by ' +
    'then included; accepted/s = accepted by the end of the drain / (sending + drain); sustained = accepted/s when it kept up (nothing lost, the asked rate ' +
    'handed over, everything accepted within 2 s of the end of sending); SOS = publish -> alarm seen (gateway: gRPC ' +
    'Watch; Node-RED: MQTT); CPU over the sending window; RSS sampled every second, HWM = VmHWM at the end.');
  for (const r of all) {
    console.log(`load average ${r.system} r${r.rate}: ${r.load_before} before, ${r.load_after} after; load tool ${fmt(r.load_tool_cpu_pct_core)} % of a core` +
      (r.notes && r.notes.length ? `; ${r.notes.join('; ')}` : ''));
  }
  for (const r of all) console.log('SIDE_BY_SIDE ' + JSON.stringify(r));
}

function smoke(file, systems, rates) {
  const all = rows(file);
  const problems = [];
  for (const rate of rates.split(/\s+/).filter(Boolean).map(Number)) {
    for (const system of systems.split(/\s+/).filter(Boolean)) {
      const r = all.find((x) => x.system === system && x.rate === rate);
      if (!r) { problems.push(`${system} at ${rate}/s: no row`); continue; }
      if (r.sent <= 0) problems.push(`${system}: nothing sent`);
      if (r.lost !== 0) problems.push(`${system}: ${r.lost} frames lost (sent ${r.sent}, accepted ${r.accepted}, written ${r.written})`);
      if (r.publish_failures !== 0) problems.push(`${system}: ${r.publish_failures} publish failures`);
      if (r.sos_sent <= 0 || r.sos_missing !== 0 || r.sos_matched !== r.sos_sent) problems.push(`${system}: SOS ${r.sos_matched} of ${r.sos_sent} seen`);
    }
  }
  if (problems.length) { console.log('SMOKE FAILED: ' + problems.join('; ')); process.exit(1); }
  console.log(`SMOKE OK: ${all.length} rows, nothing lost, every SOS seen`);
}

switch (cmd) {
  case 'sent': console.log(report(args[0]).throughput.mqttPublished); break;
  case 'row': console.log(JSON.stringify(row(...args))); break;
  case 'table': table(args[0], args[1]); break;
  case 'smoke': smoke(args[0], args[1], args[2]); break;
  default: console.error('usage: summarize.js accepted|row|table|smoke ...'); process.exit(2);
}
