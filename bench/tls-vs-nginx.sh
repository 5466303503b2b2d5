#!/usr/bin/env bash
# Gatehouse against nginx terminating TLS: the same certificate (ECDSA P-256, made here by openssl),
# TLS 1.3 as wrk negotiates it, the same upstream (nginx answering a small fixed body) kept alive.
# Both proxies run at once, each pinned to CPU 0 with one worker thread, on their own ports; wrk on the
# other CPU loads one at a time in short windows, the two taking turns (A B, then B A, so a drift of the
# machine's speed falls on both alike). Two figures: requests/s over TLS keep-alive connections, and new
# TLS handshakes/s (every request on a new connection: "Connection: close"; wrk resumes its TLS 1.3
# session from a ticket, with both). Each window also reads CPU 0's busy time from /proc/stat, so the
# report gives the proxy CPU spent per request as well as the rate wrk could drive.
#
# New handshakes are measured twice. As they come, the rate is bounded by wrk: on its one CPU it does a
# client's half of every handshake, shares the CPU with the upstream, and is saturated before either
# proxy is. Then again with each proxy held to HANDSHAKE_CPU_PERCENT of a CPU by a cgroup CPU quota
# (root and a writable cgroup cpu controller needed; skipped otherwise), so that the proxy is the bound
# and the figure is its capacity.
#
# Usage: bench/tls-vs-nginx.sh   (PAIRS=10 WINDOW=6 PREWARM=10 WARMUP=90 WARMUP_AGAIN=20 CONNECTIONS=50
#        HANDSHAKE_CPU_PERCENT=50, 0 to skip the capped figure, to change the load)
#
# Why interleaved: this machine's speed swings by a third from one minute to the next (nginx alone 20k to
# 36k requests/s over two minutes), so figures taken minutes apart compare the machine, not the proxies.
#
# The warm-up starts with PREWARM seconds in which connections open and close, both ways: half of it keep-alive
# connections that wrk closes when it stops, half new connections that the proxy closes ("Connection: close").
# In Gatehouse's JVM the first closes take paths the JIT compiler had not seen (a reset read, a failed future,
# a close event): it throws away its compiled read and write paths and compiles them again. Without this that
# happened in the first measured windows.
#
# The first warm-up is long because Gatehouse's JVM shares CPU 0 with its JIT compiler: on one core, C2
# keeps compiling the TLS and proxy paths for about 80 s under this load, and a window measured before
# that measures the compiler as much as the proxy. nginx gets the same opening and closing and a warm-up too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAIRS="${PAIRS:-10}"
WINDOW="${WINDOW:-6}"
PREWARM="${PREWARM:-10}"
WARMUP="${WARMUP:-90}"
WARMUP_AGAIN="${WARMUP_AGAIN:-20}"
CONNECTIONS="${CONNECTIONS:-50}"
HANDSHAKE_CPU_PERCENT="${HANDSHAKE_CPU_PERCENT:-50}"
GATEHOUSE_JAVA_OPTS="${GATEHOUSE_JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseParallelGC}"
UPSTREAM_PORT=18000
GATEHOUSE_PORT=18443
NGINX_PORT=18444
HTTP_PORT=18080
ADMIN_PORT=18090

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

certificate() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench.example \
    -addext subjectAltName=DNS:bench.example -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
}

nginx_tls() {
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream bench { server 127.0.0.1:$UPSTREAM_PORT; keepalive 256; keepalive_requests 1000000; }
  # the request ID as ingress-nginx makes it: the client's, else a new one
  map \$http_x_request_id \$req_id { default \$http_x_request_id; "" \$request_id; }
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # the headers Gatehouse sends upstream, as ingress-nginx does, so that both proxies do the same work
      proxy_set_header Host \$http_host;
      proxy_set_header X-Request-ID \$req_id;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Real-IP \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header X-Forwarded-Port \$server_port;
    }
  }
}
CONF
  start nginx 0 nginx -c "$work/nginx/nginx.conf" -g 'daemon off;'
}

