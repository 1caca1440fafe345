#!/usr/bin/env bash
# Host benchmarks (not part of mvn verify): one Send/Receive round over 1,000 trivial stores,
# and the cost of one guarded progress call (JMH). Results go to docs/benchmarks.md by hand.
#   bench/host-bench.sh [stores] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests -Dbnd.baseline.skip=true
cp="$(cat benchmarks/target/classpath.txt):benchmarks/target/classes"
echo "== Send/Receive round (java $(java -version 2>&1 | head -1))"
java -Xmx512m -cp "$cp" dev.mapisync.host.SendReceiveRoundBenchmark "${1:-1000}" "${2:-20}"
echo "== Guarded progress call (JMH)"
java -cp "$cp" org.openjdk.jmh.Main GuardedProgressBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
