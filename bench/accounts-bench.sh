#!/usr/bin/env bash
# Many accounts on one host: N = 10, 100, 1,000 IMAP accounts of 100 to 200 messages on one Dovecot (not part
# of mvn verify). Installs Dovecot from Debian when missing, builds the host, runs bench/accounts_bench.py;
# results go to docs/benchmarks.md by hand.
#   bench/accounts-bench.sh [--accounts 10,100,1000] [--seed 17] [--page] [--quiet-rounds K] [--profile FILE]
#   (--page: the dashboard too, in Chromium; --quiet-rounds: no-change rounds, the best reported; --profile: JFR of those)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/sbin/dovecot ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y --no-install-recommends dovecot-imapd
fi
# Debian's python3 (not one a version manager put first on the PATH): python3-selenium is installed for it.
PYTHON=$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )
if [[ " $* " == *" --page "* ]] && ! "$PYTHON" -c "import selenium" 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-selenium chromium chromium-driver
fi
mvn -B -q -pl runtime -am package -DskipTests -Dbnd.baseline.skip=true
echo "== $(nproc) CPUs, $(free -g | awk '/Mem/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(/usr/sbin/dovecot --version | cut -d' ' -f1) Dovecot"
exec "$PYTHON" bench/accounts_bench.py "$@"
