#!/usr/bin/env bash
# Benchmark `report`: the sample engagement (3 respondents × 312 questions) with a generated ServiceNow incident
# export of N tickets (default 100,000), median wall time of RUNS runs (default 7), and the report's size.
# Needs ../shared/peers/gen_tickets.py and numpy for the ticket file.
# Usage: scripts/bench-report.sh [TICKETS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-7}
gen=../shared/peers/gen_tickets.py
[ -f "$gen" ] || { echo "needs $gen (the shared peers) to generate the ticket file" >&2; exit 1; }
work=target/bench-report
mkdir -p "$work"
cargo build --release -q
[ -f "$work/tickets-$n.csv" ] || python3 "$gen" --tickets "$n" --seed 1 --format csv -o "$work/tickets-$n.csv"
echo "tickets: $n ($(wc -l < "$work/tickets-$n.csv") rows, $(du -h "$work/tickets-$n.csv" | cut -f1))"
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  target/release/itil-assess report questionnaires/itil-v3 examples/acme/answers --targets examples/acme/targets.toml \
    --tickets "$work/tickets-$n.csv" --client "Acme Logistics IT" -o "$work/report.html" 2> /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
done > "$work/times"
median=$(sort -n "$work/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'report with %s tickets: median %.3f s over %s runs (runs: %s)\n' "$n" "$median" "$runs" "$(tr '\n' ' ' < "$work/times")"
echo "report size: $(stat -c %s "$work/report.html") bytes"
