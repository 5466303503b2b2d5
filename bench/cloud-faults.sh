#!/usr/bin/env bash
# Runs the cloud convergence tests (Azure load balancers, AWS network load balancers, Route 53) with random
# seeds, several times: each build runs them with one fixed seed, which covers one path through the faults;
# this covers more. See docs/sync.md for the fault model.
#
# Usage: bench/cloud-faults.sh [runs]
#   runs            how many random seeds (default 10)
#   FAULTS_LOCK=/path   run each Maven build under `flock` on that file (machines shared by several builders);
#   MAVEN_ARGS          extra arguments to Maven (e.g. -o).
#
# Prints each test's summary line (seed, calls, faults injected, loops to converge, resources leaked); a failing
# seed is printed with the command that replays it. Exit status: 1 when any seed failed, else 0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs="${1:-10}"
tests='AzureConvergenceTest,AwsNlbConvergenceTest,AwsElbConvergenceTest,Route53ConvergenceTest,AzureDnsConvergenceTest,Rfc2136ConvergenceTest'
failed=0
for _ in $(seq "$runs"); do
  seed=$(( (RANDOM << 15) | RANDOM ))
  log=$(mktemp)
  command=(mvn -B -q ${MAVEN_ARGS:-} -pl cloud-lb-sync,dns-sync -am test -Dtest="$tests"
    -Dsurefire.failIfNoSpecifiedTests=false -Dgatehouse.faults.seed="$seed")
  if [[ -n "${FAULTS_LOCK:-}" ]]; then
    command=(flock "$FAULTS_LOCK" "${command[@]}")
  fi
  if "${command[@]}" >"$log" 2>&1; then
    echo "seed $seed: converged"
  else
    failed=1
    echo "seed $seed: FAILED; replay with: ${command[*]}"
    grep -E 'convergence:|Expecting|expected' "$log" | head -20 || true
  fi
  grep -h 'convergence:' cloud-lb-sync/target/surefire-reports/*Convergence*-output.txt \
    dns-sync/target/surefire-reports/*Convergence*-output.txt 2>/dev/null || true
  rm -f "$log"
done
exit "$failed"
