#!/usr/bin/env bash
# Gatehouse's memory and start-up, run through the launcher (./gatehouse) so that its JVM settings are the ones
# measured (JAVA_OPTS replaces them, as with the launcher):
#   - RSS with ROUTES routes (one Ingress and one host each, all to one nginx upstream) under wrk load spread over
#     every host, with the access log on (the default) written to a file: the highest RSS seen, sampled every
#     second, and VmHWM, the kernel's high-water mark, at the end;
#   - the time from the process's start to /readyz answering 200: the demo (`gatehouse demo`), and INGRESSES
#     Ingresses standalone from a generated manifests directory (INGRESSES/2 Services, two paths and one host
#     per Ingress, one host in ten a wildcard), with the heap used after a full GC there;
#   - with AOT_JAVA=path of a Java 25+ java: the demo's start with the image's JVM options, without and with an AOT
#     cache made as the Containerfile makes it (container/aot-training.sh; it uses ports 18080, 18443 and 19090).
# Each start is measured STARTS times, the median reported; a single start on a shared machine swings.
#
# Usage: bench/memory-start.sh     (ROUTES=1000 LOAD=20 CONNECTIONS=64 INGRESSES=10000 STARTS=3 JAVA_OPTS=...
#        GATEHOUSE_JAR=path; AOT_JAVA=path; SKIP="load demo scale aot" to leave parts out; REPORT=file for the Markdown)
# The demo's echo upstreams listen on 127.0.0.1:18081 and 18082, fixed by the demo: nothing else may use them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUTES="${ROUTES:-1000}"
LOAD="${LOAD:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
INGRESSES="${INGRESSES:-10000}"
STARTS="${STARTS:-3}"
SKIP="${SKIP:-}"
AOT_JAVA="${AOT_JAVA:-}"
REPORT="${REPORT:-}"
GATEHOUSE_JAR="${GATEHOUSE_JAR:-$root/ingress-controller/target/gatehouse.jar}"
export GATEHOUSE_JAR

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
pick_ports UPSTREAM_PORT HTTP_PORT HTTPS_PORT ADMIN_PORT
PORT=$HTTP_PORT

now_ms() { date +%s%3N; }

# Starts Gatehouse through the launcher with the given arguments; sets last_pid (java's: the launcher execs it) and
# start_ms.
launch() { # stdout, arguments...
  local stdout="$1"; shift
  launch_with "$stdout" "$root/gatehouse" "$@"
}

launch_with() { # stdout, command up to the subcommand, subcommand, arguments...
  local stdout="$1" command=() bind=()
  shift
  while [[ $1 != run && $1 != demo ]]; do command+=("$1"); shift; done
  [[ $1 == run ]] && bind=(--bind-address 127.0.0.1) # the demo binds 127.0.0.1 of its own
  start_ms=$(now_ms)
  # no drain on SIGTERM: nothing here waits for a load balancer to notice
  "${command[@]}" "$@" "${bind[@]}" --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" --admin-port "$ADMIN_PORT" \
    --shutdown-drain-delay 1ms --shutdown-timeout 2s >"$stdout" 2>>"$work/gatehouse.err" &
  last_pid=$!
  pids+=("$last_pid")
}

# Milliseconds from start_ms to /readyz answering 200 (polled every 20 ms), or fails after two minutes.
ready_ms() {
  local deadline=$(( $(now_ms) + 120000 ))
  while (( $(now_ms) < deadline )); do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$ADMIN_PORT/readyz"; then
      echo $(( $(now_ms) - start_ms ))
      return 0
    fi
    kill -0 "$last_pid" 2>/dev/null || break
    sleep 0.02
  done
  say "Gatehouse did not get ready; it said:"; tail -20 "$work/gatehouse.err" >&2
  return 1
}

rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# The heap used after a full GC, in MB, through the jcmd of the JDK that runs Gatehouse.
heap_after_gc_mb() { # pid
  local jcmd
  jcmd="$(dirname "$(readlink -f "$(command -v java)")")/jcmd"
  [[ -x $jcmd ]] || { echo "?"; return; }
  "$jcmd" "$1" GC.run >/dev/null 2>&1 || true
  # every generation's "used" (Serial and Parallel list one line each, G1 one for the heap), summed
  "$jcmd" "$1" GC.heap_info 2>/dev/null | awk '
    / total / && !/Metaspace|class space/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); sum += v } }
    END { printf "%d", sum / 1024 }'
}

