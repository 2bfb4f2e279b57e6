// Decode a ChirpStack v4 uplink (msg.payload, parsed JSON) carrying a SafeCommunity protocol v1 radio frame
// (firmware-protocol/PROTOCOL.md §1) and verify it: the checks of §1.8 in their order, then the MIC (§1.7: the
// first 4 bytes of AES-128-CMAC, RFC 4493, over every byte before it, with the device's own key).
// Keys come from the key table in global context `devices` ({ id: { key, community, kind } }), which
// settings.js loads from the registry import file the load tool writes (NR_DEVICES): the same keys the
// gateway enrols. `crypto` is Node's built-in module, added on the function node's Setup tab (libs).
// Output: msg.frame (decoded fields), msg.location (for the geofence node) and msg.fence (the community whose
// safe zone applies to this fix, or '' when none does).
let stats = flow.get('stats');
if (!stats) {
    stats = { received: 0, notUplink: 0, malformed: 0, unknownDevice: 0, badMic: 0, replay: 0, fresh: 0, accepted: 0,
              points: 0, alarms: 0, zoneExits: 0, influxErrors: 0, mqtt: '', reasons: {} };
    flow.set('stats', stats);
}
const devices = global.get('devices') || {};
let keys = context.get('keys');
if (!keys) { keys = new Map(); context.set('keys', keys); }

// RFC 4493: subkeys K1, K2 from L = AES(K, 0^128), computed once per device.
function dbl(b) {
    const o = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) o[i] = ((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0)) & 0xff;
    if (b[0] & 0x80) o[15] ^= 0x87;
    return o;
}
function keyFor(id) {
    let k = keys.get(id);
    if (k === undefined) {
        const d = devices[id];
        if (!d || typeof d.key !== 'string' || !/^[0-9a-fA-F]{32}$/.test(d.key)) { k = null; }
        else {
            const key = Buffer.from(d.key, 'hex');
            const ecb = crypto.createCipheriv('aes-128-ecb', key, null);
            ecb.setAutoPadding(false);
            const k1 = dbl(ecb.update(Buffer.alloc(16)));
            k = { key, k1, k2: dbl(k1), iv: Buffer.alloc(16), community: d.community, kind: d.kind };
        }
        keys.set(id, k);
    }
    return k;
}
function cmac(k, m) {
    const n = Math.max(1, Math.ceil(m.length / 16));
    const lastStart = (n - 1) * 16;
    const last = Buffer.alloc(16);
    if (m.length > 0 && m.length % 16 === 0) {
        for (let i = 0; i < 16; i++) last[i] = m[lastStart + i] ^ k.k1[i];
    } else {
        m.copy(last, 0, lastStart, m.length);
        last[m.length - lastStart] = 0x80;
        for (let i = 0; i < 16; i++) last[i] ^= k.k2[i];
    }
    const c = crypto.createCipheriv('aes-128-cbc', k.key, k.iv);
    c.setAutoPadding(false);
    const out = c.update(lastStart ? Buffer.concat([m.subarray(0, lastStart), last]) : last);
    return out.subarray(out.length - 16);
}

