#!/usr/bin/env bash
# A runnable proof that limits are shared across processes: K separate agent processes, one shared demo MCP server,
# one limit of M calls, each process firing N calls at once. First without Redis (each process counts alone, so up
# to K x M calls reach the server), then with the counters on a redis-server started here (exactly M reach it).
#
# Usage: scripts/scale-out-demo.sh [K [N [M]]]        defaults: K=4 processes, N=20 calls each, limit M=10
# The last line is: scale-out: K processes, A calls attempted, S reached the server, limit M
# and the exit code is 0 only when S == M.
# SCALE_OUT_AGENT_DLL and SCALE_OUT_SERVER_DLL name already built samples (then nothing is built);
# SCALE_OUT_CONFIGURATION picks the configuration to build (default Release).
set -euo pipefail
cd "$(dirname "$0")/.."

K=${1:-4}
N=${2:-20}
M=${3:-10}
for v in "$K" "$N" "$M"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "K, N and M must be positive whole numbers (got '$v')" >&2; exit 2; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration=${SCALE_OUT_CONFIGURATION:-Release}
agent=${SCALE_OUT_AGENT_DLL:-}
server=${SCALE_OUT_SERVER_DLL:-}
if [ -z "$agent" ] || [ -z "$server" ]; then
  echo "Building the sample agent and demo server ($configuration)..."
  dotnet build samples/OdooAgent -c "$configuration" -nologo -v q >/dev/null
  agent=samples/OdooAgent/bin/$configuration/net10.0/OdooAgent.dll
  server=samples/OdooDemoServer/bin/$configuration/net10.0/OdooDemoServer.dll
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server (Debian package)..."
    (apt-get update -qq && apt-get install -y -qq redis-server) >/dev/null
  else
    echo "redis-server is not installed; install it (Debian: sudo apt-get install -y redis-server) and run again." >&2
    exit 2
  fi
fi

work=$(mktemp -d)
started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# redis-server on a free local port, in memory only.
redis_port=
for _ in $(seq 1 20); do
  p=$((20000 + RANDOM % 40000))
  port_free "$p" || continue
  redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do
    if redis-cli -p "$p" ping 2>/dev/null | grep -q PONG; then redis_port=$p; break; fi
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -n "$redis_port" ]; then started+=("$redis_pid"); break; fi
  kill "$redis_pid" 2>/dev/null || true
done
[ -n "$redis_port" ] || { echo "redis-server did not start on a free local port:" >&2; cat "$work/redis.log" >&2; exit 1; }

# One shared demo server over Streamable HTTP (it counts every tools/call that reaches it).
dotnet "$server" --http >"$work/server.out" 2>"$work/server.err" &
started+=("$!")
url=
for _ in $(seq 1 600); do
  url=$(sed -n 's/^listening on //p' "$work/server.out" | head -n1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "The demo server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
server_port=$(echo "$url" | sed -E 's#^http://[^:]+:([0-9]+)/.*#\1#')

tool_calls() {
  exec 3<>"/dev/tcp/127.0.0.1/$server_port"
  printf 'GET /stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  sed -n 's/.*"toolCalls":\([0-9]*\).*/\1/p' <&3
  exec 3<&-
}

# run LABEL [--redis host:port]: K agents connect, wait for the go file, then fire N calls each at once.
run() {
  local label=$1; shift
  local before after pids=() i failed=0
  before=$(tool_calls)
  for i in $(seq 1 "$K"); do
    dotnet "$agent" scale-out --url "$url" --calls "$N" --max "$M" --prefix "demo-$$-$label:" \
      --ready-file "$work/ready.$label.$i" --go-file "$work/go.$label" "$@" >"$work/agent.$label.$i.out" 2>&1 &
    pids+=("$!")
  done
  for _ in $(seq 1 1200); do
    [ "$(ls "$work" | grep -c "^ready\.$label\.")" -ge "$K" ] && break
    sleep 0.1
  done
  touch "$work/go.$label"
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { failed=1; echo "agent $((i + 1)) failed:" >&2; cat "$work/agent.$label.$((i + 1)).out" >&2; }
  done
  [ "$failed" -eq 0 ] || exit 1
  for i in $(seq 1 "$K"); do sed 's/^/  /' "$work/agent.$label.$i.out"; done
  after=$(tool_calls)
  reached=$((after - before))
}

attempted=$((K * N))
echo "Without Redis: $K processes, each counting its own limit of $M"
run local
echo "without Redis: $K processes, $attempted calls attempted, $reached reached the server, limit $M per process (up to $((K * M)))"
echo
echo "With Redis on 127.0.0.1:$redis_port: $K processes sharing one limit of $M"
run shared --redis "127.0.0.1:$redis_port"
echo "scale-out: $K processes, $attempted calls attempted, $reached reached the server, limit $M"
[ "$reached" -eq "$M" ]
