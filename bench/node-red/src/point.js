// The last step of the flow for every frame that passed the replay check. After the geofence nodes (mode "both": msg.location.inarea is set when the fix went through one):
// output 1 -> one InfluxDB point per accepted frame (measurement "uplink", tags device, community, kind;
//             fields counter, type, battery, flags and, with a position, lat, lon, accuracy_m, inside;
//             time = the uplink's time)
// output 2 -> the alarms, published on safecomm/alarm/<device id> as JSON {kind, event, device, counter, ...}:
//             an alarm event frame raises its event's alarm (SOS, fall, ...; power-on raises none), and a fix
//             that leaves its community's safe zone (inside -> outside, or first seen outside) raises
//             left-safe-zone. Kinds are the gateway's (docs/alarms.md), so one observer reads both.
const KINDS = { sos: 'sos', fall: 'fall', removed: 'wristband-removed', tamper: 'tamper',
                'moved-while-armed': 'moved-while-armed', 'low-battery': 'low-battery' };
const stats = flow.get('stats');
let zone = flow.get('zone');
if (!zone) { zone = new Map(); flow.set('zone', zone); }
const f = msg.frame;
let t = f.time ? Date.parse(f.time) : NaN;
if (isNaN(t)) t = Date.now();
const alarms = [];
function alarm(kind) {
    stats.alarms++;
    alarms.push({ topic: 'safecomm/alarm/' + f.device_id,
                  payload: JSON.stringify({ kind: kind, event: 'raised', device: f.device_id, counter: f.counter,
                                            community: f.community, lat: f.lat, lon: f.lon, time: f.time }) });
}
if (f.type === 'alarm-event' && KINDS[f.event]) alarm(KINDS[f.event]);
const fields = { counter: f.counter, type: f.type, battery: f.battery, flags: f.status & 0x1ff };
if (f.lat !== undefined) {
    fields.lat = f.lat; fields.lon = f.lon; fields.accuracy_m = f.accuracy;
    if (msg.location && typeof msg.location.inarea === 'boolean') {
        const inside = msg.location.inarea;
        fields.inside = inside;
        const before = zone.get(f.device_id);
        zone.set(f.device_id, inside);
        if (!inside && before !== false) { stats.zoneExits++; alarm('left-safe-zone'); }
    }
}
fields.time = new Date(t);
stats.points++;
stats.accepted++;   // through the whole flow: its point goes to InfluxDB now (what /metrics calls accepted)
msg.payload = [fields, { device: String(f.device_id), community: f.community || 'none', kind: f.kind || 'unknown' }];
return [msg, alarms];
