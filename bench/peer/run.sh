#!/usr/bin/env bash
# Side-by-side speed of EmotiJ and its JavaScript peer (@vladmandic/human on TensorFlow.js wasm, one thread), in one
# run, over the same images, whole process (start-up, model loading, decoding, detection, classification).
# Usage: bench/peer/run.sh [IMAGE_DIR] [--out DIR]
#   IMAGE_DIR  folder of images, subfolders included (default: ../shared/data/sfew-frames beside the project)
#   --out DIR  where peer-benchmark.csv goes (default: target/bench-peer); rows are appended, one per tool
# Needs node/npm (installs the peer with 'npm ci' on first use) and Maven + Java 17 (builds EmotiJ if needed).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

IMAGES=""
OUT="$ROOT/target/bench-peer"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || { echo "run.sh: --out needs a folder" >&2; exit 2; }; OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$IMAGES" ] || { echo "run.sh: one IMAGE_DIR only" >&2; exit 2; }; IMAGES="$1"; shift ;;
  esac
done
if [ -z "$IMAGES" ]; then
  IMAGES="$ROOT/../shared/data/sfew-frames"
  if [ ! -d "$IMAGES" ]; then
    echo "run.sh: skipped: the default image set $IMAGES is not here (SFEW movie frames are not part of the project);"
    echo "        give a folder of images instead: bench/peer/run.sh IMAGE_DIR"
    exit 0
  fi
fi
[ -d "$IMAGES" ] || { echo "run.sh: $IMAGES is not a folder of images" >&2; exit 2; }
IMAGES="$(cd "$IMAGES" && pwd)"
command -v node >/dev/null && command -v npm >/dev/null || { echo "run.sh: needs node and npm (Node 20 or later)" >&2; exit 2; }

