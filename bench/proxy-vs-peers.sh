#!/usr/bin/env bash
# Gatehouse against nginx and HAProxy as reverse proxies: same machine, same upstream, same load, same windows.
#
# Every proxy runs at once, each on its own ports and twice, with the access log off and with it on (nginx and
# HAProxy then log the fields of Gatehouse's JSON line, buffered). wrk (or h2load) loads one at a time in short
# windows, taking turns in an order that rotates from round to round, and each round gives paired ratios
# (Gatehouse/nginx, Gatehouse/HAProxy, log on/log off) from windows seconds apart. The report is the median of
# those ratios: on this shared machine the speed swings by a third from one minute to the next, so figures
# taken minutes apart compare the machine as much as the proxies.
#
# Scenarios: "1" every proxy pinned to CPU 0 with one worker, wrk -t1 -c$CONNECTIONS; "2" on every CPU with two
# workers; "h2c" one worker, h2load over h2c with prior knowledge. The upstream (nginx, a 24-byte answer) and the
# load generator share the last CPU.
#
# GATEHOUSE_JAR_B=path adds a second Gatehouse build, "Gatehouse(before)", in the same windows.
# The run fails (exit 1) on any socket error, non-2xx answer, h2load failure, or a proxy that does not send the
# upstream the seven headers.
#
# Usage: bench/proxy-vs-peers.sh                      (about half an hour)
#        ROUNDS=1 WINDOW=3 WARMUP=5 WARMUP_PEERS=2 PREWARM=0 bench/proxy-vs-peers.sh    (smoke: does it run?)
#        Knobs: ROUNDS WINDOW WARMUP WARMUP_PEERS PREWARM CONNECTIONS H2_STREAMS LOGS="off on" SCENARIOS="1 2 h2c"
#        GATEHOUSE_JAR GATEHOUSE_JAR_B GATEHOUSE_JAVA_OPTS (default: the launcher's) REPORT=file (the Markdown too)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-10}"
WINDOW="${WINDOW:-5}"
WARMUP="${WARMUP:-45}"
WARMUP_PEERS="${WARMUP_PEERS:-10}"
PREWARM="${PREWARM:-6}"
CONNECTIONS="${CONNECTIONS:-64}"
H2_STREAMS="${H2_STREAMS:-10}"
LOGS="${LOGS:-off on}"
SCENARIOS="${SCENARIOS:-1 2 h2c}"
GATEHOUSE_JAR="${GATEHOUSE_JAR:-$root/ingress-controller/target/gatehouse.jar}"
GATEHOUSE_JAR_B="${GATEHOUSE_JAR_B:-}"
REPORT="${REPORT:-}"

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
pick_ports UPSTREAM_PORT
PORT=0 # lib.sh's stop() is not used here

peers=(gatehouse)
[[ -n $GATEHOUSE_JAR_B ]] && peers+=(before)
peers+=(nginx haproxy)
declare -A title=([gatehouse]="Gatehouse" [before]="Gatehouse(before)" [nginx]="nginx" [haproxy]="HAProxy")
declare -A http_port h2_port admin_port https_port sink_port pid

# The fields of Gatehouse's JSON access line (observe/AccessLog), as nginx and HAProxy can give them. nginx has no
# millisecond duration, so its line carries seconds; the work of formatting is the same.
nginx_log_format='{"time":"$time_iso8601","request_id":"$req_id","client":"$remote_addr","method":"$request_method",'\
'"uri":"$request_uri","protocol":"$server_protocol","host":"$http_host","virtual_host":"$server_name",'\
'"route":"$proxy_host","upstream":"$upstream_addr","status":$status,"bytes_sent":$body_bytes_sent,'\
'"bytes_received":$request_length,"duration_s":$request_time,"user_agent":"$http_user_agent","referer":"$http_referer"}'
haproxy_log_format='{"time":"%[date,utime(%Y-%m-%dT%H:%M:%S)].%ms","request_id":"%[var(txn.request_id),json(utf8s)]",'\
'"client":"%ci","method":"%[var(txn.method),json(utf8s)]","uri":"%[var(txn.uri),json(utf8s)]","protocol":"%HV",'\
'"host":"%[var(txn.host),json(utf8s)]","virtual_host":"%f","route":"%b","upstream":"%si:%sp","status":%ST,'\
'"bytes_sent":%B,"bytes_received":%U,"duration_ms":%Ta,"user_agent":"%[var(txn.user_agent),json(utf8s)]",'\
'"referer":"%[var(txn.referer),json(utf8s)]"}'

