#!/usr/bin/env bash
# Gatehouse against nginx terminating TLS: the same certificate (ECDSA P-256, made here by openssl),
# TLS 1.3 as wrk negotiates it, the same upstream (nginx answering a small fixed body) kept alive.
# Measured with wrk on loopback, each proxy pinned to CPU 0 with one worker thread, the peers taking
# turns over ROUNDS rounds: requests/s over TLS keep-alive connections, and new TLS handshakes/s
# (every request on a new connection: "Connection: close"; wrk resumes its TLS 1.3 session from a ticket, with both).
#
# Usage: bench/tls-vs-nginx.sh   (ROUNDS=3 DURATION=15 PREWARM=10 WARMUP=90 WARMUP_AGAIN=20 CONNECTIONS=50 to change the load)
#
# The warm-up starts with PREWARM seconds in which connections open and close, both ways: half of it keep-alive
# connections that wrk closes when it stops, half new connections that the proxy closes ("Connection: close").
# In Gatehouse's JVM the first closes take paths the JIT compiler had not seen (a reset read, a failed future,
# a close event): it throws away its compiled read and write paths and compiles them again. Without this that
# happened at the start of the keep-alive window, when the keep-alive warm-up's connections closed, and the
# window measured the recompilation (C2 took up to a quarter of the one CPU in it).
#
# The first warm-up is long because Gatehouse's JVM shares CPU 0 with its JIT compiler: on one core, C2
# keeps compiling the TLS and proxy paths for about 80 s under this load, and a window measured before
# that measures the compiler as much as the proxy. nginx gets the same warm-ups.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-15}"
PREWARM="${PREWARM:-10}"
WARMUP="${WARMUP:-90}"
WARMUP_AGAIN="${WARMUP_AGAIN:-20}"
CONNECTIONS="${CONNECTIONS:-50}"
GATEHOUSE_JAVA_OPTS="${GATEHOUSE_JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseParallelGC}"
UPSTREAM_PORT=18000
PORT=18443
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
  server {
    listen 127.0.0.1:$PORT ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
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
    --manifests "$work/manifests" --bind-address 127.0.0.1 --http-port "$HTTP_PORT" --https-port "$PORT" \
    --admin-port "$ADMIN_PORT" --default-certificate-file "$work/cert.pem" --default-key-file "$work/key.pem" \
    --event-loop-threads 1 --access-log off --max-connections 0
}

install_missing
if [[ ! -f "$root/ingress-controller/target/gatehouse.jar" ]]; then
  say "building gatehouse.jar..."
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package)
fi

say "machine: $cpus CPUs; proxies on CPU 0 with 1 worker thread; upstream and load on CPU $load_cpu"
say "load: wrk -t1 -c$CONNECTIONS over TLS; ${PREWARM}s of connections opened and closed and ${WARMUP}s of keep-alive warm-up, ${DURATION}s keep-alive measured, ${WARMUP_AGAIN}s warm-up, ${DURATION}s handshakes measured"
certificate
upstream

for round in $(seq 1 "$ROUNDS"); do
  say "round $round of $ROUNDS"
  for peer in gatehouse nginx; do
    "${peer}_tls"
    pid=$last_pid
    wait_for_port "$PORT" "$peer"
    if [[ $peer == gatehouse ]]; then
      for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null && break; sleep 0.1; done
    fi
    if ((PREWARM > 1)); then
      measure_url "https://127.0.0.1:$PORT/" $((PREWARM / 2)) >/dev/null
      measure_url "https://127.0.0.1:$PORT/" $((PREWARM - PREWARM / 2)) -H "Connection: close" >/dev/null
    fi
    measure_url "https://127.0.0.1:$PORT/" "$WARMUP" >/dev/null
    r=$(measure_url "https://127.0.0.1:$PORT/" "$DURATION")
    add "$peer-keepalive" "$r"
    say "  $peer, TLS keep-alive: $r"
    measure_url "https://127.0.0.1:$PORT/" "$WARMUP_AGAIN" -H "Connection: close" >/dev/null
    r=$(measure_url "https://127.0.0.1:$PORT/" "$DURATION" -H "Connection: close")
    add "$peer-handshakes" "$r"
    say "  $peer, new handshakes: $r"
    stop "$pid"
  done
done

declare -A result
for key in "${!samples[@]}"; do result[$key]=$(median "$key"); done

printf '\n%-44s %12s %10s %10s\n' "median of $ROUNDS rounds" "per second" "p50 ms" "p99 ms"
for kind in keepalive handshakes; do
  for peer in gatehouse nginx; do
    r="${result[$peer-$kind]}"
    label=$([[ $kind == keepalive ]] && echo "requests over TLS keep-alive" || echo "new TLS handshakes")
    printf '%-44s %12s %10s %10s\n' "$peer, $label" "$(field "$r" 1)" "$(field "$r" 2)" "$(field "$r" 3)"
  done
done
echo
for kind in keepalive handshakes; do
  g="${result[gatehouse-$kind]}"; n="${result[nginx-$kind]}"
  echo "$kind: gatehouse/nginx $(ratio "$(field "$g" 1)" "$(field "$n" 1)") per second, p99 $(ratio "$(field "$g" 3)" "$(field "$n" 3)")"
done
echo "(TLS by $(awk '/TLS by/ {sub(/.*TLS by /, ""); print; exit}' "$work/gatehouse.out" 2>/dev/null || echo '?') in Gatehouse; nginx $(nginx -v 2>&1 | sed 's/.*\///') with its OpenSSL)"
