#!/usr/bin/env bash
# The SafeCommunity demo: the gateway with the Anlong County seed deployment, fed by the simulated fleet.
#
#   bash src/SafeCommunity.Iot.Simulator/demo.sh [simulator options...]
#
# e.g. `demo.sh --speed 5`, `demo.sh --scenario stolen-bike --duration 3m`. Ctrl+C stops everything.
#
# It installs socat (and curl) when missing, builds the gateway, the simulator and safecomm once (Release), makes three
# pseudo-terminal pairs in a temporary directory (base stations wufu-gate-north and wufu-gate-south, patrol
# motorbike wufu-patrol-moto-1), starts the gateway on them with the seed deployment and its geofences imported and its embedded MQTT broker,
# waits until it is healthy, prints how to use safecomm against it (gRPC on 127.0.0.1:5081, the admin token in the
# data directory), then runs the simulator in the foreground. On exit it stops the gateway and socat and
# removes the temporary directory (DEMO_KEEP=1 keeps it, with the gateway's log and database).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SEED="$REPO/src/SafeCommunity.Iot.Gateway/Seed/anlong-county.json"
GEOFENCES="$REPO/src/SafeCommunity.Iot.Gateway/Seed/anlong-geofences.geojson"
GATEWAY_PROJECT="$REPO/src/SafeCommunity.Iot.Gateway/SafeCommunity.Iot.Gateway.csproj"
SIMULATOR_PROJECT="$REPO/src/SafeCommunity.Iot.Simulator/SafeCommunity.Iot.Simulator.csproj"
CLI_PROJECT="$REPO/src/SafeCommunity.Iot.Cli/SafeCommunity.Iot.Cli.csproj"
CLI="$REPO/src/SafeCommunity.Iot.Cli/bin/Release/net10.0/safecomm"
GATEWAY_DIR="$REPO/src/SafeCommunity.Iot.Gateway/bin/Release/net10.0"
SIMULATOR_DLL="$REPO/src/SafeCommunity.Iot.Simulator/bin/Release/net10.0/safecomm-simulator.dll"
HTTP_PORT=5080
GRPC_PORT=5081
MQTT_PORT=1883
BASE_URL="http://127.0.0.1:$HTTP_PORT"

if [ -t 1 ]; then bold=$'\033[1m'; plain=$'\033[0m'; else bold=""; plain=""; fi
say() { printf '%s[demo]%s %s\n' "$bold" "$plain" "$*"; }
die() { printf '%s[demo] error:%s %s\n' "$bold" "$plain" "$*" >&2; exit 1; }

# Something already listening on 127.0.0.1:$1?
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_taken "$HTTP_PORT"; then
  die "port $HTTP_PORT on 127.0.0.1 is taken: the gateway serves /healthz and /metrics there. Stop what listens on it (another gateway? see: ss -ltnp 'sport = :$HTTP_PORT') and run the demo again."
fi
if port_taken "$GRPC_PORT"; then
  die "port $GRPC_PORT on 127.0.0.1 is taken: the gateway serves its gRPC API (safecomm) there. Stop what listens on it (see: ss -ltnp 'sport = :$GRPC_PORT') and run the demo again."
fi
if port_taken "$MQTT_PORT"; then
  die "port $MQTT_PORT on 127.0.0.1 is taken: the gateway's embedded MQTT broker needs it. Stop what listens on it (a Mosquitto service? sudo systemctl stop mosquitto; see: ss -ltnp 'sport = :$MQTT_PORT') and run the demo again."
fi

command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet is not on PATH)."

# Ctrl+C: remember it and stop at the next check; the simulator stops by itself and the summary still prints.
interrupted=0
trap 'interrupted=1' INT
trap 'exit 143' TERM
stop_if_interrupted() { [ "$interrupted" = 0 ] || exit 130; }

missing=()
command -v socat >/dev/null || missing+=(socat)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "${missing[*]} missing and neither root nor sudo: install ${missing[*]} and run again."
    sudo="sudo"
  fi
  say "installing ${missing[*]} (apt-get)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build() {
  local what="$1" project="$2" log
  log="$(mktemp -t safecomm-demo-build.XXXXXX)"
  if ! dotnet build -c Release -nologo -v quiet "$project" >"$log" 2>&1; then
    if [ "$interrupted" = 1 ]; then rm -f "$log"; exit 130; fi
    grep -E ': (error|warning) ' "$log" | sort -u | head -20 >&2 || tail -20 "$log" >&2
    rm -f "$log"
    die "building the $what failed (above); dotnet build -c Release $project shows it all."
  fi
  rm -f "$log"
}
say "building the gateway, the simulator and safecomm (Release)..."
build gateway "$GATEWAY_PROJECT"
stop_if_interrupted
build simulator "$SIMULATOR_PROJECT"
stop_if_interrupted
build "safecomm CLI" "$CLI_PROJECT"
stop_if_interrupted

TMP="$(mktemp -d -t safecomm-demo.XXXXXX)"
pids=()
gateway_pid=""
cleanup() {
  trap - EXIT TERM
  trap '' INT
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    say "stopping the gateway..."
    kill -TERM "$gateway_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${DEMO_KEEP:-0}" = "1" ]; then
    say "kept $TMP (gateway.log, data/)."
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

