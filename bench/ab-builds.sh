#!/usr/bin/env bash
# End-to-end A/B of two builds on one corpus, alternating, so both see the same machine:
#   bench/ab-builds.sh BEFORE_DIR AFTER_DIR [ROUNDS] [CPUS] [-- extra dedup flags for AFTER]
# Each DIR is a built checkout (dist/ and node_modules/ present). CPUS, e.g. 0,1, pins every run
# to those cores with taskset (the figures in bench/RESULTS.md pin 2 cores of a larger machine).
# Prints one line per run: seconds, stage timings, peak RSS and duplicates from `--json`.
set -euo pipefail
before=$1 after=$2 rounds=${3:-6} cpus=${4:-}
shift $(( $# < 4 ? $# : 4 ))
[ "${1:-}" = "--" ] && shift
IN=${NEARDUP_AB_INPUT:-$(dirname "$0")/../../shared/data/headlines_zh.jsonl.gz}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pin() { if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi; }
run() {
  local label=$1 dir=$2; shift 2
  pin node "$dir/dist/src/cli/main.js" dedup "$IN" -o "$out/$label.jsonl" --clusters "$out/$label-c.jsonl" \
    --threads 2 --json --quiet --force "$@" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(process.argv[1],j.seconds,JSON.stringify(j.timings),"rss",j.peak_rss_mb,"MB","duplicates",j.duplicates)})' "$label"
}
for _ in $(seq "$rounds"); do
  run before "$before"
  run after "$after" "$@"
done
