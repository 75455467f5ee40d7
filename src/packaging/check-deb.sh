#!/usr/bin/env bash
# Checks the built package as CI does: the .deb's metadata and contents, an install into a throwaway root, and the
# packaged launcher's command line (--version, inspect on a bundled sample, a short relay run on the demo models).
# Usage: src/packaging/check-deb.sh [PACKAGE_DIR]   (default target/package)
set -euo pipefail
DIR=${1:-target/package}
DEB=$(ls "$DIR"/relayscope_*.deb)
fail() { echo "check-deb: $*" >&2; exit 1; }

image_mb=$(du -sm "$DIR/relayscope" | cut -f1)
echo "app image: ${image_mb} MB (target <= 120 MB); .deb: $(( $(stat -c %s "$DEB") / 1048576 )) MB"
[ "$image_mb" -le 120 ] || fail "app image is ${image_mb} MB, over the 120 MB target"

info=$(dpkg-deb --info "$DEB")
grep -q "Package: relayscope" <<<"$info" || fail "$DEB: no 'Package: relayscope' in the control file"
contents=$(dpkg-deb --contents "$DEB")
for f in ./opt/relayscope/bin/relayscope ./opt/relayscope/lib/relayscope-relayscope.desktop \
         ./opt/relayscope/lib/relayscope-relayscope-MimeInfo.xml ./opt/relayscope/lib/relayscope.png \
         ./opt/relayscope/lib/app/assets/models/tiny-llm/model.onnx; do
  grep -q " $f\$" <<<"$contents" || fail "$DEB lacks $f"
done

ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
dpkg-deb --extract "$DEB" "$ROOT"
grep -q '^Exec=/opt/relayscope/bin/relayscope %f$' "$ROOT"/opt/relayscope/lib/*.desktop || fail "desktop entry does not pass the file (%f)"
grep -q 'pattern="\*.relay.json"' "$ROOT"/opt/relayscope/lib/*MimeInfo.xml || fail "no *.relay.json file association"
postinst=$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./postinst)
grep -q 'xdg-mime install' <<<"$postinst" || fail "postinst does not register the MIME type"

APP="$ROOT/opt/relayscope"
version=$("$APP/bin/relayscope" --version)
grep -q '^RelayScope ' <<<"$version" || fail "launcher --version: $version"
sample=$(ls "$APP"/lib/app/sample-sessions/*.json | head -n 1)
inspected=$("$APP/bin/relayscope" inspect "$sample")
grep -q '^valid trace' <<<"$inspected" || fail "launcher inspect $sample"
out=$(cd "$ROOT" && "$APP/bin/relayscope" run --no-color --policy slm-only --max-new-tokens 8 "Tom has 32 stamps. How many?")
grep -q 'finish' <<<"$out" || fail "launcher run on the bundled demo models: $out"
echo "check-deb: ok ($DEB)"