log_file() { echo "$work/logs/$1.log"; } # id

launch() { # id cpus stdout command...: starts a pinned process, its stderr to $work/ID.out
  local id="$1" cpu="$2" stdout="$3"; shift 3
  taskset -c "$cpu" "$@" >>"$stdout" 2>>"$work/$id.out" &
  pids+=($!)
  pid[$id]=$!
}

start_gatehouse() { # id threads log jar
  local id="$1" threads="$2" log="$3" jar="$4" stdout="$work/$1.out" format=off
  [[ $log == on ]] && { stdout=$(log_file "$id"); format=json; }
  # the launcher, so that its JVM settings are the ones measured; GATEHOUSE_JAVA_OPTS replaces them. No class archive:
  # it only shortens the start, and the instances of one jar would all write it as they exit.
  GATEHOUSE_CDS=off GATEHOUSE_JAR="$jar" JAVA_OPTS="${GATEHOUSE_JAVA_OPTS:-}" launch "$id" "$(proxy_cpus "$threads")" "$stdout" \
    "$root/gatehouse" run --manifests "$work/manifests" --bind-address 127.0.0.1 --http-port "${http_port[$id]}" \
    --https-port "${https_port[$id]}" --admin-port "${admin_port[$id]}" --event-loop-threads "$threads" \
    --access-log "$format" --max-connections 0
}

