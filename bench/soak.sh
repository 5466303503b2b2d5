#!/usr/bin/env bash
# Soak: MINUTES (default 10) of mixed traffic against Gatehouse started from the built jar on a manifest
# directory, while a file of that directory is rewritten every second; then errors per client kind and
# Gatehouse's open file descriptors, RSS, threads and heap after a full GC, at the start and at the end.
#
# The clients, all at once, all the time (loopback only):
#   http-keepalive   wrk, 8 keep-alive connections            tls-keepalive    wrk over TLS, 4 connections
#   http-new-conns   wrk, 4 connections, Connection: close    tls-new-conns    wrk over TLS, 2, Connection: close
#   h2c              h2load rounds, prior knowledge, 4 x 10   h2-tls           h2load rounds over TLS (ALPN h2), 2 x 10
#   websocket        2 threads of sessions: upgrade, 20 echoed binary messages, close (bench/soak_clients.py)
#   slowloris        20 request heads sent a header line every 5 s, never finished (broken on purpose)
#   vanish           2 threads of requests abandoned midway through their body, by FIN or RST (broken on purpose)
# Upstreams: nginx answering a fixed body, as the other benchmarks use, with two listeners as two replicas; a
# WebSocket echo server (soak_clients.py). Every second the file toggle.yaml alternates between holding the
# second replica's EndpointSlice and an Ingress for another host, and holding nothing, so the routes are rebuilt
# every second while requests are in flight to the replica that comes and goes.
#
# Measured: first WARMUP seconds (default 30) of the same mix, so that the JIT compiler, the buffer pools and
# the caches have settled; then the clients stop and Gatehouse goes quiet (its idle upstream connections close:
# upstream-keepalive-timeout is 10 s in the ConfigMap), and the start figures are taken; then MINUTES of the
# mix with a sample every minute; then quiet again and the end figures. Heap after GC is `jcmd GC.run` then
# the used heap of `jcmd GC.heap_info`.
#
# Exits 1 unless: no request failed on any client but the two broken on purpose, and every one of those clients
# got answers; the open file descriptors at the end are at most FD_SLACK (default 2) above the start; the heap
# after GC at the end is within 10 % of the start. FD_SLACK: a quiet Gatehouse holds its listeners, epoll and
# eventfd handles, the jar and its log: a fixed set. What varies is a connection caught mid-close at the instant
# of counting (one socket each way at most), hence 2 and no more.
#
# Usage: bench/soak.sh   (MINUTES=10 WARMUP=30 FD_SLACK=2 GATEHOUSE_JAVA_OPTS=...)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES="${MINUTES:-10}"
WARMUP="${WARMUP:-30}"
FD_SLACK="${FD_SLACK:-2}"
HEAP_GROWTH_PERCENT=10
GATEHOUSE_JAVA_OPTS="${GATEHOUSE_JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseParallelGC}"

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
pick_ports UPSTREAM_PORT UPSTREAM_PORT2 WS_PORT HTTP_PORT HTTPS_PORT ADMIN_PORT
clients="$root/bench/soak_clients.py"

install_commands nginx:nginx wrk:wrk h2load:nghttp2-client openssl:openssl python3:python3 taskset:util-linux curl:curl
command -v jcmd >/dev/null || { say "jcmd (from the JDK) is needed to read the heap after GC"; exit 2; }
if [[ ! -f "$root/ingress-controller/target/gatehouse.jar" ]]; then
  say "building gatehouse.jar..."
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

manifests() {
  mkdir -p "$work/manifests"
  cat >"$work/manifests/soak.yaml" <<EOF
apiVersion: v1
kind: ConfigMap
metadata: {name: gatehouse}
data:
  upstream-keepalive-timeout: "10"
---
$(service_manifest upstream $UPSTREAM_PORT)
---
$(service_manifest ws $WS_PORT)
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: soak}
spec:
  ingressClassName: gatehouse
  rules:
  - http:
      paths:
      - {path: /ws, pathType: Prefix, backend: {service: {name: ws, port: {number: 80}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: upstream, port: {number: 80}}}}
EOF
  toggle on
}

toggle() { # on|off: the second replica and the route of toggled.example are in the directory, or not
  if [[ $1 == on ]]; then
    cat >"$work/manifests/toggle.yaml" <<EOF
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: upstream-2
  labels: {kubernetes.io/service-name: upstream}
addressType: IPv4
ports: [{name: http, port: $UPSTREAM_PORT2}]
endpoints: [{addresses: ["127.0.0.1"]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: toggled}
spec:
  ingressClassName: gatehouse
  rules:
  - host: toggled.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: upstream, port: {number: 80}}}}
EOF
  else
    echo "# the second replica and toggled.example are out" >"$work/manifests/toggle.yaml"
  fi
}

toggler() { # rewrites toggle.yaml every second until killed; counts the rewrites
  local n=0
  trap 'echo "$n" >"$work/out/rewrites"; exit 0' TERM
  while :; do
    if ((n % 2)); then toggle on; else toggle off; fi
    n=$((n + 1))
    sleep 1
  done
}

