// GET /metrics -> the flow's counters in the Prometheus text format, under the gateway's metric names
// (docs/configuration.md), so the load tool reads Node-RED as it reads the gateway: received uplinks by
// transport, processed uplinks by outcome. "accepted" counts frames that went through the whole flow (their point
// handed to the InfluxDB node, their alarms to MQTT), not those that merely passed the replay check: Node-RED passes
// messages between nodes asynchronously, so a backlog builds between the nodes, not in front of the first one, and
// only the last node shows it. Messages that are not uplink events (the load tool's empty
// subscriber probe) are not uplinks, as at the gateway. There is no queue to show: Node-RED acknowledges a
// message on receipt and holds whatever waits in its heap, so the queue gauges are 0.
const s = flow.get('stats') || {};
const n = (v) => String(v || 0);
msg.headers = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };
msg.payload = [
    '# TYPE safecomm_uplinks_received_total counter',
    'safecomm_uplinks_received_total{transport="lorawan"} ' + n(s.received),
    '# TYPE safecomm_uplinks_processed_total counter',
    'safecomm_uplinks_processed_total{outcome="accepted"} ' + n(s.accepted),
    'safecomm_uplinks_processed_total{outcome="malformed"} ' + n(s.malformed),
    'safecomm_uplinks_processed_total{outcome="unknown_device"} ' + n(s.unknownDevice),
    'safecomm_uplinks_processed_total{outcome="bad_mic"} ' + n(s.badMic),
    'safecomm_uplinks_processed_total{outcome="replay"} ' + n(s.replay),
    '# TYPE safecomm_queue_ingress gauge', 'safecomm_queue_ingress 0',
    '# TYPE nodered_flow_points_total counter', 'nodered_flow_points_total ' + n(s.points),
    '# TYPE nodered_flow_alarms_total counter', 'nodered_flow_alarms_total ' + n(s.alarms),
    '# TYPE nodered_flow_influx_errors_total counter', 'nodered_flow_influx_errors_total ' + n(s.influxErrors),
    '# TYPE nodered_flow_not_uplink_total counter', 'nodered_flow_not_uplink_total ' + n(s.notUplink),
    '',
].join('\n');
return msg;
