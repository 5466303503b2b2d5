#!/usr/bin/env bash
# Fuzzes each of Gatehouse's fuzz targets (the @FuzzTest methods that every build runs over their committed seeds)
# with Jazzer for a while, one target at a time: Jazzer fuzzes one target per JVM.
#
# Usage: bench/fuzz.sh [seconds-per-target] [target-filter]
#   seconds-per-target  how long each target is fuzzed (default 300)
#   target-filter       only targets whose "module:Class#method" contains it (e.g. ManifestParser)
#   FUZZ_LOCK=/path     run each target's Maven build under `flock` on that file (for machines shared by several
#                       builders); MAVEN_ARGS, extra arguments to Maven (e.g. -o).
#
# What Jazzer finds it writes as crash-*, timeout-* or oom-* files (the input that failed); this script moves
# each into that target's seed directory (src/test/resources/<package>/<Class>Inputs/<method>/) and lists it:
# fix the defect, then commit the file, so that every build checks it from then on. The corpus Jazzer grows while
# fuzzing stays in <module>/.cifuzz-corpus/ (ignored by git) and is reused by the next run.
#
# It prints, per target, libFuzzer's last status line (runs, coverage, corpus, executions per second) and the
# findings, then a summary. Exit status: 1 when any target found something, else 0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-300}"
filter="${2:-}"

# module:Class#method:what Jazzer instruments for coverage besides Gatehouse's own classes (the library the
# target's input goes through first)
targets=(
  "l7-proxy:dev.gatehouse.proxy.Http1RequestHeadFuzzTest#anyBytesAreAnsweredOrRefusedWithoutAnExceptionOrALeak:io.netty.handler.codec.**"
  "l7-proxy:dev.gatehouse.proxy.ProxyProtocolFuzzTest#anyHeaderAndRequestAreReadOrRefusedWithoutAnExceptionOrALeak:io.netty.handler.codec.**"
  "tls:dev.gatehouse.tls.PemCertificatesFuzzTest#anyCertificateAndKeyTextIsReadOrRefusedWithAReason:org.bouncycastle.openssl.**,org.bouncycastle.asn1.**"
  "ingress-controller:dev.gatehouse.controller.translate.TlsSecretsFuzzTest#anyTlsSecretIsServedOrReportedNeverThrown:org.bouncycastle.openssl.**"
  "ingress-controller:dev.gatehouse.controller.translate.AnnotationValuesFuzzTest#anyAnnotationValuesAreUsedOrReportedNeverThrown:com.google.re2j.**"
  "ingress-controller:dev.gatehouse.controller.translate.LabelTranslatorFuzzTest#anyMarathonLbKeysAreRoutedOrReportedNeverThrown:dev.gatehouse.routing.**"
  "ingress-controller:dev.gatehouse.controller.manifests.ManifestParserFuzzTest#anyFileIsReadOrRefusedWithAProblemNamingIt:org.snakeyaml.**"
)

log_dir="$(mktemp -d /tmp/gatehouse-fuzz.XXXXXX)"
summary=()
found_any=0

for target in "${targets[@]}"; do
  IFS=: read -r module test extra <<<"$target"
  [[ -z "$filter" || "$module:$test" == *"$filter"* ]] || continue
  class="${test%%#*}"
  method="${test##*#}"
  seeds="$module/src/test/resources/${class//.//}Inputs/$method"
  log="$log_dir/${class##*.}.log"
  echo "== $module $class#$method for ${seconds}s (log: $log)" >&2

  lock=()
  [[ -n "${FUZZ_LOCK:-}" ]] && lock=(flock "$FUZZ_LOCK")
  # fuzzing mode, one target; failures are findings, reported below, so Maven's own exit status is not the verdict
  set +e
  JAZZER_FUZZ=1 "${lock[@]}" mvn -B -Dstyle.color=never ${MAVEN_ARGS:-} -pl "$module" -am test \
    -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.max_duration="${seconds}s" -Djazzer.instrument="dev.gatehouse.**,$extra" -Djazzer.hooks=true \
    -Dsurefire.redirectTestOutputToFile=false -Dsurefire.timeout=$((seconds + 600)) >"$log" 2>&1
  set -e

  # libFuzzer's last status line: "#<runs> DONE cov: ... corp: ... exec/s: ..." (or the last pulse before a finding)
  status="$(grep -aE '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)"
  done_line="$(grep -aE '^Done [0-9]+ runs in' "$log" | tail -1 || true)"

  findings=()
  # Jazzer writes findings into the seed directory when it finds it in the source tree, else into the module
  while IFS= read -r -d '' file; do
    mv "$file" "$seeds/"
  done < <(find "$module" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) -print0)
  while IFS= read -r file; do
    findings+=("$file")
  done < <(git status --porcelain --untracked-files=all -- "$seeds" | sed -n 's/^?? //p')

  if ((${#findings[@]})); then
    found_any=1
    summary+=("FOUND  $class#$method: ${#findings[@]} new input(s); ${status:-no libFuzzer status line}")
    for file in "${findings[@]}"; do summary+=("         $file"); done
  elif grep -aq "BUILD FAILURE" "$log"; then
    found_any=1
    summary+=("FAILED $class#$method: the run failed without a finding file; see $log")
  else
    summary+=("clean  $class#$method: ${done_line:-?}; ${status:-no libFuzzer status line}")
  fi
  echo "${summary[-1]}" >&2
done

echo
echo "Fuzzing summary (${seconds}s per target; logs in $log_dir):"
printf '%s\n' "${summary[@]}"
if ((found_any)); then
  echo
  echo "Each FOUND file is now a seed in its target's seed directory: reproduce it with"
  echo "  mvn -pl <module> -am test -Dtest=<Class>   (the regression run over the seeds, no JAZZER_FUZZ)"
  echo "fix the defect, and commit the file with the fix, so that every build checks it from then on."
  exit 1
fi
