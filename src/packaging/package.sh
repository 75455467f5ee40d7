#!/usr/bin/env bash
# Builds the installable app from a finished `mvn package` (called by `mvn -Ppackage package`):
#   1. a JDK + JavaFX runtime with jlink (modules from jlink.config),
#   2. the app's jars with the native libraries of other platforms left out (ONNX Runtime, DJL tokenizers, JNA),
#   3. a jpackage app image (launcher, runtime, jars, demo models, datasets, sample sessions),
#   4. a .deb from that image: desktop entry, icon, file association for trace files (*.relay.json).
# Usage: src/packaging/package.sh BUILD_DIR VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:?build folder (target)}
VERSION=${2:?version}
OUT="$BUILD/package"
STAGE="$OUT/input"
NAME=relayscope
rm -rf "$OUT"
mkdir -p "$STAGE/lib"

echo "[package] jlink runtime"
modpath=$(ls "$BUILD"/lib/javafx-*-linux.jar | tr '\n' ':')
grep -v -- '^--output' jlink.config > "$OUT/jlink.args"
jlink --module-path "$modpath" @"$OUT/jlink.args" --output "$OUT/runtime"

echo "[package] app jars (linux-x64 natives only)"
cp "$BUILD/$NAME.jar" "$STAGE/"
for jar in "$BUILD"/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*) ;;   # JavaFX lives in the runtime image
    *) cp "$jar" "$STAGE/lib/" ;;
  esac
done
python3 src/packaging/strip_natives.py "$STAGE/lib"

echo "[package] assets"
mkdir -p "$STAGE/assets"
cp -r assets/models assets/datasets "$STAGE/assets/"
cp -r sample-sessions "$STAGE/sample-sessions"
rm -f "$STAGE/sample-sessions/record.sh"

echo "[package] app image"
# -XX:TieredStopAtLevel=1 (C1 only): the optimising compiler's work before the first frame was most of the cold start
# on 2 busy cores, and the demo pair's eval runs no slower without it (docs/results/startup-2026-12-02.md)
common=(--name "$NAME" --app-version "$VERSION" --vendor "RelayScope" --dest "$OUT"
        --description "See token-level collaborative decoding between a small and a large language model")
jpackage --type app-image "${common[@]}" --input "$STAGE" --main-jar "$NAME.jar" --main-class io.relayscope.cli.Main \
  --runtime-image "$OUT/runtime" --icon assets/icons/relayscope.png \
  --java-options "-Dai.djl.offline=true -DOPT_OUT_TRACKING=true -XX:TieredStopAtLevel=1"
du -sh "$OUT/$NAME"

if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  echo "[package] .deb"
  jpackage --type deb "${common[@]}" --app-image "$OUT/$NAME" --icon assets/icons/relayscope.png \
    --linux-package-name "$NAME" --linux-shortcut --linux-menu-group "Education;Science" \
    --linux-app-category science --resource-dir src/packaging/resources --file-associations src/packaging/trace-file.properties
  ls -l "$OUT"/*.deb
else
  echo "[package] no dpkg-deb/fakeroot: .deb skipped (apt-get install fakeroot)" >&2
  exit 1
fi
