#!/usr/bin/env bash
# Benchmark `score`: N respondents (default 10,000) answering the full itil-v3 questionnaire in one wide CSV,
# scored to a JSON result document, with 1 and 2 threads. Prints the median of RUNS runs (default 7) each.
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
for threads in 1 2; do
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    RAYON_NUM_THREADS=$threads target/release/itil-assess score questionnaires/itil-v3 "$work/answers.csv" \
      --format csv --json "$work/result.json" > /dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
  done > "$work/times-$threads"
  result[$threads]=$(median < "$work/times-$threads")
  printf 'threads=%s  median %.3f s  (runs: %s)\n' "$threads" "${result[$threads]}" "$(tr '\n' ' ' < "$work/times-$threads")"
done
printf 'speed-up with 2 threads: %.2fx\n' "$(echo "${result[1]} / ${result[2]}" | bc -l)"
echo "result document: $(du -h "$work/result.json" | cut -f1)"
