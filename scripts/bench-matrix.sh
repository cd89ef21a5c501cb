#!/usr/bin/env bash
# Runs `qctl bench` over the backends and modes the speed issue tracks and prints one JSON
# line per run (append to a file to compare before/after a change; scripts/bench-summary.py
# turns such a file into a table of medians). Needs the servers of .ci/run and a built
# target/qctl (QCTL=path/to/bin/qctl measures another build). BENCH_REPEAT=3 runs each case
# three times. Usage: scripts/bench-matrix.sh [sqlite|postgres|mariadb|redis ...]
set -euo pipefail
cd "$(dirname "$0")/.."
QCTL=${QCTL:-target/qctl/bin/qctl}
JOBS=${BENCH_JOBS:-50000}
REPEAT=${BENCH_REPEAT:-1}
declare -A URL=(
  [sqlite]="sqlite:${TMPDIR:-/tmp}/qctl-bench.sqlite"
  [postgres]="postgres://postgres@127.0.0.1:5432/test"
  [mariadb]="mariadb://root@127.0.0.1:3306/test"
  [redis]="redis://127.0.0.1:6379/0"
)
backends=("$@")
[ ${#backends[@]} -eq 0 ] && backends=(sqlite postgres mariadb redis)
for _ in $(seq "$REPEAT"); do
for b in "${backends[@]}"; do
  url=${URL[$b]}
  case $b in postgres|mariadb) "$QCTL" migrate -c "$url" >/dev/null ;; esac
  for c in 10 50; do
    "$QCTL" bench "$url" --jobs "$JOBS" --concurrency "$c" --json
  done
  case $b in postgres|redis)
    "$QCTL" bench "$url" --rate 500 --duration 10 --concurrency 10 --json ;;
  esac
done
done
