'use strict';
// Builds flows.json (one InfluxDB write per frame, as a user wires it), flows-batch.json (the same flow with
// points joined 500 at a time / 100 ms into the "influxdb batch" node: a tuned variant) and fences.geojson
// from src/*.js and the gateway's seed geofences:
//   node make-flow.js            (npm run build-flow)   writes the three files
//   node make-flow.js --check    exits 1 when a committed file differs from what it would write (selftest.js)
// The geofences are the seed's community safe zones (src/SafeCommunity.Iot.Gateway/Seed/anlong-geofences.geojson,
// the keep-in polygons of elder and child wristbands): one geofence node per community in the flow, and the same
// polygons in fences.geojson for the gateway (side-by-side.sh imports it), so both check the same fences.
// Ports, QoS and the database are Node-RED environment-variable properties (${MQTT_PORT}, ${VM_PORT}, ${MQTT_QOS},
// ${INFLUX_DB}) so the same flow file runs against whatever side-by-side.sh started.
const fs = require('fs');
const path = require('path');
const here = __dirname;
const src = (f) => fs.readFileSync(path.join(here, 'src', f), 'utf8');
const SEED_FENCES = path.join(here, '..', '..', 'src', 'SafeCommunity.Iot.Gateway', 'Seed', 'anlong-geofences.geojson');

// The community safe zones: every keep-in polygon assigned to the elder or child wristbands of a community.
function safeZones() {
  const seed = JSON.parse(fs.readFileSync(SEED_FENCES, 'utf8'));
  const features = seed.features.filter((f) => f.properties.mode === 'keep-in' && f.geometry.type === 'Polygon' &&
    /-boundary-(elder|child)$/.test(f.properties.id) && !f.properties.schedule);
  const byCommunity = new Map();
  for (const f of features) {
    const c = f.properties.assignment.community;
    const ring = JSON.stringify(f.geometry.coordinates);
    if (byCommunity.has(c) && byCommunity.get(c).ring !== ring) throw new Error(`${c}: elder and child zones differ`);
    byCommunity.set(c, { ring, outer: f.geometry.coordinates[0] });
  }
  return { features, communities: [...byCommunity.entries()].map(([c, z]) => ({ community: c, outer: z.outer })) };
}

