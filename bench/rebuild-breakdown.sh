#!/usr/bin/env bash
# Where one rebuild's time goes at 10,000 Ingresses, without an API server: the translation, the comparison with the
# live snapshot and the proxy's runtime for the new one, each after one new Ingress (median and highest of 41, warmed).
# See bench/README.md.
#
# Usage: bench/rebuild-breakdown.sh   (INGRESSES, ROUNDS to change the counts; BREAKDOWN_JAVA_OPTS the JVM options,
#                                      default -Xmx1g -XX:+UseParallelGC; add -XX:StartFlightRecording=filename=x.jfr,settings=profile
#                                      to see inside a stage)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am install >&2
mvn -q -B -Dstyle.color=never -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
# shellcheck disable=SC2086 # a list of options by design
exec java ${BREAKDOWN_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} \
  -Dingresses="${INGRESSES:-10000}" -Drounds="${ROUNDS:-41}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gatehouse.bench.RebuildBreakdown
