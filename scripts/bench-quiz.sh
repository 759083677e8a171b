#!/usr/bin/env bash
# Benchmark `quiz grade`: N generated students (default 10,000) answering a 40-question draw of the shipped
# Foundation practice quiz, in one CSV, graded to JSON and an HTML class report, with 1 and 2 threads.
# Prints the median of RUNS runs (default 7) each.
# Usage: scripts/bench-quiz.sh [STUDENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q
quiz=questionnaires/itil-foundation-practice.toml
python3 scripts/gen_quiz_class.py "$quiz" --students "$n" --questions 40 --seed 1 -o "$work/class.csv"
echo "input: $n students × 40 questions, $(du -h "$work/class.csv" | cut -f1)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for threads in 1 2; do
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    RAYON_NUM_THREADS=$threads target/release/itil-assess quiz grade "$quiz" "$work/class.csv" \
      --json "$work/class.json" -o "$work/class.html" > /dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
  done > "$work/times-$threads"
  printf 'threads=%s  median %.3f s  (runs: %s)\n' "$threads" "$(median < "$work/times-$threads")" \
    "$(tr '\n' ' ' < "$work/times-$threads")"
done
echo "outputs: JSON $(du -h "$work/class.json" | cut -f1), HTML $(du -h "$work/class.html" | cut -f1)"