const TYPES = [null, 'beacon', 'position-report', 'alarm-event', 'downlink-command', 'command-ack'];
const FLAGS = ['sos', 'fall', 'removed', 'tamper', 'armed', 'moving', 'charging', 'low_battery', 'gnss_fix_valid'];
const EVENTS = [null, 'sos', 'fall', 'removed', 'tamper', 'moved-while-armed', 'low-battery', 'power-on'];
const COMMANDS = [null, 'set-report-interval', 'locate-now', 'arm', 'disarm', 'sound-buzzer'];
const RESULTS = ['done', 'unsupported-command', 'invalid-argument', 'failed'];
// §1.2: the size of each type (an alarm event: 16 without a position, 26 with one).
function sizeOf(type, b) {
    switch (type) {
        case 1: return 15;
        case 2: return 25;
        case 3: return (b[11] & 0x80) ? 26 : 16;
        case 4: return 18;
        default: return 21;
    }
}
function position(b, at) {
    return { latitude: b.readInt32LE(at), longitude: b.readInt32LE(at + 4), accuracy: b[at + 8], fix_age: b[at + 9] };
}
function coordinatesOk(p) {
    return p.latitude >= -900000000 && p.latitude <= 900000000 && p.longitude >= -1800000000 && p.longitude <= 1800000000;
}
function argumentOk(command, argument) {
    switch (command) {
        case 1: return argument >= 10;
        case 5: return argument >= 1 && argument <= 120;
        default: return argument === 0;
    }
}
// The frame's fields (names as in PROTOCOL.md §3), or { error } with the first failed check of §1.8.
function decodeFrame(b) {
    if (b.length < 1) return { error: 'Truncated' };
    if (b.length > 51) return { error: 'Oversize' };
    if ((b[0] >> 4) !== 1) return { error: 'UnsupportedVersion' };
    const type = b[0] & 0x0f;
    if (type < 1 || type > 5) return { error: 'UnknownFrameType' };
    if (b.length < (type === 3 ? 12 : 11)) return { error: 'Truncated' };
    const size = sizeOf(type, b);
    if (b.length < size) return { error: 'Truncated' };
    if (b.length > size) return { error: 'TrailingBytes' };
    const status = b.readUInt16LE(9);
    const battery = status >> 9;
    if (type !== 4 && battery > 100 && battery !== 127) return { error: 'BatteryOutOfRange' };
    const f = { type: TYPES[type], device_id: b.readUInt32LE(1), counter: b.readUInt32LE(5), status: status,
                flags: FLAGS.filter((_, i) => status & (1 << i)), battery: battery };
    let pos = null;
    if (type === 2) pos = position(b, 11);
    if (type === 3 && (b[11] & 0x80)) pos = position(b, 12);
    if (pos && !coordinatesOk(pos)) return { error: 'CoordinateOutOfRange' };
    if (type === 3) {
        const code = b[11] & 0x7f;
        if (code < 1 || code > 7) return { error: 'UnknownEventCode' };
        f.event = EVENTS[code];
    }
    if (type === 4 || type === 5) {
        const command = b[type === 4 ? 11 : 15];
        if (command < 1 || command > 5) return { error: 'UnknownCommand' };
        f.command = COMMANDS[command];
        if (type === 4) {
            f.argument = b.readUInt16LE(12);
            if (!argumentOk(command, f.argument)) return { error: 'InvalidCommandArgument' };
            if (status !== 0) return { error: 'ReservedBitsSet' };
        } else {
            f.acked_counter = b.readUInt32LE(11);
            if (b[16] > 3) return { error: 'UnknownCommandResult' };
            f.result = RESULTS[b[16]];
        }
    }
    if (f.device_id === 0) return { error: 'InvalidDeviceId' };
    if (pos) Object.assign(f, pos);
    const k = keyFor(f.device_id);
    if (!k) return { error: 'UnknownDevice', fields: f };
    if (!crypto.timingSafeEqual(cmac(k, b.subarray(0, size - 4)).subarray(0, 4), b.subarray(size - 4, size))) {
        return { error: 'BadMic', fields: f };
    }
    f.community = k.community;
    f.kind = k.kind;
    return f;
}

const up = msg.payload;
if (!up || typeof up !== 'object' || typeof up.data !== 'string') { stats.notUplink++; return null; }   // not an uplink event
stats.received++;
const frame = decodeFrame(Buffer.from(up.data, 'base64'));
if (frame.error) {
    stats.reasons[frame.error] = (stats.reasons[frame.error] || 0) + 1;
    if (frame.error === 'UnknownDevice') stats.unknownDevice++;
    else if (frame.error === 'BadMic') stats.badMic++;
    else stats.malformed++;
    return null;
}
if (frame.type === 'downlink-command') {   // a gateway's frame, never an uplink
    stats.reasons.Downlink = (stats.reasons.Downlink || 0) + 1;
    stats.malformed++;
    return null;
}
msg.frame = frame;
frame.devEui = up.deviceInfo ? up.deviceInfo.devEui : undefined;
frame.time = up.time;
msg.fence = '';
if (frame.latitude !== undefined) {
    frame.lat = frame.latitude / 1e7;
    frame.lon = frame.longitude / 1e7;
    msg.location = { lat: frame.lat, lon: frame.lon };   // what the geofence node reads
    if (frame.kind === 'elder-wristband' || frame.kind === 'child-wristband') msg.fence = frame.community || '';
}
return msg;
