#!/usr/bin/env bash
# Frames/s with 1, 2 and 3 gateways on one PostgreSQL store and one Mosquitto (an MQTT 5 shared subscription,
# docs/scale-out.md), side by side in one run. For each count it starts a fresh PostgreSQL cluster, a fresh
# Mosquitto and that many gateway processes on this machine, drives them with the load tool attached to the
# first gateway (alarms watched there: every gateway streams every alarm of the store) and counting the others'
# counters with --peer-url, then stops everything. Results in BENCHMARKS.md.
#
#   bash bench/scale-out/run.sh [rate/s] [duration] [devices] [counts]     default: 4000 60s 20000 "1 2 3"
#
# Needs what the test command installs (postgresql, mosquitto) and curl. Reports go to $SCALE_OUT_WORK (default a new
# temporary folder, kept): n<count>.txt (the tool's report) and n<count>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

rate=${1:-4000}
duration=${2:-60s}
devices=${3:-20000}
counts=${4:-1 2 3}
work=${SCALE_OUT_WORK:-$(mktemp -d /tmp/safecomm-scale-out.XXXXXX)}
mkdir -p "$work"
pg_bin=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' | sort -V | tail -1)")
as_postgres=()
[ "$(id -u)" -eq 0 ] && as_postgres=(/usr/sbin/runuser -u postgres --)

dotnet build -c Release -nologo -v q src/SafeCommunity.Iot.Gateway >/dev/null
dotnet build -c Release -nologo -v q tools/SafeCommunity.Iot.LoadTest >/dev/null
gateway_dll=$PWD/src/SafeCommunity.Iot.Gateway/bin/Release/net10.0/safecomm-gateway.dll
tool=(dotnet "$PWD/tools/SafeCommunity.Iot.LoadTest/bin/Release/net10.0/safecomm-loadtest.dll")
"${tool[@]}" --devices "$devices" --write-import "$work/fleet.json" >/dev/null

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
  [ -d "${pg_data:-}" ] && (cd /tmp && "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1) || true
}
trap stop_all EXIT

# CPU seconds used so far by the given processes and their children's finished ones (utime + stime, /proc/PID/stat).
cpu_seconds() {
  local ticks=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

wait_healthy() {
  for _ in $(seq 1 120); do
    curl -sf "$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "no answer from $1/healthz" >&2
  return 1
}

for n in $counts; do
  run="$work/n$n"
  rm -rf "$run" && mkdir -p "$run"
  chmod 755 "$work" "$run"

  pg_data="$run/pg"
  pg_port=$((25432 + n))
  mkdir -p "$pg_data"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_data"
  (cd /tmp && "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null)
  (cd /tmp && "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/log" -w -t 60 \
    -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null)

  mqtt_port=$((21883 + n))
  cat > "$run/mosquitto.conf" <<CONF
listener $mqtt_port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 1000000
max_inflight_messages 0
CONF
  mosquitto -c "$run/mosquitto.conf" >"$run/mosquitto.log" 2>&1 &
  broker=$!
  pids+=("$broker")

  gateway_pids=()
  for i in $(seq 1 "$n"); do
    http=$((5280 + 2 * i))
    dotnet "$gateway_dll" \
      "--Gateway:Id=gw-$i" \
      "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http" \
      "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$((http + 1))" \
      "--Kestrel:Endpoints:Grpc:Protocols=Http2" \
      "--Storage:DataDirectory=$run/gw-$i" \
      "--Storage:Provider=PostgreSql" \
      "--Storage:ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
      "--Storage:ImportOnStart=$work/fleet.json" \
      "--Receivers:LoRaWan:Host=127.0.0.1" \
      "--Receivers:LoRaWan:Port=$mqtt_port" \
      "--Receivers:LoRaWan:TopicFilters:0=\$share/gateways/application/+/device/+/event/up" \
      "--Telemetry:Enabled=false" \
      >"$run/gw-$i.log" 2>&1 &
    gateway_pids+=("$!")
    pids+=("$!")
    # The first makes the schema and imports the fleet; the others start on it.
    [ "$i" -eq 1 ] && wait_healthy "http://127.0.0.1:$http"
  done
  for i in $(seq 2 "$n"); do wait_healthy "http://127.0.0.1:$((5280 + 2 * i))"; done

  peers=()
  for i in $(seq 2 "$n"); do
    peers+=(--peer-url "http://127.0.0.1:$((5280 + 2 * i))" --peer-pid "${gateway_pids[$((i - 1))]}")
  done
  echo "== $n gateway(s): $rate frames/s asked for $duration, $devices devices"
  postgres_pids() { pgrep -f "postgres.*-k $pg_data" | tr '\n' ' '; pgrep -P "$(head -1 "$pg_data/postmaster.pid")" | tr '\n' ' '; }
  broker_before=$(cpu_seconds "$broker")
  # shellcheck disable=SC2046
  postgres_before=$(cpu_seconds $(postgres_pids))
  started=$(date +%s.%N)
  "${tool[@]}" --gateway-url http://127.0.0.1:5282 --grpc-url http://127.0.0.1:5283 --token-file "$run/gw-1/admin-token" \
    --mqtt "127.0.0.1:$mqtt_port" --gateway-pid "${gateway_pids[0]}" "${peers[@]}" \
    --devices "$devices" --rate "$rate" --duration "$duration" --alarm-share 0.001 --mqtt-connections 8 --nice 19 \
    --report "$work/n$n.json" | tee "$work/n$n.txt"
  # shellcheck disable=SC2046
  awk -v start="$started" -v now="$(date +%s.%N)" -v b0="$broker_before" -v b1="$(cpu_seconds "$broker")" \
      -v p0="$postgres_before" -v p1="$(cpu_seconds $(postgres_pids))" \
      'BEGIN { s = now - start; printf "beside the gateways, over the tool'"'"'s whole run (%.0f s): Mosquitto %.0f %% of one core, PostgreSQL %.0f %% of one core\n", s, 100 * (b1 - b0) / s, 100 * (p1 - p0) / s }' \
    | tee -a "$work/n$n.txt"
  stop_all
done
echo "reports in $work"
