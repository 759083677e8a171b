#!/usr/bin/env bash
# Benchmark `score`: N respondents (default 10,000) answering the full itil-v3 questionnaire in one wide CSV,
# scored to a JSON result document, with 1 and 2 threads: written to a file (--json, with its fsync), and to
# standard output sent to /dev/null (the work without the kernel's copy into the page cache). Prints the median of
# RUNS runs (default 7) each.
# Usage: scripts/bench-score.sh [RESPONDENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
python3 scripts/gen_answers.py questionnaires/itil-v3 --respondents "$n" --seed 1 -o "$work/answers.csv"
echo "input: $n respondents × $(head -1 "$work/answers.csv" | tr ',' '\n' | grep -c -- '-[0-9]-') questions, $(du -h "$work/answers.csv" | cut -f1)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A result
run() { # $1 threads, $2 mode: file (--json result.json) or stdout (--format json > /dev/null)
  if [ "$2" = file ]; then
    RAYON_NUM_THREADS=$1 target/release/itil-assess score questionnaires/itil-v3 "$work/answers.csv" \
      --format csv --json "$work/result.json" > /dev/null
  else
    RAYON_NUM_THREADS=$1 target/release/itil-assess score questionnaires/itil-v3 "$work/answers.csv" \
      --format json > /dev/null
  fi
}
for mode in file stdout; do
  for threads in 1 2; do
    for _ in $(seq "$runs"); do
      start=$(date +%s.%N)
      run "$threads" "$mode"
      end=$(date +%s.%N)
      echo "$end - $start" | bc
    done > "$work/times-$threads"
    result[$threads]=$(median < "$work/times-$threads")
    printf '%-6s threads=%s  median %.3f s  (runs: %s)\n' "$mode" "$threads" "${result[$threads]}" "$(tr '\n' ' ' < "$work/times-$threads")"
  done
  printf '%-6s speed-up with 2 threads: %.2fx\n' "$mode" "$(echo "${result[1]} / ${result[2]}" | bc -l)"
done
echo "result document: $(du -h "$work/result.json" | cut -f1)"