start_gatehouse() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=soak.example \
    -addext subjectAltName=DNS:soak.example -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  # shellcheck disable=SC2086 # GATEHOUSE_JAVA_OPTS is a list of options
  start gatehouse "0-$load_cpu" java $GATEHOUSE_JAVA_OPTS -jar "$root/ingress-controller/target/gatehouse.jar" run \
    --manifests "$work/manifests" --config default/gatehouse --bind-address 127.0.0.1 --http-port "$HTTP_PORT" \
    --https-port "$HTTPS_PORT" --admin-port "$ADMIN_PORT" --default-certificate-file "$work/cert.pem" \
    --default-key-file "$work/key.pem" --access-log off
  gatehouse_pid=$last_pid
  wait_for_port "$HTTP_PORT" gatehouse
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null && break; sleep 0.1; done
}

# h2load rounds until the deadline (new connections each round); prints the summed "total succeeded" counts
h2_rounds() { # seconds url connections
  local deadline=$((SECONDS + $1)) total=0 ok=0 t s out="$work/h2load.$BASHPID"
  while ((SECONDS < deadline)); do
    h2load -n $(($3 * 200)) -c "$3" -m 10 -t 1 "$2" >"$out" 2>&1 || true
    t="" s=""
    read -r t s < <(awk '/^requests:/ { gsub(",", ""); print $2, $8 }' "$out") || true
    total=$((total + ${t:-0})); ok=$((ok + ${s:-0}))
  done
  echo "$total $ok"
}

# runs every client for the given seconds, their outputs in $work/out/PHASE-KIND
load() { # phase seconds
  local phase="$1" s="$2" out="$work/out/$1" kind
  local -a running=()
  wrk -t1 -c8 -d"${s}s" --timeout 10s "http://127.0.0.1:$HTTP_PORT/" >"$out-http-keepalive" 2>&1 & running+=($!)
  wrk -t1 -c4 -d"${s}s" --timeout 10s -H "Connection: close" "http://127.0.0.1:$HTTP_PORT/" >"$out-http-new-conns" 2>&1 & running+=($!)
  wrk -t1 -c4 -d"${s}s" --timeout 10s "https://127.0.0.1:$HTTPS_PORT/" >"$out-tls-keepalive" 2>&1 & running+=($!)
  wrk -t1 -c2 -d"${s}s" --timeout 10s -H "Connection: close" "https://127.0.0.1:$HTTPS_PORT/" >"$out-tls-new-conns" 2>&1 & running+=($!)
  h2_rounds "$s" "http://127.0.0.1:$HTTP_PORT/" 4 >"$out-h2c" & running+=($!)
  h2_rounds "$s" "https://127.0.0.1:$HTTPS_PORT/" 2 >"$out-h2-tls" & running+=($!)
  for kind in websocket:2 slowloris:20 vanish:2; do
    python3 "$clients" "${kind%%:*}" "$HTTP_PORT" "$s" "${kind#*:}" >"$out-${kind%%:*}" 2>&1 & running+=($!)
  done
  local pid
  for pid in "${running[@]}"; do wait "$pid" || true; done
}

fds() { find "/proc/$gatehouse_pid/fd" -mindepth 1 -maxdepth 1 | wc -l; }
# fds, RSS (MiB), threads, heap used after a full GC (MiB)
sample() {
  local heap
  jcmd "$gatehouse_pid" GC.run >/dev/null
  heap=$(jcmd "$gatehouse_pid" GC.heap_info | awk '
    /PSYoungGen|ParOldGen|garbage-first heap|def new generation|tenured generation/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); kb += v } }
    END { printf "%.1f", kb / 1024 }')
  echo "$(fds) $(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$gatehouse_pid/status")" \
    "$(awk '/^Threads/ { print $2 }' "/proc/$gatehouse_pid/status")" "$heap"
}

# waits until the upstream connections kept idle have closed and the descriptor count holds still for 3 s
quiet() {
  local last="" same=0
  sleep 12
  for _ in $(seq 1 30); do
    now=$(fds)
    if [[ $now == "$last" ]]; then same=$((same + 1)); else same=0; fi
    ((same < 3)) || return 0
    last=$now
    sleep 1
  done
}

# "requests failures" of one client's output
outcome() { # file kind
  case $2 in
    http-*|tls-*) awk '
      / requests in / { n = $1 }
      /Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 }
      /Non-2xx or 3xx/ { e += $5 }
      END { print n + 0, e + 0 }' "$1" ;;
    h2c|h2-tls) awk '{ print $1, $1 - $2 }' "$1" ;;
    websocket) python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(r["counts"].get("sessions ok", 0) + sum(r["errors"].values()), sum(r["errors"].values()))' "$1" ;;
  esac
}

mkdir -p "$work/out"
manifests
UPSTREAM_PORT2=$UPSTREAM_PORT2 upstream
python3 "$clients" ws-upstream "$WS_PORT" >"$work/ws-upstream.out" 2>&1 &
pids+=($!)
wait_for_port "$WS_PORT"
start_gatehouse
say "Gatehouse (pid $gatehouse_pid) on 127.0.0.1: http $HTTP_PORT, https $HTTPS_PORT; ${WARMUP}s warm-up, then $MINUTES minutes"
idle_fds=$(fds)