start_nginx() { # id threads log
  local id="$1" threads="$2" log="$3" dir="$work/$1"
  mkdir -p "$dir"
  local access_log="access_log off;"
  [[ $log == on ]] && access_log="log_format gatehouse escape=json '$nginx_log_format';
  access_log $(log_file "$id") gatehouse buffer=64k flush=1s;"
  cat >"$dir/nginx.conf" <<EOF
worker_processes $threads;
error_log $dir/error.log warn;
pid $dir/nginx.pid;
events { worker_connections 8192; }
http {
  $access_log
  keepalive_requests 1000000;
  upstream bench { server 127.0.0.1:$UPSTREAM_PORT; keepalive 256; keepalive_requests 1000000; }
  # the request ID as ingress-nginx makes it: the client's, else a new one
  map \$http_x_request_id \$req_id { default \$http_x_request_id; "" \$request_id; }
  server {
    listen 127.0.0.1:${http_port[$id]};
    listen 127.0.0.1:${h2_port[$id]} http2;
    server_name _;
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
  launch "$id" "$(proxy_cpus "$threads")" "$work/$id.out" nginx -c "$dir/nginx.conf" -g 'daemon off;'
}

# HAProxy formats each line into a ring buffer in memory, which it forwards in batches over TCP to a sink (a
# small reader appending to a file, started here on the proxy's CPUs, so its cost is HAProxy's): buffered, as
# nginx's buffer=64k and Gatehouse's log thread are.
start_haproxy() { # id threads log
  local id="$1" threads="$2" log="$3" dir="$work/$1" ring="" logging=""
  mkdir -p "$dir"
  if [[ $log == on ]]; then
    launch "$id-sink" "$(proxy_cpus "$threads")" "$work/$id-sink.out" python3 -c '
import socket, sys
server = socket.create_server(("127.0.0.1", int(sys.argv[1])))
with open(sys.argv[2], "ab", buffering=0) as out:
    while True:
        connection, _ = server.accept()
        while chunk := connection.recv(1 << 16):
            out.write(chunk)
        connection.close()' "${sink_port[$id]}" "$(log_file "$id")"
    wait_for_port "${sink_port[$id]}" "$id-sink"
    ring="ring accesslog
  format raw
  maxlen 2048
  size 4194304
  timeout connect 5s
  timeout server 60s
  server sink 127.0.0.1:${sink_port[$id]}"
    logging="log ring@accesslog format raw local0
  log-format '$haproxy_log_format'"
  fi
  cat >"$dir/haproxy.cfg" <<EOF
global
  nbthread $threads
  maxconn 4096
$ring
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option forwardfor
  http-reuse always
  $logging
frontend bench
  bind 127.0.0.1:${http_port[$id]}
  bind 127.0.0.1:${h2_port[$id]} proto h2
  # with forwardfor, the headers Gatehouse sends upstream (HAProxy's request ID is a UUID, Gatehouse's 32 hex digits)
  http-request set-header X-Request-ID %[uuid] unless { req.hdr(x-request-id) -m found }
  http-request set-header X-Real-IP %[src]
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Forwarded-Port %[dst_port]
EOF
  if [[ $log == on ]]; then
    # the request's fields, kept for the log line, which is written once the request is gone
    cat >>"$dir/haproxy.cfg" <<EOF
  http-request set-var(txn.request_id) req.hdr(x-request-id)
  http-request set-var(txn.method) method
  http-request set-var(txn.uri) pathq
  http-request set-var(txn.host) req.hdr(host)
  http-request set-var(txn.user_agent) req.hdr(user-agent)
  http-request set-var(txn.referer) req.hdr(referer)
EOF
  fi
  cat >>"$dir/haproxy.cfg" <<EOF
  default_backend upstream
backend upstream
  server up 127.0.0.1:$UPSTREAM_PORT
EOF
  launch "$id" "$(proxy_cpus "$threads")" "$work/$id.out" haproxy -f "$dir/haproxy.cfg" -db
}

start_all() { # threads
  local log peer id
  for log in $LOGS; do
    for peer in "${peers[@]}"; do
      id="$peer-$log"
      case $peer in
        gatehouse) start_gatehouse "$id" "$1" "$log" "$GATEHOUSE_JAR" ;;
        before) start_gatehouse "$id" "$1" "$log" "$GATEHOUSE_JAR_B" ;;
        *) "start_$peer" "$id" "$1" "$log" ;;
      esac
    done
  done
  for id in "${ids[@]}"; do
    wait_for_port "${http_port[$id]}" "$id"
    if [[ $id == gatehouse-* || $id == before-* ]]; then
      for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:${admin_port[$id]}/readyz" >/dev/null && break; sleep 0.1; done
    fi
  done
}

stop_all() {
  local id
  for id in "${!pid[@]}"; do kill "${pid[$id]}" 2>/dev/null || true; done
  for id in "${!pid[@]}"; do wait "${pid[$id]}" 2>/dev/null || true; done
  pid=()
  for id in "${ids[@]}"; do # nginx's workers linger a moment after their master
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/${http_port[$id]}") 2>/dev/null || break; sleep 0.1; done
  done
}

# Every proxy must send the upstream the same seven headers, or the comparison is of different work.
check_headers() {
  local id answer failed=0
  for id in "${ids[@]}"; do
    answer=$(curl -s "http://127.0.0.1:${http_port[$id]}/bench-headers")
    if [[ $(grep -c '=.' <<<"$answer") != 7 ]]; then
      say "$id does not send the upstream the seven headers; the upstream saw:"$'\n'"$answer"
      failed=1
    fi
  done
  return $failed
}