# $1 Ingresses with a host each (one in ten a wildcard when $2 is "wildcards"), over $1/2 Services, in files of
# 500 Ingresses, every endpoint the upstream.
generate_manifests() { # ingresses [wildcards] directory
  local count="$1" wildcards="$2" dir="$3"
  mkdir -p "$dir"
  awk -v count="$count" -v wildcards="$wildcards" -v dir="$dir" -v port="$UPSTREAM_PORT" 'BEGIN {
    services = int((count + 1) / 2)
    for (s = 0; s < services; s++) {
      file = sprintf("%s/services-%03d.yaml", dir, int(s / 500))
      printf "apiVersion: v1\nkind: Service\nmetadata: {name: svc-%d}\nspec:\n  ports: [{name: http, port: 80}]\n---\n", s >> file
      printf "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: svc-%d-1\n  labels: {kubernetes.io/service-name: svc-%d}\n", s, s >> file
      printf "addressType: IPv4\nports: [{name: http, port: %d}]\nendpoints: [{addresses: [\"127.0.0.1\"]}]\n---\n", port >> file
    }
    for (i = 0; i < count; i++) {
      file = sprintf("%s/ingresses-%03d.yaml", dir, int(i / 500))
      host = (wildcards == "wildcards" && i % 10 == 9) ? sprintf("\"*.w%d.bench\"", i) : sprintf("h%d.bench", i)
      printf "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ing-%d}\nspec:\n  ingressClassName: gatehouse\n", i >> file
      printf "  rules:\n  - host: %s\n    http:\n      paths:\n", host >> file
      if (wildcards == "wildcards") {
        printf "      - {path: /api, pathType: Prefix, backend: {service: {name: svc-%d, port: {number: 80}}}}\n", i % services >> file
        printf "      - {path: /static, pathType: Prefix, backend: {service: {name: svc-%d, port: {number: 80}}}}\n", (i + 1) % services >> file
      } else {
        printf "      - {path: /, pathType: Prefix, backend: {service: {name: svc-%d, port: {number: 80}}}}\n", i % services >> file
      }
      printf "---\n" >> file
    }
  }'
}

median_list() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

stop_gatehouse() {
  kill "$last_pid" 2>/dev/null || true
  wait "$last_pid" 2>/dev/null || true
}

install_missing
[[ -f $GATEHOUSE_JAR ]] || { say "building gatehouse.jar..."; (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package); }
upstream

java_version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ { print $2 }')
jvm_options="${JAVA_OPTS:-}"
[[ -n $jvm_options ]] || jvm_options="the launcher's, $(sed -n 's/^jvm_defaults=(\(.*\))$/\1/p' "$root/gatehouse")"
rows=()

if [[ " $SKIP " != *" load "* ]]; then
  say "$ROUTES routes under load for ${LOAD}s (wrk -t1 -c$CONNECTIONS over every host, access log on)"
  generate_manifests "$ROUTES" plain "$work/routes"
  cat >"$work/hosts.lua" <<EOF
local i = 0
request = function()
  i = (i + 1) % $ROUTES
  return wrk.format("GET", "/", { Host = "h" .. i .. ".bench" })
end
EOF
  launch "$work/access.log" run --manifests "$work/routes"
  ready=$(ready_ms)
  idle=$(rss_mb "$last_pid")
  wrk -t1 -c"$CONNECTIONS" -d"${LOAD}s" --latency -s "$work/hosts.lua" "http://127.0.0.1:$HTTP_PORT/" >"$work/wrk.out" 2>&1 &
  wrk_pid=$!
  peak=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    r=$(rss_mb "$last_pid"); ((r > peak)) && peak=$r
    sleep 1
  done
  wait "$wrk_pid" || true
  hwm=$(hwm_mb "$last_pid")
  rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' "$work/wrk.out")
  errors=$(awk '/Socket errors|Non-2xx/' "$work/wrk.out" | tr -s ' ' | paste -sd';')
  heap=$(heap_after_gc_mb "$last_pid")
  stop_gatehouse
  rows+=("| RSS, $ROUTES routes, idle after start | $idle MB |")
  rows+=("| RSS, $ROUTES routes, under load ($rps requests/s, access log on) | highest $peak MB, VmHWM $hwm MB |")
  rows+=("| heap used after a full GC, $ROUTES routes, after the load | $heap MB |")
  [[ -z $errors ]] || rows+=("| errors under load | $errors |")
  say "  ready after $ready ms; RSS idle $idle MB, under load highest $peak MB (VmHWM $hwm MB), $rps requests/s; heap after GC $heap MB ${errors:+; $errors}"
