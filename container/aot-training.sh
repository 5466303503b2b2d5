#!/usr/bin/env bash
# The image's training run for the JVM's AOT cache (JDK 25: JEP 483 and 514), at build time: starts Gatehouse's demo
# with the given JVM options plus -XX:AOTCacheOutput, sends requests through the proxy and to the admin port, and
# stops it with SIGTERM; the JVM writes the cache as it exits. A start then finds the classes that the training
# loaded and linked in the cache instead of reading them from the jar (see docs/memory-and-start.md).
# The Kubernetes client is not trained (there is no API server at build time): its classes load from the jar.
#
# Usage: aot-training.sh CACHE JAVA_OPTION...     (in the Containerfile; the options must be the ENTRYPOINT's;
#        GATEHOUSE_JAR=path to train another jar than /opt/gatehouse/gatehouse.jar, which a start must then use too)
set -euo pipefail

cache="$1"
shift
java "$@" -XX:AOTCacheOutput="$cache" -jar "${GATEHOUSE_JAR:-/opt/gatehouse/gatehouse.jar}" demo \
  --http-port 18080 --https-port 18443 --admin-port 19090 --access-log json --shutdown-drain-delay 1ms >/dev/null &
pid=$!

# one HTTP/1.1 request over bash's /dev/tcp (the image has no curl); true when the answer is 200
get() { # port path [host]
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$2" "${3:-localhost}" >&3
  read -r _ status _ <&3 || true
  cat <&3 >/dev/null
  exec 3<&-
  [[ $status == 200 ]]
}

for _ in $(seq 1 600); do get 19090 /readyz 2>/dev/null && break; sleep 0.1; done
get 19090 /readyz
for _ in $(seq 1 100); do
  get 18080 /index.html web.example.com
  get 18080 /cgi-bin/action web.example.com || true
  get 18080 / other.example.com || true
done
get 19090 /metrics
get 19090 /routes
kill -TERM "$pid"
wait "$pid" || true
[[ -s $cache ]] || { echo "aot-training.sh: no AOT cache written to $cache" >&2; exit 1; }