# One window; prints "requests/s p50_ms p99_ms requests socket_errors non_2xx" (for h2c: mean ms in place of
# p50 and p99, which h2load does not report).
window() { # scenario id seconds
  local scenario="$1" id="$2" seconds="$3"
  if [[ $scenario == h2c ]]; then
    local port=${h2_port[$id]:-${http_port[$id]}}
    taskset -c "$load_cpu" h2load -D "$seconds" -c "$CONNECTIONS" -m "$H2_STREAMS" -t 1 "http://127.0.0.1:$port/" >"$work/load.out" 2>&1 || true
    awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /^finished in/ { gsub(",", ""); rps = $4 }
      /^requests:/ { gsub(",", ""); done = $8; failed = $10 + $12 + $14 }
      /^status codes:/ { gsub(",", ""); non2xx = $5 + $7 + $9 }
      /^time for request:/ { mean = ms($6) }
      END { if (rps == "") failed = failed + 1; printf "%.0f %.3f %.3f %d %d %d\n", rps, mean, mean, done, failed, non2xx }' "$work/load.out"
  else
    taskset -c "$load_cpu" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "http://127.0.0.1:${http_port[$id]}/" >"$work/load.out" 2>&1 || true
    awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 } / requests in / { done = $1 }
      /Socket errors/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
      /Non-2xx or 3xx responses/ { non2xx = $5 }
      END { if (rps == "") errors = errors + 1; printf "%.0f %.3f %.3f %d %d %d\n", rps, p50, p99, done, errors, non2xx }' "$work/load.out"
  fi
}

# Seconds of load per instance, thrown away: first connections opened and closed (the first closes send a JVM's
# compiler back to its read and write paths), then keep-alive load long enough for the JIT compiler to finish.
warm() { # scenario
  local id seconds
  for id in "${ids[@]}"; do
    if [[ $1 != h2c ]] && ((PREWARM > 0)); then
      taskset -c "$load_cpu" wrk -t1 -c"$CONNECTIONS" -d"${PREWARM}s" -H "Connection: close" "http://127.0.0.1:${http_port[$id]}/" >/dev/null 2>&1 || true
    fi
    seconds=$WARMUP_PEERS
    [[ $id == gatehouse-* || $id == before-* ]] && seconds=$WARMUP
    ((seconds > 0)) && window "$1" "$id" "$seconds" >/dev/null
  done
  count_log_lines warm-up # the lines of the warm-up are not the measured requests
}

