#!/usr/bin/env bash
# Gatehouse at scale: 10,000 Ingresses (30,000 paths, 5,000 hosts), 5,000 Services, 20,000 endpoints
# through the translator and the router, in one JVM. Prints build and rebuild times, retained heap and
# route lookup times. See bench/README.md.
#
# Usage: bench/scale.sh   (SCALE_JAVA_OPTS to change the JVM options, default -Xmx1g -XX:+UseParallelGC;
#                          SCALE_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC -Dannotated=true" for Ingresses with six
#                          common annotations each)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am install >&2
mvn -q -B -Dstyle.color=never -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
# shellcheck disable=SC2086 # a list of options by design
exec java ${SCALE_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC} \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gatehouse.bench.ScaleBenchmark
