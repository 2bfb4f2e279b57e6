// status node on the MQTT-in node -> remember its connection state for /stats and side-by-side.sh.
let stats = flow.get('stats');
if (!stats) {
    stats = { received: 0, notUplink: 0, malformed: 0, unknownDevice: 0, badMic: 0, replay: 0, fresh: 0, accepted: 0,
              points: 0, alarms: 0, zoneExits: 0, influxErrors: 0, mqtt: '', reasons: {} };
    flow.set('stats', stats);
}
stats.mqtt = (msg.status && msg.status.text) || '';
return null;
