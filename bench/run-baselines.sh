#!/usr/bin/env bash
# Times the two comparison baselines on one JSONL shard: the article's Python analysis and DuckDB (2 threads).
# Usage: bench/run-baselines.sh FILE.jsonl
# Prints each tool's figures, then wall time, MB/s and peak RSS (from /usr/bin/time -v when installed).
# Needs python3, node and `npm ci` in bench/baselines (run automatically when node_modules is missing).
set -euo pipefail

file=${1:?usage: bench/run-baselines.sh FILE.jsonl}
[[ -f $file ]] || { echo "run-baselines: no such file: $file" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bytes=$(stat -c %s "$file")

if [[ ! -d $here/baselines/node_modules/@duckdb/node-api ]]; then
  # npm 11 refuses `npm ci` for this lock (it holds chdb's Linux x64 library only); `npm install` keeps the lock's versions.
  (cd "$here/baselines" && { npm ci --silent || npm install --silent --no-audit --no-fund; })
fi

# run NAME COMMAND...: runs the command, prints its stdout, then wall seconds, MB/s and peak RSS.
run() {
  local name=$1; shift
  local log; log=$(mktemp)
  local start end
  start=$(date +%s.%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v -o "$log" "$@"
  else
    "$@"
  fi
  end=$(date +%s.%N)
  local rss="n/a" cpu="n/a"
  if [[ -s $log ]]; then
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f MiB", $2 / 1024 }' "$log")
    # CPU seconds (user + system) say how much work was done whatever else the shared machine was running.
    cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f s", u + s }' "$log")
  fi
  rm -f "$log"
  awk -v n="$name" -v s="$start" -v e="$end" -v b="$bytes" -v r="$rss" -v c="$cpu" \
    'BEGIN { w = e - s; printf "%-8s wall %.2f s, %.0f MB/s, CPU %s, peak RSS %s\n", n, w, b / 1e6 / w, c, r }'
}

echo "file: $file ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run article python3 "$here/baselines/article_analysis.py" "$file"
run duckdb node "$here/baselines/duckdb_aggregates.mjs" "$file"
