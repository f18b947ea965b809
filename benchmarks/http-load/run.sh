#!/usr/bin/env bash
# Load test of `wasmcs serve` against `jco serve` on the same wasi:http/proxy component
# (tests/components/out/http-js.wasm, built from tests/components/js/http.js with componentize-js).
#
#   benchmarks/http-load/run.sh            # 10 s per run, 4 connections, wrk with 1 thread
#   DURATION=30s CONNECTIONS=8 benchmarks/http-load/run.sh
#
# Both servers run on loopback ports and create a fresh component instance per request. For each server: a warm-up,
# then wrk for DURATION on GET /hello?q=load and on POST /echo (1 KiB, echoed back), every response checked by
# load.lua. `wasmcs serve` gets two more checks: a GET run with a throwing (500) and a spinning (504 at the
# deadline) request alongside must lose nothing, and SIGTERM while a request is in flight must let it finish.
# Prints requests/s, p50 and p99 latency and every kind of error; exits 1 if any request failed or was lost.
#
# `jco serve` needs `--isolate-requests instance`: without it jco hands every request to one instance, and a
# componentize-js (StarlingMonkey) guest serves exactly one request per instance, so the second request fails
# ("FetchEvent#respondWith can't be called twice on the same event") and takes the node process down.
#
# Needs node/npm (the jco and componentize-js tools under ../shared/tools), the C toolchain tests/components/build.sh
# asks for, and wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
connections=${CONNECTIONS:-4}
threads=${THREADS:-1}
wasmcs_port=${WASMCS_PORT:-18480}
jco_port=${JCO_PORT:-18481}
jco_mode=${JCO_MODE:-instance}
# Extra options for `wasmcs serve`; WASMCS=path runs another build of it; ONLY=wasmcs or ONLY=jco runs one server.
wasmcs_args=${WASMCS_ARGS:-}
only=${ONLY:-}
component=$root/tests/components/out/http-js.wasm
lua=$root/benchmarks/http-load/load.lua
work=$(mktemp -d)

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk; }
fi

echo "== building" >&2
bash tests/components/build.sh >&2
if [ -z "${WASMCS:-}" ] && [ "$only" != jco ]; then
  MSBUILDDISABLENODEREUSE=1 dotnet build src/Cli -c Release -v quiet -nologo >&2
fi
wasmcs=${WASMCS:-$root/src/Cli/bin/Release/net10.0/wasmcs}

# Each server runs in its own process group (setsid), so stopping it also stops node's child process.
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# wait_ready URL LOG: polls until the server answers (a first request also compiles the guest's code on demand).
wait_ready() {
  for _ in $(seq 600); do
    if curl -s -o /dev/null --max-time 30 "$1"; then return 0; fi
    sleep 0.5
  done
  echo "no answer from $1; its log:" >&2
  cat "$2" >&2
  return 1
}

failed=0
results=()

# load NAME URL MODE: one wrk run, its RESULT line parsed and checked.
load() {
  local name=$1 url=$2 mode=$3 line
  line=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s "$lua" "$url" -- "$mode" | grep '^RESULT ') || {
    echo "$name: wrk failed" >&2; failed=1; return; }
  local requests duration_us p50_us p99_us max_us connect read write timeout status wrong
  eval "$(sed -e 's/^RESULT //' <<<"$line" | tr ' ' '\n' | sed -e 's/^/local /')"
  local rps errors=$((connect + read + write + timeout + status + wrong))
  rps=$(awk -v n="$requests" -v us="$duration_us" 'BEGIN { printf "%.1f", n / (us / 1e6) }')
  results+=("$(printf '%-34s %8s %7d %9.1f %9.1f   %s' "$name" "$rps" "$requests" \
    "$(awk -v u="$p50_us" 'BEGIN { print u / 1000 }')" "$(awk -v u="$p99_us" 'BEGIN { print u / 1000 }')" \
    "connect $connect, read $read, write $write, timeout $timeout, non-2xx $status, wrong body $wrong")")
  if [ "$errors" -ne 0 ] || [ "$requests" -eq 0 ]; then failed=1; fi
}