# The instances of one round, in turns: log modes alternate which comes first, and the peers rotate within each.
round_order() { # round
  local r="$1" n=${#peers[@]} logs log i
  read -r -a logs <<<"$LOGS"
  ((r % 2)) || logs=($(printf '%s\n' "${logs[@]}" | tac))
  for log in "${logs[@]}"; do
    for ((i = 0; i < n; i++)); do echo "${peers[(i + r) % n]}-$log"; done
  done
}

declare -A done_requests logged_lines
measure_rounds() { # scenario
  local scenario="$1" round id r log other
  declare -A this
  for round in $(seq 1 "$ROUNDS"); do
    for id in $(round_order "$round"); do
      r=$(window "$scenario" "$id" "$WINDOW")
      this[$id]=$r
      add "$scenario|$id" "$r"
      done_requests[$scenario|$id]=$(( ${done_requests[$scenario|$id]:-0} + $(field "$r" 4) ))
    done
    say "  round $round: $(for id in "${ids[@]}"; do printf '%s %s/s %s ms; ' "$id" "$(field "${this[$id]}" 1)" "$(field "${this[$id]}" 3)"; done)"
    for log in $LOGS; do
      for other in "${peers[@]}"; do
        [[ $other == gatehouse ]] && continue
        add "$scenario|$log|$other|rps" "$(ratio "$(field "${this[gatehouse-$log]}" 1)" "$(field "${this[$other-$log]}" 1)")"
        add "$scenario|$log|$other|p99" "$(ratio "$(field "${this[gatehouse-$log]}" 3)" "$(field "${this[$other-$log]}" 3)")"
      done
    done
    if [[ " $LOGS " == *" on "* && " $LOGS " == *" off "* ]]; then
      for other in "${peers[@]}"; do
        add "$scenario|cost|$other" "$(ratio "$(field "${this[$other-on]}" 1)" "$(field "${this[$other-off]}" 1)")"
      done
    fi
    count_log_lines "$scenario"
  done
}

# The lines each logging instance wrote since the last count (nginx flushes every second, HAProxy's ring drains
# to its sink), then the files are emptied so that a long run does not fill the disk.
count_log_lines() { # scenario
  local id file n
  [[ " $LOGS " == *" on "* ]] || return 0
  sleep 1.5
  for id in "${ids[@]}"; do
    [[ $id == *-on ]] || continue
    file=$(log_file "$id")
    n=$(wc -l <"$file")
    : >"$file"
    logged_lines[$1|$id]=$(( ${logged_lines[$1|$id]:-0} + n ))
  done
}

memory=""
record_memory() { # threads
  local id kb
  for id in "${ids[@]}"; do
    [[ $id == gatehouse-* || $id == before-* ]] || continue
    kb=$(awk '/^VmRSS/ { print $2 }' "/proc/${pid[$id]}/status" 2>/dev/null || echo 0)
    memory+="${memory:+; }${title[${id%-*}]}, log ${id##*-}, $1 worker(s): RSS $((kb / 1024)) MB"
  done
}

install_missing
command -v python3 >/dev/null || install_commands python3:python3
[[ -f $GATEHOUSE_JAR ]] || { say "building gatehouse.jar..."; (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package); }
[[ -z $GATEHOUSE_JAR_B || -f $GATEHOUSE_JAR_B ]] || { say "GATEHOUSE_JAR_B=$GATEHOUSE_JAR_B: no such file"; exit 2; }

ids=()
for log in $LOGS; do
  for peer in "${peers[@]}"; do
    id="$peer-$log"
    ids+=("$id")
    pick_ports "http_port_" "h2_port_" "admin_port_" "https_port_" "sink_port_"
    http_port[$id]=$http_port_; admin_port[$id]=$admin_port_; https_port[$id]=$https_port_; sink_port[$id]=$sink_port_
    [[ $peer == nginx || $peer == haproxy ]] && h2_port[$id]=$h2_port_ # Gatehouse serves h2c on its HTTP port
  done
done
mkdir -p "$work/logs"
for id in "${ids[@]}"; do : >"$(log_file "$id")"; done
gatehouse_manifests

say "machine: $cpus CPUs; proxies on CPU 0 (1 worker) or CPUs 0-$load_cpu (2 workers); upstream and load on CPU $load_cpu"
say "instances: ${ids[*]}; $ROUNDS rounds of ${WINDOW}s windows per scenario (${SCENARIOS}); warm-up ${WARMUP}s Gatehouse, ${WARMUP_PEERS}s the others"
upstream
status=0
scenarios_run=()
for threads in 1 2; do
  wanted=()
  for scenario in $SCENARIOS; do
    if [[ $scenario == "$threads" || ($scenario == h2c && $threads == 1) ]]; then wanted+=("$scenario"); fi
  done
  ((${#wanted[@]})) || continue
  start_all "$threads"
  check_headers || status=1
  for scenario in "${wanted[@]}"; do
    say "scenario $scenario: warm-up"
    warm "$scenario"
    say "scenario $scenario: $ROUNDS rounds"
    measure_rounds "$scenario"
    scenarios_run+=("$scenario")
  done
  record_memory "$threads"
  stop_all
done

# Errors per instance, summed over its windows (here, not in the report below: that runs in a subshell)
declare -A socket_errors non_2xx
for scenario in "${scenarios_run[@]}"; do
  for id in "${ids[@]}"; do
    socket_errors[$scenario|$id]=$(echo "${samples[$scenario|$id]}" | tr ';' '\n' | awk '{ e += $5 } END { print e + 0 }')
    non_2xx[$scenario|$id]=$(echo "${samples[$scenario|$id]}" | tr ';' '\n' | awk '{ e += $6 } END { print e + 0 }')
    ((socket_errors[$scenario|$id] == 0 && non_2xx[$scenario|$id] == 0)) || status=1
  done
done

# The report, in Markdown to paste into bench/README.md.
label() {
  case $1 in
    1) echo "1 worker, wrk -t1 -c$CONNECTIONS" ;;
    2) echo "2 workers, wrk -t1 -c$CONNECTIONS" ;;
    h2c) echo "1 worker, h2c, h2load -c$CONNECTIONS -m$H2_STREAMS" ;;
  esac
}
cell() { # scenario id: "req/s · p99" (mean for h2c)
  local unit="p99"
  [[ $1 == h2c ]] && unit="mean"
  printf "%s/s · %s %s ms" "$(median_of "$1|$2" 1)" "$unit" "$(median_of "$1|$2" 3)"
}
jvm_options="${GATEHOUSE_JAVA_OPTS:-}"
[[ -n $jvm_options ]] || jvm_options="the launcher's, $(sed -n 's/^jvm_defaults=(\(.*\))$/\1/p' "$root/gatehouse")"
java_version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ { print $2 }')
{
  echo "### proxy-vs-peers.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), Linux $(uname -r), JDK $java_version;" \
    "nginx $(nginx -v 2>&1 | sed 's/.*\///'), HAProxy $(haproxy -v | awk 'NR == 1 { print $3 }'), $(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'), $(h2load --version | awk '{ print $2 }')." \
    "Gatehouse: $GATEHOUSE_JAR of $(date -u -r "$GATEHOUSE_JAR" '+%Y-%m-%d %H:%M UTC')${GATEHOUSE_JAR_B:+; Gatehouse(before): $GATEHOUSE_JAR_B of $(date -u -r "$GATEHOUSE_JAR_B" '+%Y-%m-%d %H:%M UTC')}; JVM: $jvm_options. $ROUNDS rounds of ${WINDOW}s windows, interleaved; warm-up ${WARMUP}s (Gatehouse), ${WARMUP_PEERS}s (peers)."
  echo
  header="| scenario | log |"; rule="|---|---|"
  for peer in "${peers[@]}"; do header+=" ${title[$peer]} |"; rule+="---|"; done
  for peer in "${peers[@]}"; do
    [[ $peer == gatehouse ]] && continue
    header+=" Gatehouse/${title[$peer]} req/s | p99 |"; rule+="---|---|"
  done
  echo "$header"; echo "$rule"
  for scenario in "${scenarios_run[@]}"; do
    for log in $LOGS; do
      row="| $(label "$scenario") | $log |"
      for peer in "${peers[@]}"; do row+=" $(cell "$scenario" "$peer-$log") |"; done
      for peer in "${peers[@]}"; do
        [[ $peer == gatehouse ]] && continue
        p="$(median_of "$scenario|$log|$peer|p99" 1)×"
        [[ $scenario == h2c ]] && p="(mean) $p"
        row+=" $(median_of "$scenario|$log|$peer|rps" 1)× | $p |"
      done
      echo "$row"
    done
  done
  echo
  echo "Ratios: the median of the $ROUNDS paired ratios (one per round, windows seconds apart); figures: medians of the windows."
  if [[ " $LOGS " == *" on "* && " $LOGS " == *" off "* ]]; then
    echo
    header="| scenario |"; rule="|---|"
    for peer in "${peers[@]}"; do header+=" ${title[$peer]} log on/off |"; rule+="---|"; done
    echo "$header"; echo "$rule"
    for scenario in "${scenarios_run[@]}"; do
      row="| $(label "$scenario") |"
      for peer in "${peers[@]}"; do row+=" $(median_of "$scenario|cost|$peer" 1)× |"; done
      echo "$row"
    done
  fi
  echo
  echo "| scenario | instance | requests | socket errors / h2load failures | non-2xx | log lines / requests |"
  echo "|---|---|---|---|---|---|"
  for scenario in "${scenarios_run[@]}"; do
    for id in "${ids[@]}"; do
      errors=${socket_errors[$scenario|$id]}
      non2xx=${non_2xx[$scenario|$id]}
      lines="-"
      [[ $id == *-on ]] && lines=$(ratio "${logged_lines[$scenario|$id]:-0}" "${done_requests[$scenario|$id]}")
      echo "| $(label "$scenario") | ${title[${id%-*}]}, log ${id##*-} | ${done_requests[$scenario|$id]} | $errors | $non2xx | $lines |"
    done
  done
  echo
  echo "Gatehouse's memory at the end of each set: $memory."
} | tee "${REPORT:-/dev/null}"

if ((status)); then
  say "FAILED: errors, non-2xx answers or missing upstream headers above (details in the table)"
fi
exit $status
