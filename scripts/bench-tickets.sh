#!/usr/bin/env bash
# Ticket import benchmark: itil-assess (release build) against the pandas and polars peers on the same generated
# files in the same run. Prints wall time, peak memory (/usr/bin/time -v) and ratios as a Markdown table, and
# checks that the three JSON documents agree (1e-9 relative).
#
# Usage: scripts/bench-tickets.sh [WORKDIR]        (default WORKDIR: target/bench-tickets)
# Env:   PEERS=../shared/peers  CSV_TICKETS=1000000  XLSX_TICKETS=200000  SEED=1  RUNS=1 (best of RUNS)
# Needs: python3 -m pip install pandas polars pyarrow openpyxl fastexcel odfpy xlsxwriter numpy; GNU time.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/target/bench-tickets}
peers=${PEERS:-$root/../shared/peers}
csv_tickets=${CSV_TICKETS:-1000000}
xlsx_tickets=${XLSX_TICKETS:-200000}
seed=${SEED:-1}
runs=${RUNS:-1}
mkdir -p "$work"

[ -x /usr/bin/time ] || { echo "bench-tickets: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
python3 -c 'import pandas, polars, pyarrow, openpyxl, fastexcel, xlsxwriter, numpy' 2>/dev/null || {
  echo "bench-tickets: python3 lacks the peers' packages:" >&2
  echo "  python3 -m pip install pandas polars pyarrow openpyxl fastexcel odfpy xlsxwriter numpy" >&2
  exit 1
}

(cd "$root" && cargo build --release --quiet)
bin=${CARGO_TARGET_DIR:-$root/target}/release/itil-assess

csv=$work/tickets-$csv_tickets.csv
xlsx=$work/tickets-$xlsx_tickets.xlsx
[ -s "$csv" ] || python3 "$peers/gen_tickets.py" --tickets "$csv_tickets" --seed "$seed" --format csv -o "$csv"
[ -s "$xlsx" ] || python3 "$peers/gen_tickets.py" --tickets "$xlsx_tickets" --seed "$seed" --format xlsx -o "$xlsx"

# measure NAME OUT.json CMD...: best wall time of $runs runs and the peak RSS of that run -> "seconds kib"
measure() {
  local out=$1; shift
  local best="" best_rss=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" > "$out.stdout" 2> "$out.time"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$out.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; best_rss=$rss; fi
  done
  echo "$best $best_rss"
}

compare() {  # compare A.json B.json -> "ok" or the first differences
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        if set(x) != set(y): bad.append(f"{path}: keys differ"); return
        for k in x: walk(x[k], y[k], f"{path}/{k}")
    elif isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
        if abs(x - y) > 1e-9 * max(abs(x), abs(y), 1e-300): bad.append(f"{path}: {x} != {y}")
    elif x != y: bad.append(f"{path}: {x!r} != {y!r}")
walk(a, b, "")
print("ok" if not bad else "; ".join(bad[:3]))
PY
}

echo "| file | tool | wall s | peak MiB | pandas ÷ tool (time) | polars ÷ tool (time) | JSON vs pandas |"
echo "|---|---|---:|---:|---:|---:|---|"
for input in "$csv" "$xlsx"; do
  name=$(basename "$input")
  read -r t_rs m_rs < <(measure "$work/rs" "$bin" tickets "$input" --json "$work/rs.json")
  read -r t_pd m_pd < <(measure "$work/pd" python3 "$peers/kpis_pandas.py" "$input")
  cp "$work/pd.stdout" "$work/pd.json"
  read -r t_pl m_pl < <(measure "$work/pl" python3 "$peers/kpis_polars.py" "$input")
  cp "$work/pl.stdout" "$work/pl.json"
  agree_rs=$(compare "$work/pd.json" "$work/rs.json")
  agree_pl=$(compare "$work/pd.json" "$work/pl.json")
  for row in "itil-assess $t_rs $m_rs $agree_rs" "pandas $t_pd $m_pd -" "polars $t_pl $m_pl $agree_pl"; do
    read -r tool t m agree <<< "$row"
    awk -v f="$name" -v tool="$tool" -v t="$t" -v m="$m" -v pd="$t_pd" -v pl="$t_pl" -v a="$agree" \
      'BEGIN { printf "| %s | %s | %.2f | %.0f | %.1f× | %.1f× | %s |\n", f, tool, t, m/1024, pd/t, pl/t, a }'
  done
done
