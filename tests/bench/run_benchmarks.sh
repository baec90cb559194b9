#!/usr/bin/env bash
# The benchmark suite of issue 6, one command:
#   tests/bench/run_benchmarks.sh [--sizes "10000 100000"] [--with-1m] [--duration-ms MS]
#                                 [--import-runs K] [--whole-tree-move] [--no-build] [--out FILE]
# For each size: generates demo data (orgctl gen-demo), starts orgtreed on 127.0.0.1:0 over a temp
# data dir, imports it (members/second, the server's peak RSS; K times into fresh data dirs, the
# median reported: on a shared box one run can be a third slower than the next), restarts it (time
# to SERVING), measures the data dir, and runs the gRPC load tool (orgtree_load; each operation in
# turns with the health check, with the server's and the client's CPU per call). Then runs the
# in-process Google Benchmark suite (orgtree_bench). The figures go between the markers of
# tests/bench/RESULTS.md (default); text outside the markers is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."

BUILD_DIR=${BUILD_DIR:-build}
SIZES="10000 100000"
DURATION_MS=5000
ROUNDS=5
IMPORT_RUNS=3
WHOLE_TREE_MOVE=""
BUILD=1
OUT=tests/bench/RESULTS.md
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --with-1m) SIZES="$SIZES 1000000"; shift ;;
    --duration-ms) DURATION_MS="$2"; shift 2 ;;
    --import-runs) IMPORT_RUNS="$2"; shift 2 ;;
    --whole-tree-move) WHOLE_TREE_MOVE="--whole-tree-move"; shift ;;
    --no-build) BUILD=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"N ...\"] [--with-1m] [--duration-ms MS] [--import-runs K]" \
         "[--whole-tree-move] [--no-build] [--out FILE]" >&2; exit 2 ;;
  esac
done

TARGETS=(orgtreed orgctl orgtree_load orgtree_bench)
if [ "$BUILD" = 1 ]; then
  [ -f "$BUILD_DIR/build.ninja" ] || cmake -S . -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  # Others may build in the same dir; ninja occasionally trips over its log then, so retry once.
  cmake --build "$BUILD_DIR" -j2 --target "${TARGETS[@]}" >/dev/null ||
    cmake --build "$BUILD_DIR" -j2 --target "${TARGETS[@]}"
fi
ORGTREED="$BUILD_DIR/tools/orgtreed"
ORGCTL="$BUILD_DIR/tools/orgctl"
LOAD="$BUILD_DIR/tools/orgtree_load"
BENCH="$BUILD_DIR/tests/orgtree_bench"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/orgtree_bench_run_XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
vmhwm_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
dir_mb() { du -sk "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }

# Starts orgtreed over $1; sets SERVER_PID and ADDR once it prints its "listening on" line, which
# comes after the database is open and the tree is loaded and the health service says SERVING.
start_server() {
  local data=$1 out="$WORK/server.out"
  : >"$out"
  "$ORGTREED" --listen 127.0.0.1:0 --data-dir "$data" --log-level warn >"$out" 2>>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 6000); do
    if grep -q "listening on" "$out"; then
      ADDR=$(sed -n 's/.*listening on //p' "$out" | head -1)
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; return 1; }
    sleep 0.01
  done
  echo "orgtreed did not start" >&2
  return 1
}
stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

human() { awk -v n="$1" 'BEGIN { if (n >= 1000000) printf "%gM", n / 1000000; else printf "%gk", n / 1000 }'; }

LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BULK="$WORK/bulk.md"
{
  echo "| members | orgs | gen-demo s | import orgs s | import members s (median) | members/s | import runs s | peak RSS after import MB | restart to SERVING s | data dir MB | peak RSS after load MB |"
  echo "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"
} >"$BULK"
LOADS=""
for N in $SIZES; do
  label=$(human "$N")
  echo "== $label members" >&2
  src="$WORK/data_$N" db="$WORK/db_$N"
  mkdir -p "$src"
  t0=$(now); "$ORGCTL" gen-demo --members "$N" --seed 1 --out "$src" >/dev/null; t1=$(now)
  gen_s=$(secs "$t0" "$t1")
  orgs=$(($(wc -l <"$src/orgs.csv") - 1))

  # Each run into a fresh data dir; the last one's is kept for the restart and the load test.
  import_runs="" rss_import=0
  for _ in $(seq 1 "$IMPORT_RUNS"); do
    rm -rf "$db"
    start_server "$db"
    t0=$(now); "$ORGCTL" --server "$ADDR" import orgs "$src/orgs.csv" >/dev/null; t1=$(now)
    import_orgs_s=$(secs "$t0" "$t1")
    t0=$(now); "$ORGCTL" --server "$ADDR" import members "$src/members.csv" >/dev/null; t1=$(now)
    import_runs="$import_runs $(secs "$t0" "$t1")"
    rss=$(vmhwm_mb "$SERVER_PID")
    [ "$rss" -gt "$rss_import" ] && rss_import=$rss
    stop_server
  done
  import_s=$(echo $import_runs | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  rate=$(awk -v n="$N" -v s="$import_s" 'BEGIN { printf "%.0f", n / s }')
  import_runs=$(echo $import_runs | sed 's/ / \/ /g')

  # Restart: open RocksDB, rebuild the in-memory tree and counters, listen.
  t0=$(now); start_server "$db"; t1=$(now)
  restart_s=$(secs "$t0" "$t1")
  size_mb=$(dir_mb "$db")

  echo "   import ${rate} members/s, restart ${restart_s} s; load test…" >&2
  "$LOAD" --server "$ADDR" --server-pid "$SERVER_PID" --duration-ms "$DURATION_MS" \
    --rounds "$ROUNDS" $WHOLE_TREE_MOVE \
    --out "$WORK/load_$N.md" >/dev/null 2>>"$WORK/load.log"
  rss_load=$(vmhwm_mb "$SERVER_PID")
  stop_server
  echo "| $N | $orgs | $gen_s | $import_orgs_s | $import_s | $rate | $import_runs | $rss_import | $restart_s | $size_mb | $rss_load |" >>"$BULK"
  LOADS="$LOADS $N"
  rm -rf "$src" "$db"
done

echo "== in-process benchmarks" >&2
"$BENCH" --benchmark_min_time=0.2 >"$WORK/bench.txt" 2>"$WORK/bench.err" ||
  { cat "$WORK/bench.err" >&2; exit 1; }

FIGURES="$WORK/figures.md"
{
  echo "<!-- figures:begin (written by tests/bench/run_benchmarks.sh; edits here are overwritten) -->"
  echo
  echo "## Figures"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes')"
  echo "- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $(uname -sr)"
  echo "- Load average before / after the run: $LOADAVG_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)" \
    "(client, server and any other work on the box share the cores)"
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
  echo "- Build: ${build_type:-RelWithDebInfo, the project default}; server defaults (256 MiB block cache, 64 MiB row cache)"
  echo "- Data: \`orgctl gen-demo --members N --seed 1\`; imports: $IMPORT_RUNS runs each into a fresh data dir, the median reported (peak RSS: the largest); load: $DURATION_MS ms per operation after a 500 ms warm-up, 4 channels, 32 calls in flight (BatchGetMembers: 4; MoveOrg: 1); each operation takes $ROUNDS turns with a health check with the same calls in flight ($((DURATION_MS / ROUNDS)) ms each), and its ratios are against the health check's calls pooled over those turns (its own \"ceiling QPS\" column)"
  echo
  echo "### Bulk: import, restart, size"
  echo
  cat "$BULK"
  for N in $LOADS; do
    echo
    echo "### Over gRPC: $(human "$N") members"
    echo
    cat "$WORK/load_$N.md"
  done
  echo
  echo "### In process (Google Benchmark)"
  echo
  echo '```'
  cat "$WORK/bench.txt"
  echo '```'
  echo
  echo "<!-- figures:end -->"
} >"$FIGURES"

# Keep what surrounds the markers (the hand-written reading of the figures).
if [ -f "$OUT" ] && grep -q "figures:begin" "$OUT"; then
  awk -v figures="$FIGURES" '
    /figures:begin/ { while ((getline line < figures) > 0) print line; skip = 1; next }
    /figures:end/ { skip = 0; next }
    !skip { print }' "$OUT" >"$WORK/out.md"
  cp "$WORK/out.md" "$OUT"
else
  { echo "# Benchmark results"; echo; cat "$FIGURES"; } >"$OUT"
fi
cat "$FIGURES"
echo "wrote $OUT" >&2