fi

if [[ " $SKIP " != *" demo "* ]]; then
  times=""
  for _ in $(seq 1 "$STARTS"); do
    launch "$work/demo.out" demo
    t=$(ready_ms); times+=" $t"
    stop_gatehouse
    say "  demo: ready after $t ms"
  done
  rows+=("| start to /readyz, demo (median of $STARTS) | $(median_list <<<"$times") ms (each:$times) |")
fi

if [[ " $SKIP " != *" scale "* ]]; then
  generate_manifests "$INGRESSES" wildcards "$work/scale"
  times=""
  for n in $(seq 1 "$STARTS"); do
    launch /dev/null run --manifests "$work/scale" --access-log off
    t=$(ready_ms); times+=" $t"
    if ((n == STARTS)); then
      scale_rss=$(rss_mb "$last_pid")
      scale_heap=$(heap_after_gc_mb "$last_pid")
    fi
    stop_gatehouse
    say "  $INGRESSES Ingresses: ready after $t ms"
  done
  rows+=("| start to /readyz, $INGRESSES Ingresses standalone (median of $STARTS) | $(median_list <<<"$times") ms (each:$times) |")
  rows+=("| $INGRESSES Ingresses: RSS once ready, heap used after a full GC | $scale_rss MB, $scale_heap MB |")
fi

# The image's AOT cache, made as the Containerfile makes it (container/aot-training.sh with the image's JVM options),
# then demo starts without and with it, in turns.
if [[ -n $AOT_JAVA && " $SKIP " != *" aot "* ]]; then
  say "training an AOT cache as the image does, with $AOT_JAVA"
  mkdir -p "$work/aot-bin"
  ln -s "$AOT_JAVA" "$work/aot-bin/java"
  image_options=$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' "$root/Containerfile")
  PATH="$work/aot-bin:$PATH" JAVA_TOOL_OPTIONS="$image_options" \
    "$root/container/aot-training.sh" "$work/gatehouse.aot" --sun-misc-unsafe-memory-access=allow >"$work/aot.out" 2>&1 ||
    { say "the training run failed:"; grep -v 'Pre JDK 6\|Skipping' "$work/aot.out" | tail -20 >&2; exit 1; }
  without="" with=""
  for _ in $(seq 1 "$STARTS"); do
    for cache in none "$work/gatehouse.aot"; do
      option=()
      [[ $cache == none ]] || option=("-XX:AOTCache=$cache")
      JAVA_TOOL_OPTIONS="$image_options" launch_with "$work/demo.out" "$AOT_JAVA" --sun-misc-unsafe-memory-access=allow \
        "${option[@]}" -jar "$GATEHOUSE_JAR" demo
      t=$(ready_ms)
      stop_gatehouse
      if [[ $cache == none ]]; then without+=" $t"; else with+=" $t"; fi
      say "  demo on $AOT_JAVA, AOT cache $cache: ready after $t ms"
    done
  done
  rows+=("| start to /readyz, demo, the image's JVM options on $("$AOT_JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ { print $2 }'), without and with its AOT cache (medians of $STARTS) | $(median_list <<<"$without") ms, $(median_list <<<"$with") ms (each:$without;$with) |")
fi

{
  echo "### memory-start.sh, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), Linux $(uname -r), JDK $java_version." \
    "Gatehouse: $GATEHOUSE_JAR of $(date -u -r "$GATEHOUSE_JAR" '+%Y-%m-%d %H:%M UTC'); JVM: $jvm_options."
  echo
  echo "| measured | figure |"
  echo "|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "${REPORT:-/dev/null}"
