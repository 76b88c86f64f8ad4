#!/usr/bin/env bash
# GUI check: ImageJ 1.x under Xvfb with EmotiJ in its plugins/ folder; opens a sample image, runs
# Plugins > EmotiJ > Classify Expressions through its dialog (OK pressed by xdotool) and saves a screenshot of the
# overlay and the Results table to target/gui-check/screenshot.png (ImageJ's own Capture Screen).
# Needs: a built project (mvn -B package -DskipTests) and Debian's xvfb and xdotool
# (apt-get install -y xvfb xdotool). Exits non-zero if the screenshot or the Results rows are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="$ROOT/target/gui-check/ImageJ"
OUT="$ROOT/target/gui-check"
IMAGE="${1:-$ROOT/sample-images/laos_two_people.jpg}"
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || { echo "gui-check: needs xvfb and xdotool" >&2; exit 2; }
JAR=$(ls "$ROOT"/target/EmotiJ_-*.jar | grep -v -e sources -e tests -e javadoc | head -1)
rm -rf "$APP" && mkdir -p "$APP/plugins/jars"
cp "$JAR" "$APP/plugins/"
# the plugin's dependencies, as Fiji has them in jars/; ImageJ 1.x itself is the launcher
for f in "$ROOT"/target/dependency/*.jar; do
  case "$(basename "$f")" in ij-1.*) cp "$f" "$APP/ij.jar" ;; *) cp "$f" "$APP/plugins/jars/" ;; esac
done
rm -f "$OUT/screenshot.png" "$OUT/results.csv"
MACRO="open('$IMAGE'); run('Classify Expressions'); wait(1500);
saveAs('Results', '$OUT/results.csv');
run('Capture Screen'); saveAs('PNG', '$OUT/screenshot.png'); run('Quit');"
export DISPLAY=:94
Xvfb $DISPLAY -screen 0 1600x1000x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
sleep 1
export TF_CPP_MIN_LOG_LEVEL=2
(cd "$APP" && timeout 180 java -Xmx3g --add-opens=java.base/java.lang=ALL-UNNAMED -jar ij.jar -ijpath "$APP" -eval "$MACRO" > "$OUT/imagej.log" 2>&1) &
IJPID=$!
# press OK in the dialog once it is up
for i in $(seq 1 60); do
  if WID=$(xdotool search --name "EmotiJ: Classify Expressions" 2>/dev/null | head -1) && [ -n "$WID" ]; then
    sleep 1; xdotool windowactivate --sync "$WID" key Return 2>/dev/null || xdotool key Return; break
  fi
  sleep 1
done
wait $IJPID || true
[ -s "$OUT/screenshot.png" ] || { echo "gui-check: no screenshot; see $OUT/imagej.log" >&2; exit 1; }
ROWS=$(($(wc -l < "$OUT/results.csv") - 1))
[ "$ROWS" -ge 1 ] || { echo "gui-check: no Results rows" >&2; exit 1; }
echo "gui-check: $ROWS faces in the Results table; screenshot: $OUT/screenshot.png"
