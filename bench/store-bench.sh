#!/usr/bin/env bash
# Local store benchmarks (not part of mvn verify): fsynced append throughput and listing the
# headers of a 100,000-message folder. Results go to docs/benchmarks.md by hand.
#   bench/store-bench.sh [directory] [messages] [appends]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests -Dbnd.baseline.skip=true
cp="$(cat benchmarks/target/classpath.txt):benchmarks/target/classes"
java -Xmx1g -cp "$cp" dev.mapisync.store.local.LocalStoreBenchmark "$@"
