#!/usr/bin/env bash
# How fast a new HTTPRoute is live at the proxy with 5,000 HTTPRoutes present: fabric8's mock API server (CRUD mode)
# serving the Gateway API CRDs, one Gateway of Gatehouse's class, the HTTPRoutes and their Services, Gatehouse in
# cluster mode watching it; 50 new HTTPRoutes timed from the API write to the first 200 at the proxy (p50, p95, max)
# while a client loops over the other routes. Fails when the looping client saw any failure. See bench/README.md.
#
# Usage: bench/gateway-scale.sh   (ROUTES, CHANGES to change the counts; GATEWAY_SCALE_JAVA_OPTS the JVM options,
#                                  default -Xmx2g -XX:+UseParallelGC; HOLD_OFF_MS and MAX_HOLD_OFF_MS the debounce, 100 and 1000)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am install >&2
mvn -q -B -Dstyle.color=never -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
# shellcheck disable=SC2086 # a list of options by design
exec java ${GATEWAY_SCALE_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} \
  -Djdk.httpclient.allowRestrictedHeaders=host \
  -Droutes="${ROUTES:-5000}" -Dchanges="${CHANGES:-50}" \
  -DholdOffMillis="${HOLD_OFF_MS:-100}" -DmaxHoldOffMillis="${MAX_HOLD_OFF_MS:-1000}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gatehouse.bench.GatewayScaleBenchmark
