// Node-RED settings for bench/node-red. Everything comes from environment variables that side-by-side.sh sets;
// the defaults let `node node_modules/node-red/red.js -s settings.js -u "$(mktemp -d)"` work by hand.
//   NR_PORT     HTTP port for /metrics, /stats (and the editor, if NR_EDITOR=1)   default 18880
//   NR_FLOW     flow file (absolute, or relative to the userDir)                  default <this folder>/flows.json
//   NR_DEVICES  the key table: a registry import file ({"devices": [{"id", "key", "community", "kind"}, ...]},
//               what `safecomm-loadtest --write-import` writes and the gateway enrols); loaded into global
//               context `devices`                                                default none (every frame: unknown device)
//   NR_EDITOR   1 = serve the editor at /admin (no auth; loopback only)           default off
//   NR_LOG      console log level                                                 default warn
//   NR_HTTP_MAX_SOCKETS  cap on concurrent outgoing HTTP connections per host (Node's global agent, which the
//               InfluxDB v1 node uses); default: Node's own (no cap), as a user gets it
//   MQTT_PORT, MQTT_QOS, VM_PORT, INFLUX_DB (the database points go to) are read by the flow itself (${...} properties).
const fs = require('fs');
const path = require('path');
const editor = process.env.NR_EDITOR === '1';
if (process.env.NR_HTTP_MAX_SOCKETS) {
    require('http').globalAgent.maxSockets = parseInt(process.env.NR_HTTP_MAX_SOCKETS, 10);
}

function loadDevices(file) {
    const table = {};
    if (!file) return table;
    for (const d of JSON.parse(fs.readFileSync(file, 'utf8')).devices || []) {
        table[d.id] = { key: d.key, community: d.community, kind: d.kind };
    }
    return table;
}

module.exports = {
    flowFile: process.env.NR_FLOW || path.join(__dirname, 'flows.json'),
    flowFilePretty: true,
    credentialSecret: false,
    uiHost: '127.0.0.1',
    uiPort: parseInt(process.env.NR_PORT || '18880', 10),
    httpAdminRoot: editor ? '/admin' : false,
    disableEditor: !editor,
    httpNodeRoot: '/',
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    logging: { console: { level: process.env.NR_LOG || 'warn', metrics: false, audit: false } },
    contextStorage: { default: { module: 'memory' } },
    exportGlobalContextKeys: false,
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    functionExternalModules: true,
    functionTimeout: 0,
    globalFunctionTimeout: 0,
    functionGlobalContext: { devices: loadDevices(process.env.NR_DEVICES) },
    mqttReconnectTime: 2000,
    editorTheme: { projects: { enabled: false }, palette: {}, tours: false },
};