# check NAME EXPECTED-STATUS CURL-ARGS...: one request that must get EXPECTED-STATUS.
check() {
  local name=$1 expected=$2 status; shift 2
  status=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 60 "$@" || true)
  if [ "$status" = "$expected" ]; then echo "ok: $name -> $status" >&2
  else echo "FAILED: $name -> $status, expected $expected: $(head -c 200 "$work/body")" >&2; failed=1; fi
}

# check_and_load SERVER BASE: both routes answer correctly, a warm-up, then the GET and POST loads.
check_and_load() {
  check "GET /hello" 201 "$2/hello"
  check "POST /echo" 200 --data-binary hello "$2/echo"
  wrk -t"$threads" -c"$connections" -d"$warmup" "$2/warmup" >/dev/null
  load "$1 GET /hello" "$2/hello?q=load" get
  load "$1 POST /echo 1 KiB" "$2/echo" post
}

if [ "$only" != jco ]; then
echo "== wasmcs serve on 127.0.0.1:$wasmcs_port" >&2
# --timeout 3: the spinning request below is stopped after 3 s.
# shellcheck disable=SC2086
setsid "$wasmcs" serve --addr "127.0.0.1:$wasmcs_port" --timeout 3 $wasmcs_args "$component" >"$work/wasmcs.log" 2>&1 &
wasmcs_pid=$!
pids+=("$wasmcs_pid")
wait_ready "http://127.0.0.1:$wasmcs_port/" "$work/wasmcs.log"
base=http://127.0.0.1:$wasmcs_port
check_and_load "wasmcs serve " "$base"

# A throwing and a spinning guest next to the load: both get their status, no concurrent request fails.
( check "GET /throw under load" 500 "$base/throw"; check "GET /spin under load" 504 "$base/spin" ) 2>"$work/side.log" &
side=$!
load "wasmcs serve  GET + /throw + /spin" "$base/hello?q=load" get
wait "$side" || true
cat "$work/side.log" >&2
grep -q FAILED "$work/side.log" && failed=1

# Graceful shutdown: SIGTERM while a request body is still arriving (curl -T - streams stdin as it comes, chunked);
# the request completes, the server exits 0.
( { printf 'first half,'; sleep 2; printf 'second half'; } | curl -s -o "$work/drained" -w '%{http_code}' --max-time 30 \
    -X POST -T - "$base/echo" >"$work/drained.status" ) &
client=$!
sleep 1
kill -TERM "$wasmcs_pid"
wait "$client" || true
exit_status=0
wait "$wasmcs_pid" || exit_status=$?
if [ "$(cat "$work/drained.status")" = 200 ] && [ "$(cat "$work/drained")" = "first half,second half" ] && [ "$exit_status" -eq 0 ]; then
  echo "ok: SIGTERM with a request in flight: the request completed (200, full body), the server exited 0" >&2
else
  echo "FAILED: SIGTERM with a request in flight: status $(cat "$work/drained.status"), body '$(cat "$work/drained")', exit $exit_status" >&2
  failed=1
fi

fi

if [ "$only" != wasmcs ]; then
echo "== jco serve --isolate-requests $jco_mode on 127.0.0.1:$jco_port" >&2
setsid "$root/../shared/tools/jco.sh" serve "$component" --host 127.0.0.1 --port "$jco_port" \
  --isolate-requests "$jco_mode" --jco-dir "$work/jco" >"$work/jco.log" 2>&1 &
pids+=("$!")
wait_ready "http://127.0.0.1:$jco_port/" "$work/jco.log"
base=http://127.0.0.1:$jco_port
check_and_load "jco serve    " "$base"
fi

echo
echo "wrk -t$threads -c$connections -d$duration, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %8s %7s %9s %9s   %s\n' "" "req/s" "requests" "p50 ms" "p99 ms" "errors"
printf '%s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then echo "FAILED: some requests failed or were lost (see above)"; exit 1; fi
echo "every request succeeded"