gatehouse_tls() {
  gatehouse_manifests
  # the certificate is the default one: wrk connects to an IP address, so there is no server name to match
  # shellcheck disable=SC2086 # GATEHOUSE_JAVA_OPTS is a list of options
  start gatehouse 0 java $GATEHOUSE_JAVA_OPTS -jar "$root/ingress-controller/target/gatehouse.jar" run \
    --manifests "$work/manifests" --bind-address 127.0.0.1 --http-port "$HTTP_PORT" --https-port "$GATEHOUSE_PORT" \
    --admin-port "$ADMIN_PORT" --default-certificate-file "$work/cert.pem" --default-key-file "$work/key.pem" \
    --event-loop-threads 1 --access-log off --max-connections 0
}

# CPU 0's busy and total ticks (user, nice, system, irq, softirq count as busy; idle and iowait do not)
cpu0_ticks() { awk '$1 == "cpu0" { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

# one measured window: prints "requests/s p50_ms p99_ms cpu_us_per_request"
window() { # port [more wrk options]
  local port="$1"; shift
  local before after r
  before=$(cpu0_ticks)
  r=$(measure_url "https://127.0.0.1:$port/" "$WINDOW" "$@")
  after=$(cpu0_ticks)
  echo "$r" | awk -v b="$before" -v a="$after" '{
      split(b, x, " "); split(a, y, " "); busy = (y[2] > x[2]) ? (y[1] - x[1]) / (y[2] - x[2]) : 0
      printf "%s %s %s %.0f%s\n", $1, $2, $3, ($1 > 0) ? busy * 1e6 / $1 : 0, (NF > 3) ? " " substr($0, index($0, $4)) : "" }'
}

# A cgroup per proxy with a CPU quota (a 10 ms period, so the proxy is held back in short steps), through
# cgroup v1's cpu controller or cgroup v2's cpu.max; prints nothing and returns 1 when neither can be used.
quota_groups=()
quota_root() {
  if [[ -w /sys/fs/cgroup/cpu/cgroup.procs ]]; then echo /sys/fs/cgroup/cpu
  elif [[ -w /sys/fs/cgroup/cgroup.subtree_control ]] && grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control; then echo /sys/fs/cgroup
  else return 1; fi
}
hold_to_quota() { # name pid...: moves the processes into a new cgroup limited to HANDSHAKE_CPU_PERCENT of a CPU
  local name="$1" base group pid; shift
  base=$(quota_root) || return 1
  group="$base/gatehouse-bench-$name-$$"
  mkdir "$group" || return 1
  quota_groups+=("$group")
  if [[ -f "$group/cpu.max" ]]; then
    echo "$((HANDSHAKE_CPU_PERCENT * 100)) 10000" >"$group/cpu.max"
  else
    echo 10000 >"$group/cpu.cfs_period_us"
    echo "$((HANDSHAKE_CPU_PERCENT * 100))" >"$group/cpu.cfs_quota_us"
  fi
  for pid in "$@"; do echo "$pid" >"$group/cgroup.procs"; done
}
release_quotas() { # after the proxies stopped; a cgroup can only be removed once empty (nginx's worker exits last)
  local group
  for group in "${quota_groups[@]}"; do
    for _ in $(seq 1 50); do rmdir "$group" 2>/dev/null && break; sleep 0.1; done
  done
}
trap 'cleanup; release_quotas' EXIT

port_of() { if [[ $1 == gatehouse ]]; then echo "$GATEHOUSE_PORT"; else echo "$NGINX_PORT"; fi; }

# loads each proxy in turn and throws the figures away
warm_both() { # seconds [more wrk options]
  local seconds="$1" peer; shift
  for peer in gatehouse nginx; do measure_url "https://127.0.0.1:$(port_of "$peer")/" "$seconds" "$@" >/dev/null; done
}

# PAIRS pairs of windows, the order turning each pair; records "$peer-$kind" samples and "$kind-ratio"
pairs() { # kind [more wrk options]
  local kind="$1"; shift
  local pair first second g n r
  for pair in $(seq 1 "$PAIRS"); do
    if ((pair % 2)); then first=gatehouse; second=nginx; else first=nginx; second=gatehouse; fi
    for peer in "$first" "$second"; do
      r=$(window "$(port_of "$peer")" "$@")
      add "$peer-$kind" "$r"
      [[ $peer == gatehouse ]] && g=$r || n=$r
    done
    add "$kind-ratio" "$(ratio "$(field "$g" 1)" "$(field "$n" 1)")"
    say "  pair $pair: gatehouse $(field "$g" 1)/s ($(field "$g" 4) µs CPU each), nginx $(field "$n" 1)/s ($(field "$n" 4) µs)"
    [[ "$g $n" != *ERRORS* ]] || say "    errors: gatehouse ${g#*ERRORS:}; nginx ${n#*ERRORS:}"
  done
}

