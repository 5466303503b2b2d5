# Shared by the benchmark scripts of bench/: a work directory cleaned up on exit, installing the tools,
# starting pinned processes, measuring with wrk, an nginx upstream, and medians over rounds.
# The sourcing script sets UPSTREAM_PORT (and UPSTREAM_PORT2 for a second listener of the upstream, a second
# replica), CONNECTIONS and (for stop) PORT before calling these.

work="$(mktemp -d /tmp/gatehouse-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

install_missing() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v pgrep >/dev/null || missing+=(procps)
  command -v openssl >/dev/null || missing+=(openssl)
  if ((${#missing[@]})); then
    say "installing ${missing[*]} from Debian's packages..."
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

cpus=$(nproc)
load_cpu=$((cpus - 1))
proxy_cpus() { if [[ "$1" == 1 ]]; then echo 0; else echo "0-$load_cpu"; fi; }

wait_for_port() { # port [name of the process that should listen]
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  say "nothing listens on port $1${2:+; $2 said:}"
  [[ -n "${2:-}" && -f "$work/$2.out" ]] && cat "$work/$2.out" >&2
  return 1
}

last_pid=""
start() { # name, cpus, command...; sets last_pid
  local name="$1" cpu="$2"; shift 2
  taskset -c "$cpu" "$@" >"$work/$name.out" 2>&1 &
  last_pid=$!
  pids+=("$last_pid")
}

stop() { # pid; also waits until the proxy port is free again (nginx workers linger a moment)
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || return 0
    sleep 0.1
  done
}

# wrk on the load CPU; prints "requests/s p50_ms p99_ms"
measure() { # port seconds
  measure_url "http://127.0.0.1:$1/" "$2"
}

measure_url() { # url seconds [more wrk options]
  local url="$1" seconds="$2"; shift 2
  taskset -c "$load_cpu" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" "$url" >"$work/wrk.out"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    / Socket errors|Non-2xx/ { errors = errors " " $0 }
    END { printf "%.0f %.3f %.3f%s\n", rps, p50, p99, (errors ? " ERRORS:" errors : "") }' "$work/wrk.out"
}

h2() {
  local port="$1"
  taskset -c "$load_cpu" h2load -n "$H2_REQUESTS" -c "$CONNECTIONS" -m 10 -t 1 "http://127.0.0.1:$port/" >"$work/h2load.out" 2>&1
  awk '/^finished in/ { gsub(",", ""); print $4 }' "$work/h2load.out" | head -1
}

# A Service named $1 and its EndpointSlice with one loopback endpoint on port $2, as manifest YAML.
service_manifest() {
  cat <<EOF
apiVersion: v1
kind: Service
metadata: {name: $1}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: $1-1
  labels: {kubernetes.io/service-name: $1}
addressType: IPv4
ports: [{name: http, port: $2}]
endpoints: [{addresses: ["127.0.0.1"]}]
EOF
}

# A manifest directory for Gatehouse: every host and path to the upstream, as the peers are configured.
gatehouse_manifests() {
  mkdir -p "$work/manifests"
  cat >"$work/manifests/bench.yaml" <<EOF
$(service_manifest bench $UPSTREAM_PORT)
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bench}
spec:
  ingressClassName: gatehouse
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: bench, port: {number: 80}}}}
EOF
}

upstream() {
  mkdir -p "$work/upstream"
  cat >"$work/upstream/nginx.conf" <<EOF
worker_processes 1;
error_log $work/upstream/error.log warn;
pid $work/upstream/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;${UPSTREAM_PORT2:+
    listen 127.0.0.1:$UPSTREAM_PORT2;}
    location / { default_type text/plain; return 200 "hello from the upstream\n"; }
    # what a proxy sent upstream, for scripts that check every proxy adds the same headers
    location = /bench-headers {
      default_type text/plain;
      return 200 "host=\$http_host\nx-request-id=\$http_x_request_id\nx-forwarded-for=\$http_x_forwarded_for\nx-real-ip=\$http_x_real_ip\nx-forwarded-proto=\$http_x_forwarded_proto\nx-forwarded-host=\$http_x_forwarded_host\nx-forwarded-port=\$http_x_forwarded_port\n";
    }
  }
}
EOF
  start upstream "$load_cpu" nginx -c "$work/upstream/nginx.conf" -g 'daemon off;'
  wait_for_port "$UPSTREAM_PORT"
}

declare -A samples
add() { samples[$1]="${samples[$1]:-}${samples[$1]:+;}$2"; }
# the median of one field over a key's samples ("n/a" when there are none)
median_of() { # key field
  echo "${samples[$1]:-}" | tr ';' '\n' | awk -v f="$2" 'NF { print $f }' | sort -g |
    awk '{ v[NR] = $1 } END { if (!NR) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# the medians of the "rps p50 p99" samples of a key, field by field
median() { echo "$(median_of "$1" 1) $(median_of "$1" 2) $(median_of "$1" 3)"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
field() { echo "$1" | awk -v n="$2" '{print $n}'; }

# Installs the Debian package of each "command:package" pair whose command is missing.
install_commands() {
  local pair missing=()
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}"); done
  if ((${#missing[@]})); then
    say "installing ${missing[*]} from Debian's packages..."
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Sets each named variable to its own port in 20000-29999 that nothing listens on and no earlier call picked, so
# that runs side by side on one machine rarely clash.
taken_ports=" "
pick_ports() { # variable names
  local name port
  for name in "$@"; do
    while :; do
      port=$((20000 + RANDOM % 10000))
      [[ $taken_ports == *" $port "* ]] && continue
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
      break
    done
    taken_ports+="$port "
    printf -v "$name" '%s' "$port"
  done
}
