#!/usr/bin/env bash
# Runnable-host benchmarks (not part of mvn verify): start to ready, a dropped provider jar to
# its first sync, and update in place, each run on a fresh host. Results go to docs/benchmarks.md.
#   bench/deploy-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runtime,benchmarks -am package -DskipTests -Dbnd.baseline.skip=true
cp="$(cat benchmarks/target/classpath.txt):benchmarks/target/classes"
# The host runs with the JVM options ./mapisync starts it with.
opts=$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' mapisync)
java -cp "$cp" -Dmapisync.host.java.opts="$opts" dev.mapisync.runtime.DeployLatencyBenchmark runtime/target/mapisync.jar "${1:-10}"
