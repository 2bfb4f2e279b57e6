// Replay check on the frame counter (PROTOCOL.md §1.6): accept a counter newer than the last accepted one of
// the device, or a late one within the 16 counters below it that was not accepted yet (each counter at most
// once); anything else is a replay and goes no further. State per device: the last counter and a bit mask of
// the 16 below it that were accepted. It lives in flow context (memory store: forgotten on a restart, as in a
// plain Node-RED flow; a file-backed context store would keep it, flushed every 30 s by default).
const WINDOW = 16;
const stats = flow.get('stats');
let seen = flow.get('counters');
if (!seen) { seen = new Map(); flow.set('counters', seen); }
const f = msg.frame;
const s = seen.get(f.device_id);
if (s === undefined) {
    seen.set(f.device_id, { last: f.counter, mask: 0 });
} else if (f.counter > s.last) {
    const shift = f.counter - s.last;
    s.mask = shift > WINDOW ? 0 : ((s.mask << shift) | (1 << (shift - 1))) & 0xffff;
    s.last = f.counter;
} else {
    const behind = s.last - f.counter;   // 0: the same counter again
    const bit = 1 << (behind - 1);
    if (behind === 0 || behind > WINDOW || (s.mask & bit)) { stats.replay++; return null; }
    s.mask |= bit;
}
stats.fresh++;
return msg;
