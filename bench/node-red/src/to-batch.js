// (batched variant only) join node output: an array of [fields, tags] points ->
// the "influxdb batch" node's shape [{measurement, fields, tags, timestamp}].
msg.payload = msg.payload.map(function (p) {
    const fields = Object.assign({}, p[0]);
    const ts = fields.time; delete fields.time;
    return { measurement: 'uplink', fields: fields, tags: p[1], timestamp: ts };
});
return msg;
