#!/usr/bin/env bash
# mapisync against mbsync and OfflineIMAP on the same Dovecot mailbox (not part of mvn verify).
# Installs what is missing from Debian, builds the host, then runs bench/imap_bench.py; results
# go to docs/benchmarks.md by hand.
#   bench/imap-bench.sh [--messages 20000] [--seed 42] [--only mbsync,offlineimap,mapisync] [--java-opts "..."]
#                       [--repeat-no-change N] [--restarts]  (then: N more no-change resyncs; the first
#                       resyncs after a kill -9 and after a SIGTERM)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
command -v mbsync >/dev/null || missing+=(isync)
command -v offlineimap >/dev/null || missing+=(offlineimap3)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"
fi
mvn -B -q -pl runtime -am package -DskipTests -Dbnd.baseline.skip=true
echo "== $(nproc) CPUs, $(free -g | awk '/Mem/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(mbsync --version); offlineimap $(offlineimap --version 2>&1 | tail -1); $(/usr/sbin/dovecot --version | cut -d' ' -f1) Dovecot"
exec python3 bench/imap_bench.py "$@"