# One pty pair per serial receiver: the gateway reads gw-*, the simulator writes sim-*.
for line in base south patrol; do
  # setsid: its own session, so Ctrl+C in this terminal does not cut the lines while the simulator stops.
  setsid socat pty,raw,echo=0,link="$TMP/gw-$line" pty,raw,echo=0,link="$TMP/sim-$line" 2>"$TMP/socat-$line.log" &
  pids+=("$!")
done
for _ in $(seq 1 100); do
  ready=1
  for line in base south patrol; do
    [ -e "$TMP/gw-$line" ] && [ -e "$TMP/sim-$line" ] || ready=0
  done
  [ "$ready" = 1 ] && break
  stop_if_interrupted
  sleep 0.05
done
[ "$ready" = 1 ] || die "socat did not make its pseudo-terminals (see $TMP/socat-*.log)."

say "starting the gateway (data in $TMP/data, log in $TMP/gateway.log)..."
(
  cd "$GATEWAY_DIR"
  # setsid: Ctrl+C reaches the simulator only; the gateway is stopped (SIGTERM) once the simulator has finished.
  exec setsid dotnet safecomm-gateway.dll \
    --Storage:DataDirectory="$TMP/data" \
    --Storage:ImportOnStart="$SEED" \
    --Geofences:ImportOnStart="$GEOFENCES" \
    --Receivers:Serial:Ports:0:ReceiverId=wufu-gate-north \
    --Receivers:Serial:Ports:0:Path="$TMP/gw-base" \
    --Receivers:Serial:Ports:1:ReceiverId=wufu-patrol-moto-1 \
    --Receivers:Serial:Ports:1:Path="$TMP/gw-patrol" \
    --Receivers:Serial:Ports:2:ReceiverId=wufu-gate-south \
    --Receivers:Serial:Ports:2:Path="$TMP/gw-south" \
    --Logging:LogLevel:SafeCommunity.Iot.Ingestion=Debug \
    --Logging:LogLevel:SafeCommunity.Iot.Receivers.Serial=Debug
) > >(trap '' INT; tee "$TMP/gateway.log" | sed -u 's/^/[gateway] /') 2>&1 &
gateway_pid=$!

for _ in $(seq 1 600); do
  curl -sf "$BASE_URL/healthz" >/dev/null 2>&1 && break
  stop_if_interrupted
  kill -0 "$gateway_pid" 2>/dev/null || { sleep 0.2; die "the gateway stopped while starting; its last lines are above (and in $TMP/gateway.log, kept if DEMO_KEEP=1)."; }
  sleep 0.1
done
curl -sf "$BASE_URL/healthz" >/dev/null 2>&1 || die "the gateway did not become healthy within 60 s ($BASE_URL/healthz)."
for _ in $(seq 1 50); do [ -s "$TMP/data/admin-token" ] && break; sleep 0.1; done

cat <<EOF
${bold}[demo] The gateway is up. Where to look:${plain}
  - Lines starting [gateway] are the gateway's log: 'Device 570425345 at 25.10…,105.46… ±6 m (Gnss)' is a position
    it worked out ('Receivers' = placed by who heard a chip), 'Receiver wufu-gate-north started: hardware id …' a
    base station's hello, 'Receiver wufu-patrol-moto-1 at …' the patrol motorbike's GNSS position, 'Alarm #…' an
    alarm the gateway raised or updated.
  - Lines starting [simulator] say what the fleet does: scenarios in plain words, a summary every 10 s.
  - In another terminal:
      curl $BASE_URL/healthz
      curl -s $BASE_URL/metrics | grep -E 'safecomm_(uplinks|serial|lorawan)'
    safecomm_uplinks_processed_total{outcome="accepted"} counts the frames the gateway accepted.
  - safecomm, the gateway's command line (gRPC on 127.0.0.1:$GRPC_PORT), as the administrator, in another terminal:
      export SAFECOMM_TOKEN_FILE=$TMP/data/admin-token
      alias safecomm=$CLI
      safecomm whoami
      safecomm alarms watch
    The stolen-bike scenario prints a device id: safecomm bike report-stolen <id> --report-number R.
    The journeys of README.md (police room, owner, family) start here.
  - The police room's alarm board in a browser: $BASE_URL/board/ (sign in with the administrator token in
    $TMP/data/admin-token, or a post token made with safecomm tokens create --role post --community wufu).
  Ctrl+C stops the simulator, the gateway and the pseudo-terminals.
EOF

stop_if_interrupted
set +e
dotnet "$SIMULATOR_DLL" \
  --seed-file "$SEED" \
  --serial "wufu-gate-north=$TMP/sim-base" \
  --serial "wufu-gate-south=$TMP/sim-south" \
  --patrol-serial "wufu-patrol-moto-1=$TMP/sim-patrol" \
  --mqtt-host 127.0.0.1 --mqtt-port "$MQTT_PORT" \
  "$@"
status=$?
set -e

if kill -0 "$gateway_pid" 2>/dev/null; then
  say "what the gateway counted:"
  curl -sf "$BASE_URL/metrics" | grep -E '^safecomm_uplinks_processed_total' | sed 's/^/  /' || true
fi
[ "$interrupted" = 0 ] || exit 130
exit "$status"