toggler & toggler_pid=$!
pids+=("$toggler_pid")
load warmup "$WARMUP"
kill "$toggler_pid"; wait "$toggler_pid" || true
toggle on
quiet
start_sample=$(sample)
say "start (quiet, after the warm-up): fds rss_MiB threads heap_after_gc_MiB = $start_sample"

toggler & toggler_pid=$!
load soak $((MINUTES * 60)) &
load_pid=$!
pids+=("$toggler_pid" "$load_pid")
declare -a minute_samples=()
for minute in $(seq 1 "$MINUTES"); do
  for _ in $(seq 1 60); do kill -0 "$load_pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$load_pid" 2>/dev/null || break
  s=$(sample)
  minute_samples+=("$minute $s")
  say "minute $minute (under load): fds rss_MiB threads heap_after_gc_MiB = $s"
done
wait "$load_pid" || true
kill "$toggler_pid"; wait "$toggler_pid" || true
rewrites=$(cat "$work/out/rewrites" 2>/dev/null || echo "?")
toggle on
quiet
end_sample=$(sample)
say "end (quiet): fds rss_MiB threads heap_after_gc_MiB = $end_sample"

status=0
echo
echo "Soak of $(date -u '+%Y-%m-%d %H:%M UTC'): $MINUTES minutes after ${WARMUP}s of warm-up; $(nproc) CPUs;" \
  "JVM options $GATEHOUSE_JAVA_OPTS; toggle.yaml rewritten $rewrites times"
printf '\n%-16s %12s %10s\n' "client" "requests" "failed"
for kind in http-keepalive http-new-conns h2c tls-keepalive tls-new-conns h2-tls websocket; do
  n=0 e=0
  read -r n e < <(outcome "$work/out/soak-$kind" "$kind") || true
  printf '%-16s %12s %10s\n' "$kind" "$n" "$e"
  if ((e > 0 || n == 0)); then
    status=1
    echo "  FAIL: $kind had $e failed of $n; its output:"; sed 's/^/    /' "$work/out/soak-$kind"
  fi
done
echo
echo "broken on purpose (not judged):"
echo "  slowloris: $(cat "$work/out/soak-slowloris")"
echo "  vanish:    $(cat "$work/out/soak-vanish")"
echo "  websocket: $(cat "$work/out/soak-websocket")"

read -r fd0 rss0 threads0 heap0 <<<"$start_sample"
read -r fd1 rss1 threads1 heap1 <<<"$end_sample"
echo
printf '%-26s %8s %10s %9s %22s\n' "" "open fds" "RSS MiB" "threads" "heap after GC MiB"
printf '%-26s %8s %10s %9s %22s\n' "idle, before any traffic" "$idle_fds" "" "" ""
printf '%-26s %8s %10s %9s %22s\n' "start (quiet)" "$fd0" "$rss0" "$threads0" "$heap0"
for m in "${minute_samples[@]}"; do
  read -r minute f r t h <<<"$m"
  printf '%-26s %8s %10s %9s %22s\n' "minute $minute, under load" "$f" "$r" "$t" "$h"
done
printf '%-26s %8s %10s %9s %22s\n' "end (quiet)" "$fd1" "$rss1" "$threads1" "$heap1"
echo
if ((fd1 > fd0 + FD_SLACK)); then
  status=1; echo "FAIL: open file descriptors grew from $fd0 to $fd1 (slack $FD_SLACK)"
  ls -l "/proc/$gatehouse_pid/fd" | awk 'NR > 1 { print $NF }' | sed 's/[0-9]\+/N/g' | sort | uniq -c | sort -rn | head
else
  echo "ok: open file descriptors $fd0 at the start, $fd1 at the end (slack $FD_SLACK)"
fi
if awk -v a="$heap0" -v b="$heap1" -v p="$HEAP_GROWTH_PERCENT" 'BEGIN { exit !(b > a * (1 + p / 100)) }'; then
  status=1; echo "FAIL: heap after GC grew from $heap0 MiB to $heap1 MiB (more than $HEAP_GROWTH_PERCENT %)"
else
  echo "ok: heap after GC $heap0 MiB at the start, $heap1 MiB at the end (at most +$HEAP_GROWTH_PERCENT %)"
fi
problems=$(grep -c -E ' (ERROR|WARN) ' "$work/gatehouse.out" || true)
echo "Gatehouse logged $problems WARN/ERROR lines$( ((problems == 0)) || echo "; the most frequent:")"
if ((problems > 0)); then
  grep -E ' (ERROR|WARN) ' "$work/gatehouse.out" | sed -E 's/^[^ ]+ [^ ]+ //; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -5
  echo "the first, with what follows it:"
  grep -m1 -A12 -E ' (ERROR|WARN) ' "$work/gatehouse.out" | sed 's/^/    /'
fi
echo
if ((status)); then echo "FAILED"; else echo "PASSED"; fi
exit "$status"
