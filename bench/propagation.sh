#!/usr/bin/env bash
# How fast an Ingress change is live at the proxy: fabric8's mock API server (CRUD mode) holding 10,000
# Ingresses, Gatehouse in cluster mode watching it, 50 new Ingresses timed from the API write to the first 200
# at the proxy (p50, p95, max) while a client loops over the other routes, then a burst of 1,000 new Ingresses
# and the rebuilds it took. Fails when the looping client saw any failure. See bench/README.md.
#
# Usage: bench/propagation.sh   (INGRESSES, CHANGES, BURST to change the counts; PROPAGATION_JAVA_OPTS the JVM options,
#                                default -Xmx2g -XX:+UseParallelGC; HOLD_OFF_MS and MAX_HOLD_OFF_MS the debounce, 100 and 1000)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am install >&2
mvn -q -B -Dstyle.color=never -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
# shellcheck disable=SC2086 # a list of options by design
exec java ${PROPAGATION_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} \
  -Djdk.httpclient.allowRestrictedHeaders=host \
  -Dingresses="${INGRESSES:-10000}" -Dchanges="${CHANGES:-50}" -Dburst="${BURST:-1000}" \
  -DholdOffMillis="${HOLD_OFF_MS:-100}" -DmaxHoldOffMillis="${MAX_HOLD_OFF_MS:-1000}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gatehouse.bench.PropagationBenchmark
