'use strict';
// node selftest.js: the flow's function code (src/*.js, run as Node-RED runs a function node) against the shared
// protocol vectors (firmware-protocol/vectors, the files the C# codec and the C encoder are tested with), the MIC
// and replay behaviour, the points and alarms, the /metrics text, and that flows.json is built from src/*.js.
// No Node-RED and no servers needed; exit code 1 when anything fails.
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { cmac, encode } = require('./codec');
const { outputs } = require('./make-flow');

const VECTORS = path.join(__dirname, '..', '..', 'firmware-protocol', 'vectors');
const vectors = fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(VECTORS, f), 'utf8')));
let passed = 0, failed = 0;
function check(name, fn) {
  try { fn(); passed++; } catch (e) { failed++; console.error('FAIL', name + ':', e.message); }
}

// --- a minimal stand-in for Node-RED's function sandbox: new Function over (msg, node, context, flow, global, env) ---
function store(initial) { const m = new Map(Object.entries(initial || {})); return { get: (k) => m.get(k), set: (k, v) => m.set(k, v) }; }
function harness(devices) {
  const flow = store(), global = store({ devices });
  const node = (file) => {
    const body = fs.readFileSync(path.join(__dirname, 'src', file), 'utf8');
    const context = store();
    const f = new Function('msg', 'node', 'context', 'flow', 'global', 'env', 'crypto', body);
    return (msg) => f(msg, { warn() {}, error() {} }, context, flow, global, { get: () => undefined }, crypto);
  };
  return { flow, decode: node('decode.js'), replay: node('replay.js'), point: node('point.js'), metrics: node('metrics.js') };
}
const uplink = (bytes, devEui = '70b3d57e33000001') => ({
  topic: `application/x/device/${devEui}/event/up`,
  payload: { time: '2026-11-29T14:05:00.123456789+00:00', deviceInfo: { devEui }, fPort: 10, data: Buffer.from(bytes).toString('base64') },
});

// --- CMAC: the RFC 4493 examples of the shared vectors ---
for (const v of vectors.filter((v) => v.kind === 'cmac')) {
  check(`${v.name}: codec CMAC`, () => assert.strictEqual(cmac(Buffer.from(v.key, 'hex'), Buffer.from(v.message, 'hex')).toString('hex'), v.cmac));
}

// --- every radio-frame vector through the flow's decode function, with the vector's key in the key table ---
const COMPARED = ['type', 'device_id', 'counter', 'flags', 'battery', 'latitude', 'longitude', 'accuracy', 'fix_age',
  'event', 'command', 'argument', 'acked_counter', 'result'];
for (const v of vectors.filter((v) => v.kind === 'radio-frame')) {
  const bytes = Buffer.from(v.hex, 'hex');
  const id = v.fields && v.fields.device_id !== undefined ? v.fields.device_id : (bytes.length >= 5 ? bytes.readUInt32LE(1) : 1);
  const h = harness({ [id]: { key: v.key, community: 'wufu', kind: 'elder-wristband' } });
  const out = h.decode(uplink(bytes));
  const stats = h.flow.get('stats');
  if (v.valid && v.fields.type !== 'downlink-command') {
    check(`${v.name}: decoded`, () => {
      assert.ok(out && out.frame, `dropped: ${JSON.stringify(stats.reasons)}`);
      for (const k of COMPARED) assert.deepStrictEqual(out.frame[k], v.fields[k], k);
      if (v.fields.latitude !== undefined) assert.strictEqual(out.frame.lat, v.fields.latitude / 1e7);
    });
    if (v.fields.type !== 'command-ack') {
      check(`${v.name}: codec encodes it byte for byte`, () => assert.strictEqual(encode(v.fields, Buffer.from(v.key, 'hex')).toString('hex'), v.hex));
    }
  } else {
    const reason = v.valid ? 'Downlink' : v.error;
    check(`${v.name}: dropped as ${reason}`, () => {
      assert.strictEqual(out, null);
      assert.deepStrictEqual(stats.reasons, { [reason]: 1 });
      assert.strictEqual(stats.fresh + stats.malformed + stats.badMic + stats.unknownDevice, 1);
    });
  }
}

// --- MIC with per-device keys ---
const report = vectors.find((v) => v.name === 'frame-position-report');
const sos = vectors.find((v) => v.name === 'frame-alarm-sos-with-position');
const beacon = vectors.find((v) => v.name === 'frame-beacon');
check('another device\'s key: BadMic', () => {
  const h = harness({ [report.fields.device_id]: { key: sos.key } });
  assert.strictEqual(h.decode(uplink(Buffer.from(report.hex, 'hex'))), null);
  assert.strictEqual(h.flow.get('stats').badMic, 1);
});
check('device not in the key table: unknown_device', () => {
  const h = harness({ 1: { key: report.key } });
  assert.strictEqual(h.decode(uplink(Buffer.from(report.hex, 'hex'))), null);
  assert.strictEqual(h.flow.get('stats').unknownDevice, 1);
});
check('each MIC bit matters', () => {
  const h = harness({ [report.fields.device_id]: { key: report.key } });
  for (let bit = 0; bit < 32; bit++) {
    const b = Buffer.from(report.hex, 'hex');
    b[21 + (bit >> 3)] ^= 1 << (bit & 7);
    assert.strictEqual(h.decode(uplink(b)), null);
  }
  assert.strictEqual(h.flow.get('stats').badMic, 32);
});
check('not an uplink event (the load tool\'s probe {}): not counted as an uplink', () => {
  const h = harness({});
  assert.strictEqual(h.decode({ payload: {} }), null);
  assert.strictEqual(h.decode({ payload: 'x' }), null);
  const s = h.flow.get('stats');
  assert.strictEqual(s.notUplink, 2);
  assert.strictEqual(s.received, 0);
});

