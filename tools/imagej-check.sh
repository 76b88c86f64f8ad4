#!/usr/bin/env bash
# Plain ImageJ 1.x after README's install. Installs EmotiJ into a fresh app folder exactly as README says,
#     mvn -B -ntp install -DskipTests -Dscijava.app.directory=APP
# then starts ImageJ as a user of ImageJ 1.x would, under Xvfb and with an empty EmotiJ cache,
#     java -jar APP/jars/ij-1.54p.jar -ijpath APP -batch check.ijm
# ImageJ 1.x puts APP/jars/ on its class path but not APP/jars/linux64/, where the install puts the TensorFlow and
# PyTorch native jars (Fiji's launcher adds that folder): EmotiJ must find PyTorch's there itself (ONNX Runtime's
# natives are inside its jar in APP/jars/). The macro runs Classify Expressions on the Laos photo (ONNX Runtime:
# 2 faces), trains a classifier on a few committed FER-2013 faces (PyTorch) and classifies the astronaut with it
# (1 face).
# Usage: tools/imagej-check.sh [APP]   (an existing app folder: no install). Needs Maven and Debian's xvfb
# (apt-get install -y xvfb). Exits 2 without Xvfb, 1 if the check fails; the log is target/imagej-check/imagej.log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/imagej-check"
command -v Xvfb >/dev/null || { echo "imagej-check: needs Xvfb (apt-get install -y xvfb)" >&2; exit 2; }
rm -rf "$OUT" && mkdir -p "$OUT"
if [ $# -ge 1 ]; then
  APP="$(cd "$1" && pwd)"
else
  APP="$OUT/app"
  mkdir -p "$APP"
  echo "imagej-check: installing into $APP"
  (cd "$ROOT" && mvn -B -ntp -q install -DskipTests -Dscijava.app.directory="$APP") > "$OUT/install.log" 2>&1 \
    || { tail -30 "$OUT/install.log" >&2; echo "imagej-check: the install failed (see $OUT/install.log)" >&2; exit 1; }
fi
IJ_JAR=$(ls "$APP"/jars/ij-1.*.jar 2>/dev/null | head -1)
[ -n "$IJ_JAR" ] || { echo "imagej-check: no ImageJ 1.x jar in $APP/jars" >&2; exit 1; }
ls "$APP"/plugins/EmotiJ_-*.jar >/dev/null 2>&1 || { echo "imagej-check: no EmotiJ jar in $APP/plugins" >&2; exit 1; }

# a tiny SFEW-layout dataset (Train/ and Val/) of the committed FER-2013 faces: 4 + 2 per class
DATA="$OUT/dataset"
for dir in "$ROOT"/src/test/resources/fer2013-sample/*/; do
  name=$(basename "$dir"); class="$(tr '[:lower:]' '[:upper:]' <<< "${name:0:1}")${name:1}"
  mkdir -p "$DATA/Train/$class" "$DATA/Val/$class"
  mapfile -t faces < <(ls "$dir" | sort)
  cp "$dir/${faces[0]}" "$dir/${faces[1]}" "$dir/${faces[2]}" "$dir/${faces[3]}" "$DATA/Train/$class/"
  cp "$dir/${faces[4]}" "$dir/${faces[5]}" "$DATA/Val/$class/"
done
OPTIONS="faces=detect min_face=60 threshold=0.50 max_faces=10 framing=1.00 flip align"
cat > "$OUT/check.ijm" <<EOF
open("$ROOT/sample-images/laos_two_people.jpg");
run("Classify Expressions", "$OPTIONS");
print("imagej-check: classified " + nResults + " faces");
if (nResults != 2) exit;  // no point training then; a message would open a dialog
close("*");
run("Clear Results");
run("Train Expression Classifier...", "dataset=[$DATA] model=[$OUT/model] detect=none mode=frozen backbone=emotion epochs=2");
open("$ROOT/sample-images/astronaut.png");
run("Classify Expressions", "$OPTIONS model=[$OUT/model]");
print("imagej-check: with the trained model " + nResults + " faces");
EOF

# a free display number from Xvfb itself, so that parallel runs do not collide
Xvfb -displayfd 3 -screen 0 1280x1024x24 3> "$OUT/display" > "$OUT/xvfb.log" 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true; rm -rf "$OUT/cache"' EXIT
for _ in $(seq 1 50); do [ -s "$OUT/display" ] && break; sleep 0.2; done
[ -s "$OUT/display" ] || { echo "imagej-check: Xvfb did not start (see $OUT/xvfb.log)" >&2; exit 1; }
export DISPLAY=":$(head -1 "$OUT/display")"
# an empty cache: the native libraries must come from the installed jars (removed afterwards: about 1 GB)
export EMOTIJ_CACHE_DIR="$OUT/cache" TF_CPP_MIN_LOG_LEVEL=2
echo "imagej-check: java -jar $IJ_JAR -ijpath $APP -batch $OUT/check.ijm (DISPLAY=$DISPLAY)"
# a modal error dialog would wait forever: bounded
(cd "$APP" && timeout 300 java -jar "$IJ_JAR" -ijpath "$APP" -batch "$OUT/check.ijm") > "$OUT/imagej.log" 2>&1 || true
if grep -q "imagej-check: classified 2 faces" "$OUT/imagej.log" \
    && grep -q "imagej-check: with the trained model 1 faces" "$OUT/imagej.log" \
    && [ -s "$OUT/model/emotij-model.json" ]; then
  grep "imagej-check:" "$OUT/imagej.log"
  echo "imagej-check: plain ImageJ 1.x ran Classify Expressions (ONNX Runtime) and training (PyTorch) from $APP"
else
  tail -40 "$OUT/imagej.log" >&2
  echo "imagej-check: FAILED (see $OUT/imagej.log)" >&2
  exit 1
fi