install_missing
if [[ ! -f "$root/ingress-controller/target/gatehouse.jar" ]]; then
  say "building gatehouse.jar..."
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

say "machine: $cpus CPUs; both proxies on CPU 0 with 1 worker thread each; upstream and load on CPU $load_cpu"
say "load: wrk -t1 -c$CONNECTIONS over TLS; ${PREWARM}s of connections opened and closed and a keep-alive warm-up (${WARMUP}s Gatehouse, ${WARMUP_AGAIN}s nginx), $PAIRS pairs of ${WINDOW}s keep-alive windows; ${WARMUP_AGAIN}s warm-up each, $PAIRS pairs of ${WINDOW}s handshake windows"
certificate
upstream
gatehouse_tls
gatehouse_pid=$last_pid
wait_for_port "$GATEHOUSE_PORT" gatehouse
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null && break; sleep 0.1; done
nginx_tls
nginx_pid=$last_pid
wait_for_port "$NGINX_PORT" nginx

for peer in gatehouse nginx; do
  if ((PREWARM > 1)); then
    measure_url "https://127.0.0.1:$(port_of "$peer")/" $((PREWARM / 2)) >/dev/null
    measure_url "https://127.0.0.1:$(port_of "$peer")/" $((PREWARM - PREWARM / 2)) -H "Connection: close" >/dev/null
  fi
done
measure_url "https://127.0.0.1:$GATEHOUSE_PORT/" "$WARMUP" >/dev/null
measure_url "https://127.0.0.1:$NGINX_PORT/" "$WARMUP_AGAIN" >/dev/null
say "TLS keep-alive"
pairs keepalive
warm_both "$WARMUP_AGAIN" -H "Connection: close"
say "new TLS handshakes (wrk's CPU is the bound)"
pairs handshakes -H "Connection: close"
kinds="keepalive handshakes"
if ((HANDSHAKE_CPU_PERCENT > 0)); then
  # nginx's master and its worker: the worker does the work, the master is moved so nothing is left out
  if hold_to_quota gatehouse "$gatehouse_pid" && hold_to_quota nginx "$nginx_pid" $(pgrep -P "$nginx_pid"); then
    say "new TLS handshakes, each proxy held to $HANDSHAKE_CPU_PERCENT % of a CPU"
    warm_both 10 -H "Connection: close"
    pairs capped -H "Connection: close"
    kinds="$kinds capped"
  else
    say "no cgroup CPU quota available here (needs root and a cgroup cpu controller): the capped handshake figure is skipped"
  fi
fi

printf '\n%-56s %12s %10s %10s %14s\n' "median of $PAIRS windows" "per second" "p50 ms" "p99 ms" "CPU µs each"
label_of() {
  case $1 in
    keepalive) echo "requests over TLS keep-alive" ;;
    handshakes) echo "new TLS handshakes, bounded by wrk" ;;
    capped) echo "new TLS handshakes, proxy at $HANDSHAKE_CPU_PERCENT % of a CPU" ;;
  esac
}
for kind in $kinds; do
  for peer in gatehouse nginx; do
    label=$(label_of "$kind")
    printf '%-56s %12s %10s %10s %14s\n' "$peer, $label" "$(median_of "$peer-$kind" 1)" "$(median_of "$peer-$kind" 2)" \
      "$(median_of "$peer-$kind" 3)" "$(median_of "$peer-$kind" 4)"
  done
done
echo
for kind in $kinds; do
  echo "$kind: gatehouse/nginx $(median_of "$kind-ratio" 1) per second (median of the $PAIRS paired ratios)," \
    "p99 $(ratio "$(median_of "gatehouse-$kind" 3)" "$(median_of "nginx-$kind" 3)")," \
    "nginx/gatehouse CPU per request $(ratio "$(median_of "nginx-$kind" 4)" "$(median_of "gatehouse-$kind" 4)")"
done
echo "(TLS by $(awk '/TLS by/ {sub(/.*TLS by /, ""); print; exit}' "$work/gatehouse.out" 2>/dev/null || echo '?') in Gatehouse; nginx $(nginx -v 2>&1 | sed 's/.*\///') with its OpenSSL)"
