#!/usr/bin/env bash
# Load benchmarks vs the Node reference server: installs bench/load's pinned packages, builds the
# server jar if it is missing, runs everything and writes bench/results.md. Extra arguments go to
# bench/load/run.mjs (e.g. --rounds=1 --only=fanout,hot; --help lists every knob).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/scripts/select-jdk.sh" >/dev/null
export JAVA_HOME
if [ ! -f "$root/server-app/target/server-app.jar" ]; then
  echo "bench: building the server jar" >&2
  (cd "$root" && ./mvnw -B -q install -DskipTests) 1>&2
fi
ulimit -n 20000 2>/dev/null || true   # thousands of sockets on each side of loopback
export BENCH_CALLER_CWD=$PWD
cd "$here/load"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts >&2
fi
exec node run.mjs "$@"
