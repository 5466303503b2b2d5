#!/usr/bin/env bash
# Gatehouse against nginx and HAProxy as reverse proxies: same machine, same upstream, same load.
#
# One upstream (nginx answering a small fixed body) on the last CPU, with the load generator. Then, in
# turn, each proxy pinned to the first CPU with 1 worker thread, then on every CPU with 2, measured with
# wrk over keep-alive connections on loopback; Gatehouse and nginx also with h2load over h2c. Every
# proxy keeps upstream connections alive, logs nothing, and gets the same warm-up (long enough for the
# JVM's compiler to finish). On a shared machine a single measurement swings by a quarter, so every
# measurement is taken ROUNDS times, the peers taking turns, and the median is reported.
#
# Usage: bench/proxy-vs-peers.sh   (ROUNDS=3 DURATION=15 WARMUP=30 CONNECTIONS=50 to change the load)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-30}"
CONNECTIONS="${CONNECTIONS:-50}"
H2_REQUESTS="${H2_REQUESTS:-300000}"
GATEHOUSE_JAVA_OPTS="${GATEHOUSE_JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseParallelGC}"
UPSTREAM_PORT=18000
PORT=18080
ADMIN_PORT=18090
H2_PORT=18082

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

nginx_proxy() { # threads
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $1;
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
    listen 127.0.0.1:$PORT;
    listen 127.0.0.1:$H2_PORT http2;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # the headers Gatehouse sends upstream, as ingress-nginx does, so that every proxy does the same work
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
EOF
  start nginx "$(proxy_cpus "$1")" nginx -c "$work/nginx/nginx.conf" -g 'daemon off;'
}

haproxy_proxy() { # threads
  mkdir -p "$work/haproxy"
  cat >"$work/haproxy/haproxy.cfg" <<EOF
global
  nbthread $1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option forwardfor
  http-reuse always
frontend bench
  bind 127.0.0.1:$PORT
  # with forwardfor, the headers Gatehouse sends upstream (HAProxy's request ID is a UUID, Gatehouse's 32 hex digits)
  http-request set-header X-Request-ID %[uuid] unless { req.hdr(x-request-id) -m found }
  http-request set-header X-Real-IP %[src]
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Forwarded-Port %[dst_port]
  default_backend upstream
backend upstream
  server up 127.0.0.1:$UPSTREAM_PORT
EOF
  start haproxy "$(proxy_cpus "$1")" haproxy -f "$work/haproxy/haproxy.cfg" -db
}

gatehouse_proxy() { # threads
  gatehouse_manifests
  # shellcheck disable=SC2086 # GATEHOUSE_JAVA_OPTS is a list of options
  start gatehouse "$(proxy_cpus "$1")" java $GATEHOUSE_JAVA_OPTS -jar "$root/ingress-controller/target/gatehouse.jar" run \
    --manifests "$work/manifests" --bind-address 127.0.0.1 --http-port "$PORT" --admin-port "$ADMIN_PORT" \
    --event-loop-threads "$1" --access-log off --max-connections 0
}

install_missing
if [[ ! -f "$root/ingress-controller/target/gatehouse.jar" ]]; then
  say "building gatehouse.jar..."
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

say "machine: $cpus CPUs; proxies on CPU 0 (1 thread) or CPUs 0-$load_cpu (2 threads); upstream and load on CPU $load_cpu"
say "load: wrk -t1 -c$CONNECTIONS, ${WARMUP}s warm-up then ${DURATION}s measured, keep-alive, GET / with a 24-byte answer"
upstream

gatehouse_memory=""
for round in $(seq 1 "$ROUNDS"); do
  say "round $round of $ROUNDS"
  add direct "$(measure "$UPSTREAM_PORT" "$DURATION")"
  for threads in 1 2; do
    for peer in gatehouse nginx haproxy; do
      "${peer}_proxy" "$threads"
      pid=$last_pid
      wait_for_port "$PORT" "$peer"
      if [[ $peer == gatehouse ]]; then
        for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null && break; sleep 0.1; done
      fi
      measure "$PORT" "$WARMUP" >/dev/null
      r=$(measure "$PORT" "$DURATION")
      add "$peer-$threads" "$r"
      say "  $peer, $threads thread(s): $r"
      if [[ $threads == 1 && ( $peer == gatehouse || $peer == nginx ) ]]; then
        h2_port=$([[ $peer == gatehouse ]] && echo "$PORT" || echo "$H2_PORT")
        h2 "$h2_port" >/dev/null
        h=$(h2 "$h2_port")
        add "$peer-h2" "$h 0 0"
        say "  $peer, h2c: $h requests/s"
      fi
      if [[ $peer == gatehouse && $threads == 2 ]]; then
        rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
        jcmd "$pid" GC.run >/dev/null 2>&1 || true
        # every generation line ("PSYoungGen total N, used M", "ParOldGen ...", "garbage-first heap ..."), summed
        heap_kb=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/ total / { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i+1); sub("K,?", "", v); sum += v } } END { print sum + 0 }')
        gatehouse_memory="RSS $((rss_kb / 1024)) MB, heap used after a full GC $(( ${heap_kb:-0} / 1024 )) MB"
      fi
      stop "$pid"
    done
  done
done

declare -A result
for key in "${!samples[@]}"; do result[$key]=$(median "$key"); done

printf '\n%-26s %12s %10s %10s\n' "median of $ROUNDS rounds" "requests/s" "p50 ms" "p99 ms"
printf '%-26s %12s %10s %10s\n' "upstream direct" $(field "${result[direct]}" 1) $(field "${result[direct]}" 2) $(field "${result[direct]}" 3)
for threads in 1 2; do
  for peer in gatehouse nginx haproxy; do
    r="${result[$peer-$threads]}"
    printf '%-26s %12s %10s %10s\n' "$peer, $threads thread(s)" "$(field "$r" 1)" "$(field "$r" 2)" "$(field "$r" 3)"
  done
done
printf '%-26s %12s\n' "gatehouse, h2c (h2load)" "$(field "${result[gatehouse-h2]}" 1)"
printf '%-26s %12s\n' "nginx, h2c (h2load)" "$(field "${result[nginx-h2]}" 1)"
echo
for threads in 1 2; do
  g="${result[gatehouse-$threads]}"; n="${result[nginx-$threads]}"; h="${result[haproxy-$threads]}"
  echo "$threads thread(s): gatehouse/nginx requests/s $(ratio "$(field "$g" 1)" "$(field "$n" 1)"), p99 $(ratio "$(field "$g" 3)" "$(field "$n" 3)");" \
       "gatehouse/haproxy requests/s $(ratio "$(field "$g" 1)" "$(field "$h" 1)"), p99 $(ratio "$(field "$g" 3)" "$(field "$h" 3)")"
done
echo "h2c: gatehouse/nginx requests/s $(ratio "$(field "${result[gatehouse-h2]}" 1)" "$(field "${result[nginx-h2]}" 1)")"
echo "gatehouse after its last run (2 threads, $GATEHOUSE_JAVA_OPTS): $gatehouse_memory"
echo "(medians of $ROUNDS rounds; each round: ${WARMUP}s warm-up, ${DURATION}s measured)"
