'use strict';
// The SafeCommunity protocol v1 radio frame (firmware-protocol/PROTOCOL.md §1) as selftest.js builds it: AES-128-CMAC
// (RFC 4493) and an encoder for the uplink types. The flow's function node src/decode.js carries its own decoder and
// CMAC, as a Node-RED user's flow would; selftest.js checks both against the shared vectors.
const crypto = require('crypto');

function dbl(b) {
  const o = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) o[i] = ((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0)) & 0xff;
  if (b[0] & 0x80) o[15] ^= 0x87;
  return o;
}

/** AES-128-CMAC of msg with key (both Buffers): the 16-byte tag. */
function cmac(key, msg) {
  const ecb = crypto.createCipheriv('aes-128-ecb', key, null);
  ecb.setAutoPadding(false);
  const k1 = dbl(ecb.update(Buffer.alloc(16))), k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(msg.length / 16));
  const lastStart = (n - 1) * 16;
  const last = Buffer.alloc(16);
  if (msg.length > 0 && msg.length % 16 === 0) {
    for (let i = 0; i < 16; i++) last[i] = msg[lastStart + i] ^ k1[i];
  } else {
    msg.copy(last, 0, lastStart, msg.length);
    last[msg.length - lastStart] = 0x80;
    for (let i = 0; i < 16; i++) last[i] ^= k2[i];
  }
  const c = crypto.createCipheriv('aes-128-cbc', key, Buffer.alloc(16));
  c.setAutoPadding(false);
  const out = c.update(lastStart ? Buffer.concat([msg.subarray(0, lastStart), last]) : last);
  return out.subarray(out.length - 16);
}

const TYPE = { beacon: 1, 'position-report': 2, 'alarm-event': 3, 'command-ack': 5 };
const FLAG = { sos: 0, fall: 1, removed: 2, tamper: 3, armed: 4, moving: 5, charging: 6, low_battery: 7, gnss_fix_valid: 8 };
const EVENT = { sos: 1, fall: 2, removed: 3, tamper: 4, 'moved-while-armed': 5, 'low-battery': 6, 'power-on': 7 };
const COMMAND = { 'set-report-interval': 1, 'locate-now': 2, arm: 3, disarm: 4, 'sound-buzzer': 5 };
const RESULT = { done: 0, 'unsupported-command': 1, 'invalid-argument': 2, failed: 3 };

function positionBytes(f) {
  const p = Buffer.alloc(10);
  p.writeInt32LE(f.latitude, 0);
  p.writeInt32LE(f.longitude, 4);
  p[8] = f.accuracy;
  p[9] = f.fix_age;
  return p;
}

/** An uplink frame from fields named as in PROTOCOL.md §3 (latitude/longitude as wire integers), signed with key. */
function encode(f, key) {
  const head = Buffer.alloc(11);
  head[0] = 0x10 | TYPE[f.type];
  head.writeUInt32LE(f.device_id >>> 0, 1);
  head.writeUInt32LE(f.counter >>> 0, 5);
  const flags = (f.flags || []).reduce((s, name) => s | (1 << FLAG[name]), 0);
  head.writeUInt16LE(flags | (f.battery << 9), 9);
  let body = Buffer.alloc(0);
  if (f.type === 'position-report') body = positionBytes(f);
  if (f.type === 'alarm-event') {
    const withPosition = f.latitude !== undefined;
    body = Buffer.concat([Buffer.from([(withPosition ? 0x80 : 0) | EVENT[f.event]]), withPosition ? positionBytes(f) : Buffer.alloc(0)]);
  }
  if (f.type === 'command-ack') {
    body = Buffer.alloc(6);
    body.writeUInt32LE(f.acked_counter >>> 0, 0);
    body[4] = COMMAND[f.command];
    body[5] = RESULT[f.result];
  }
  const unsigned = Buffer.concat([head, body]);
  return Buffer.concat([unsigned, cmac(key, unsigned).subarray(0, 4)]);
}

module.exports = { cmac, encode };