# the peer: installed exactly as package-lock.json says, again when the lock file changed
if [ ! -f "$HERE/node_modules/.package-lock.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  echo "installing the peer (npm ci) ..."
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

# EmotiJ: built when there is no jar or a source is newer than it
JAR="$(ls "$ROOT"/target/EmotiJ_-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' -e '-tests' | head -1 || true)"
if [ -z "$JAR" ] || [ ! -d "$ROOT/target/dependency" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  echo "building EmotiJ (mvn package -DskipTests) ..."
  (cd "$ROOT" && mvn -B -ntp -q package -DskipTests ${MVN_FLAGS:-})
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }
CPU="$( (grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo ': unknown') | sed 's/.*: //' )"
echo "machine: $CPU, $(nproc) cores; load before: $(uptime | sed 's/.*load average/load average/')"
echo "images: $IMAGES"

# read the files once, so that no tool pays for a cold disk cache
find "$IMAGES" -type f -exec cat {} + > /dev/null
FIRST="$(find "$IMAGES" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | sort | head -1)"
[ -n "$FIRST" ] || { echo "run.sh: no PNG or JPEG file in $IMAGES" >&2; exit 2; }
mkdir -p "$OUT"
CSV="$OUT/peer-benchmark.csv"
[ -f "$CSV" ] || echo "time,host,cpus,load1,images_dir,tool,images,faces,seconds,startup_s,images_per_s,emotij_over_peer" > "$CSV"

# one untimed image per EmotiJ variant: the very first run unpacks the TensorFlow library, and the answer tells
# whether this build has a built-in fast model ('--model fast'); run from an empty folder so no folder 'fast' is meant
VARIANTS=(default)
(cd "$WORK" && "$ROOT/bin/emotij" classify "$FIRST" --no-images --out "$WORK/warm" > /dev/null 2>&1) \
  || { echo "run.sh: EmotiJ failed on $FIRST:" >&2; (cd "$WORK" && "$ROOT/bin/emotij" classify "$FIRST" --no-images --out "$WORK/warm") >&2; exit 1; }
if (cd "$WORK" && "$ROOT/bin/emotij" classify "$FIRST" --model fast --no-images --out "$WORK/warm-fast" > /dev/null 2>&1); then
  VARIANTS+=(fast)
else
  echo "(this EmotiJ has no '--model fast': timing the default model only)"
fi

declare -A FACES SECS COUNT LOAD STARTUP
run_emotij() {
  local variant="$1" args=()
  [ "$variant" = fast ] && args=(--model fast)
  LOAD[$variant]="$(load1)"
  local t0 t1 summary
  t0="$(now)"
  (cd "$WORK" && "$ROOT/bin/emotij" classify "$IMAGES" --recursive --no-images --out "$WORK/out-$variant" "${args[@]}" \
    > "$WORK/emotij-$variant.txt" 2> "$WORK/emotij-$variant.log") \
    || { echo "run.sh: EmotiJ ($variant) failed, its output:" >&2; cat "$WORK/emotij-$variant.txt" "$WORK/emotij-$variant.log" >&2; exit 1; }
  t1="$(now)"
  # first line of the summary: "N images (P planes), F faces, in S s"
  summary="$(head -1 "$WORK/emotij-$variant.txt")"
  COUNT[$variant]="$(sed -E 's/^([0-9]+) image.*/\1/' <<< "$summary")"
  FACES[$variant]="$(sed -E 's/.*, ([0-9]+) faces?,.*/\1/' <<< "$summary")"
  SECS[$variant]="$(echo "$t1 - $t0" | bc -l)"
  # what the batch itself took; the rest of the whole process is start-up (JVM, TensorFlow, loading the models)
  STARTUP[$variant]="$(echo "${SECS[$variant]} - $(sed -E 's/.* in ([0-9.]+) s$/\1/' <<< "$summary")" | bc -l)"
}
run_peer() {
  LOAD[peer]="$(load1)"
  local t0 t1 json
  t0="$(now)"
  json="$(node "$HERE/peer.js" "$IMAGES" 2> "$WORK/peer.log")" \
    || { echo "run.sh: the peer failed, its output:" >&2; cat "$WORK/peer.log" >&2; exit 1; }
  t1="$(now)"
  echo "$json" > "$WORK/peer.json"
  COUNT[peer]="$(sed -E 's/.*"images":([0-9]+).*/\1/' <<< "$json")"
  FACES[peer]="$(sed -E 's/.*"faces":([0-9]+).*/\1/' <<< "$json")"
  SECS[peer]="$(echo "$t1 - $t0" | bc -l)"
  PEER_CONFIG="$(sed -E 's/.*"config":(\{[^}]*\}).*/\1/' <<< "$json")"
  PEER_SECONDS="$(sed -E 's/.*"seconds":(\{[^}]*\}).*/\1/' <<< "$json")"
  # until the first image: node, human and its models (the peer's own clock)
  STARTUP[peer]="$(sed -E 's/.*"start":([0-9.e-]+).*/\1/' <<< "$json")"
}

echo "timing: peer ..."
run_peer
for v in "${VARIANTS[@]}"; do
  echo "timing: emotij $v ..."
  run_emotij "$v"
done

echo
echo "peer settings: $PEER_CONFIG"
echo "peer stages (seconds): $PEER_SECONDS"
printf '%-26s %7s %6s %9s %9s %9s %12s %6s\n' tool images faces seconds start-up images/s "EmotiJ/peer" load1
stamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
peer_ips="$(echo "${COUNT[peer]} / ${SECS[peer]}" | bc -l)"
for t in peer "${VARIANTS[@]}"; do
  ips="$(echo "${COUNT[$t]} / ${SECS[$t]}" | bc -l)"
  name="emotij classify ($t)"; ratio="$(printf '%.2f' "$(echo "$ips / $peer_ips" | bc -l)")"
  [ "$t" = peer ] && { name="human 3.3.6 wasm 1 thread"; ratio=""; }
  printf '%-26s %7d %6d %9.1f %9.1f %9.2f %12s %6s\n' "$name" "${COUNT[$t]}" "${FACES[$t]}" "${SECS[$t]}" "${STARTUP[$t]}" "$ips" "$ratio" "${LOAD[$t]}"
  printf '%s,%s,%s,%s,%s,%s,%d,%d,%.2f,%.2f,%.3f,%s\n' "$stamp" "$(hostname)" "$(nproc)" "${LOAD[$t]}" "$IMAGES" \
    "$( [ "$t" = peer ] && echo human-wasm-1thread || echo "emotij-$t")" "${COUNT[$t]}" "${FACES[$t]}" "${SECS[$t]}" "${STARTUP[$t]}" "$ips" "$ratio" >> "$CSV"
done
if [ "${COUNT[peer]}" != "${COUNT[default]}" ]; then
  echo "note: the tools read different numbers of images (the peer reads PNG and JPEG only)"
fi
echo "load after: $(uptime | sed 's/.*load average/load average/')  (other work on this machine makes these figures noisy)"
echo "written: $CSV"