// --- replay check on the counter: newer, or late within 16 and not seen yet ---
{
  const key = Buffer.from(report.key, 'hex');
  const h = harness({ [report.fields.device_id]: { key: report.key, community: 'wufu', kind: 'elder-wristband' } });
  const at = (counter) => encode({ ...report.fields, counter }, key);
  const passes = (counter) => { const m = h.decode(uplink(at(counter))); assert.ok(m, 'decoded'); return h.replay(m) !== null; };
  check('replay: first frame accepted', () => assert.ok(passes(100)));
  check('replay: the same counter again dropped', () => assert.ok(!passes(100)));
  check('replay: newer accepted', () => assert.ok(passes(103)));
  check('replay: late, within the window, not seen: accepted once', () => { assert.ok(passes(101)); assert.ok(!passes(101)); });
  check('replay: late, seen: dropped', () => assert.ok(!passes(103)));
  check('replay: 16 behind accepted, 17 behind dropped', () => { assert.ok(passes(87)); assert.ok(!passes(86)); });
  check('replay: a jump past the window forgets the mask', () => { assert.ok(passes(200)); assert.ok(!passes(183)); assert.ok(passes(184)); assert.ok(!passes(102)); });
  check('replay: counters above 2^31', () => { assert.ok(passes(4000000000)); assert.ok(!passes(3999999000)); assert.ok(passes(4000000001)); });
  check('replay: counted', () => { const s = h.flow.get('stats'); assert.strictEqual(s.fresh, 8); assert.strictEqual(s.replay, 7); assert.strictEqual(s.accepted, 0); });
}

// --- points and alarms ---
{
  const devices = {};
  for (const v of [report, sos, beacon]) devices[v.fields.device_id] = { key: v.key, community: 'wufu', kind: v === beacon ? 'ebike-chip' : 'elder-wristband' };
  const h = harness(devices);
  const through = (v, inarea) => {
    const m = h.replay(h.decode(uplink(Buffer.from(v.hex, 'hex'))));
    assert.ok(m, 'accepted');
    if (inarea !== undefined) m.location.inarea = inarea;
    return { m, out: h.point(m) };
  };
  check('position inside its zone: a point, no alarm', () => {
    const { m, out } = through(report, true);
    assert.strictEqual(m.fence, 'wufu');
    const [p, alarms] = out;
    assert.deepStrictEqual(alarms, []);
    assert.deepStrictEqual(p.payload[1], { device: String(report.fields.device_id), community: 'wufu', kind: 'elder-wristband' });
    assert.strictEqual(p.payload[0].counter, 42);
    assert.strictEqual(p.payload[0].inside, true);
    assert.strictEqual(p.payload[0].lat, 25.1012345);
    assert.strictEqual(p.payload[0].time.getTime(), Date.parse('2026-11-29T14:05:00.123Z'));
  });
  check('SOS alarm event: alarm sos on safecomm/alarm/<device>', () => {
    const [, alarms] = through(sos, true).out;
    assert.strictEqual(alarms.length, 1);
    assert.strictEqual(alarms[0].topic, 'safecomm/alarm/' + sos.fields.device_id);
    const a = JSON.parse(alarms[0].payload);
    assert.deepStrictEqual([a.kind, a.event, a.device, a.counter], ['sos', 'raised', sos.fields.device_id, sos.fields.counter]);
  });
  check('beacon of a chip: no fence, a point without position', () => {
    const { m, out } = through(beacon);
    assert.strictEqual(m.fence, '');
    assert.strictEqual(out[0].payload[0].lat, undefined);
    assert.deepStrictEqual(out[1], []);
  });
  const exitOf = (counter, inarea) => {
    const b = encode({ ...report.fields, counter }, Buffer.from(report.key, 'hex'));
    const m = h.replay(h.decode(uplink(b)));
    m.location.inarea = inarea;
    return h.point(m)[1].map((a) => JSON.parse(a.payload).kind);
  };
  check('leaving the zone: left-safe-zone once, again after coming back', () => {
    assert.deepStrictEqual(exitOf(43, false), ['left-safe-zone']);
    assert.deepStrictEqual(exitOf(44, false), []);
    assert.deepStrictEqual(exitOf(45, true), []);
    assert.deepStrictEqual(exitOf(46, false), ['left-safe-zone']);
  });
  check('/metrics: the gateway\'s metric names', () => {
    const text = h.metrics({}).payload;
    assert.match(text, /^safecomm_uplinks_processed_total\{outcome="accepted"\} 7$/m);
    assert.match(text, /^safecomm_uplinks_received_total\{transport="lorawan"\} 7$/m);
    assert.match(text, /^nodered_flow_alarms_total 3$/m);
  });
}

check('flows.json, flows-batch.json, fences.geojson are built from src/*.js and the seed (node make-flow.js)', () => {
  for (const [file, text] of Object.entries(outputs())) assert.ok(fs.readFileSync(path.join(__dirname, file), 'utf8') === text, file + ' is out of date');
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
