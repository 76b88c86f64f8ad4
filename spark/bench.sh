#!/usr/bin/env bash
# README's Spark figures: 200 SFEW movie frames (720x576; the first 200 PNGs by path of ../shared/data/sfew2-train,
# linked into target/bench-200/), default options. bin/emotij classify and bin/emotij-spark classify (local mode,
# every core) alternate, twice each; then a standalone cluster of 1 and of 2 workers of 1 core each
# (spark/cluster-check.sh, which also compares with bin/emotij classify). Prints the machine and its load.
# Needs the builds of spark/cluster-check.sh. Takes several minutes: not part of CI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SRC="$ROOT/../shared/data/sfew2-train"
[ -d "$SRC" ] || { echo "bench: needs $SRC" >&2; exit 1; }
IN="$ROOT/target/bench-200"
OUT="$ROOT/target/bench"
rm -rf "$IN" "$OUT"
mkdir -p "$IN" "$OUT"
find "$SRC" -type f -name '*.png' | sort | sed -n '1,200p' | while read -r f; do
  ln -s "$f" "$IN/$(basename "$(dirname "$f")")_$(basename "$f")"
done
echo "bench: $(find "$IN" -name '*.png' | wc -l) images; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg)"
timed() {  # timed NAME COMMAND...: wall seconds of the command into $OUT/NAME.s
  local name=$1; shift
  /usr/bin/time -f %e -o "$OUT/$name.s" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  echo "bench: $name $(cat "$OUT/$name.s") s (load $(cut -d' ' -f1 /proc/loadavg))"
}
# each launcher with its defaults, and bin/emotij also with the JIT setting of bin/emotij-spark (C1 only)
for round in 1 2; do
  timed "cli-$round" bin/emotij classify "$IN" --out "$OUT/cli-$round"
  EMOTIJ_JAVA_OPTS="-Xmx6g -XX:TieredStopAtLevel=1" timed "cli-c1-$round" bin/emotij classify "$IN" --out "$OUT/cli-c1-$round"
  timed "local-$round" bin/emotij-spark classify "$IN" --out "$OUT/local-$round"
  cmp "$OUT/cli-$round/results.csv" "$OUT/local-$round/results.csv"
done
sum() { awk '{ s += $1 } END { print s }' "$@"; }
awk -v c="$(sum "$OUT"/cli-[12].s)" -v c1="$(sum "$OUT"/cli-c1-[12].s)" -v l="$(sum "$OUT"/local-[12].s)" \
  'BEGIN { printf "bench: local mode / bin/emotij classify: %.2f (defaults), %.2f (both C1 only); sums of both rounds\n", l / c, l / c1 }'
# executors with Java's defaults, then with C1 only as bin/emotij-spark's own JVM
for opts in "" "-XX:TieredStopAtLevel=1"; do
  for workers in 1 2; do
    echo "bench: executors with Java options '$opts'"
    CLUSTER_CHECK_WORKERS=$workers CLUSTER_CHECK_INPUT="$IN" CLUSTER_CHECK_EXECUTOR_OPTS="$opts" spark/cluster-check.sh | tail -1
  done
done
echo "bench: load after $(cut -d' ' -f1-3 /proc/loadavg)"