function build(batch, zones) {
  const tab = 'safecomm_tab';
  const fn = (id, name, file, x, y, wires, outputs = 1, libs = []) => ({
    id, type: 'function', z: tab, name, func: src(file), outputs, timeout: 0, noerr: 0,
    initialize: '', finalize: '', libs, x, y, wires,
  });
  const fenceIds = zones.map((z) => 'fence_' + z.community);
  const nodes = [
    { id: tab, type: 'tab', label: 'SafeCommunity uplinks', disabled: false,
      info: 'ChirpStack v4 uplinks -> decode PROTOCOL.md v1 + AES-CMAC MIC (per-device keys) -> replay check -> ' +
            'community safe zone (geofence) -> InfluxDB point + alarms on safecomm/alarm/<device>' },
    { id: 'broker', type: 'mqtt-broker', name: 'local mosquitto', broker: '127.0.0.1', port: '${MQTT_PORT}',
      clientid: 'safecomm-node-red', autoConnect: true, usetls: false, protocolVersion: 4, keepalive: '60',
      cleansession: true, autoUnsubscribe: true,
      birthTopic: '', birthQos: '0', birthRetain: 'false', birthPayload: '', birthMsg: {},
      closeTopic: '', closeQos: '0', closeRetain: 'false', closePayload: '', closeMsg: {},
      willTopic: '', willQos: '0', willRetain: 'false', willPayload: '', willMsg: {}, userProps: '', sessionExpiry: '' },
    { id: 'influx', type: 'influxdb', hostname: '127.0.0.1', port: '${VM_PORT}', protocol: 'http',
      database: '${INFLUX_DB}', name: 'victoria-metrics', usetls: false, tls: '', influxdbVersion: '1.x',
      url: 'http://localhost:8086', timeout: '10', rejectUnauthorized: true },
    { id: 'mqtt_in', type: 'mqtt in', z: tab, name: 'ChirpStack uplinks', topic: 'application/+/device/+/event/up',
      qos: '${MQTT_QOS}', datatype: 'json', broker: 'broker', nl: false, rap: true, rh: 0, inputs: 0,
      x: 140, y: 100, wires: [['decode']] },
    fn('decode', 'decode + MIC', 'decode.js', 330, 100, [['replay']], 1, [{ var: 'crypto', module: 'crypto' }]),
    fn('replay', 'replay check', 'replay.js', 500, 100, [['zone_switch']]),
    { id: 'zone_switch', type: 'switch', z: tab, name: 'safe zone of', property: 'fence', propertyType: 'msg',
      rules: [...zones.map((z) => ({ t: 'eq', v: z.community, vt: 'str' })), { t: 'else' }],
      checkall: 'false', repair: false, outputs: zones.length + 1, x: 670, y: 100,
      wires: [...fenceIds.map((id) => [id]), ['point']] },
    ...zones.map((z, i) => ({
      id: fenceIds[i], type: 'geofence', z: tab, name: z.community + ' safe zone', mode: 'polyline', inside: 'both',
      rad: 0, points: z.outer.slice(0, -1).map(([lon, lat]) => ({ latitude: lat, longitude: lon })), centre: {},
      floor: '', ceiling: '', worldmap: false, outputs: 1, x: 870, y: 40 + 40 * i, wires: [['point']] })),
    fn('point', 'point + alarms', 'point.js', 1060, 100, [[batch ? 'join' : 'influx_out'], ['alarm_out']], 2),
    { id: 'alarm_out', type: 'mqtt out', z: tab, name: 'alarms', topic: '', qos: '1', retain: 'false',
      respTopic: '', contentType: '', userProps: '', correl: '', expiry: '', broker: 'broker',
      x: 1250, y: 160, wires: [] },
    { id: 'mqtt_status', type: 'status', z: tab, name: 'mqtt state', scope: ['mqtt_in'], x: 140, y: 280,
      wires: [['mqtt_state_fn']] },
    fn('mqtt_state_fn', 'remember mqtt state', 'mqtt-status.js', 340, 280, []),
    { id: 'catch_influx', type: 'catch', z: tab, name: 'influx errors', scope: [batch ? 'influx_batch' : 'influx_out'],
      uncaught: false, x: 140, y: 340, wires: [['count_err']] },
    fn('count_err', 'count write errors', 'count-error.js', 340, 340, []),
    { id: 'stats_in', type: 'http in', z: tab, name: '', url: '/stats', method: 'get', upload: false,
      swaggerDoc: '', x: 130, y: 400, wires: [['stats_fn']] },
    fn('stats_fn', 'stats', 'stats.js', 320, 400, [['http_out']]),
    { id: 'metrics_in', type: 'http in', z: tab, name: '', url: '/metrics', method: 'get', upload: false,
      swaggerDoc: '', x: 130, y: 460, wires: [['metrics_fn']] },
    fn('metrics_fn', 'metrics', 'metrics.js', 320, 460, [['http_out']]),
    { id: 'http_out', type: 'http response', z: tab, name: '', statusCode: '', headers: {}, x: 510, y: 430, wires: [] },
  ];
  if (batch) {
    nodes.push(
      { id: 'join', type: 'join', z: tab, name: '500 points / 100 ms', mode: 'custom', build: 'array',
        property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str',
        useparts: false, accumulate: false, timeout: '0.1', count: '500', reduceRight: false,
        reduceExp: '', reduceInit: '', reduceInitType: '', reduceFixup: '', x: 1250, y: 60, wires: [['to_batch']] },
      fn('to_batch', 'to batch points', 'to-batch.js', 1430, 60, [['influx_batch']]),
      { id: 'influx_batch', type: 'influxdb batch', z: tab, influxdb: 'influx', precision: '', retentionPolicy: '',
        name: 'write batch', database: 'database', precisionV18FluxV20: 'ms', retentionPolicyV18Flux: '',
        org: 'organisation', bucket: 'bucket', x: 1610, y: 60, wires: [] });
  } else {
    nodes.push({ id: 'influx_out', type: 'influxdb out', z: tab, influxdb: 'influx', name: 'uplink point',
      measurement: 'uplink', precision: '', retentionPolicy: '', database: 'database',
      precisionV18FluxV20: 'ms', retentionPolicyV18Flux: '', org: 'organisation', bucket: 'bucket',
      x: 1260, y: 100, wires: [] });
  }
  return nodes;
}

function outputs() {
  const { features, communities } = safeZones();
  return {
    'flows.json': JSON.stringify(build(false, communities), null, 4) + '\n',
    'flows-batch.json': JSON.stringify(build(true, communities), null, 4) + '\n',
    'fences.geojson': JSON.stringify({ type: 'FeatureCollection', features }, null, 2) + '\n',
  };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = [];
  for (const [file, text] of Object.entries(outputs())) {
    const p = path.join(here, file);
    if (check) { if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) stale.push(file); }
    else fs.writeFileSync(p, text);
  }
  if (check && stale.length) { console.error(`out of date (run node make-flow.js): ${stale.join(', ')}`); process.exit(1); }
  console.log(check ? 'flows.json, flows-batch.json, fences.geojson are up to date' : 'wrote flows.json, flows-batch.json, fences.geojson');
}
module.exports = { outputs, safeZones };
