#!/usr/bin/env bash
# Re-takes the README's pictures from the real app on the committed demo models: runs ReadmeImagesTest (headless,
# Monocle, as the whole suite) and copies its target/screenshots/readme-*.png to docs/images/. Run from the repository
# root after the demo models change (look at the pictures, then commit docs/images):
#   src/test/scripts/readme-images.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
rm -f target/screenshots/readme-*.png
mvn -B -ntp -q test -Dtest=ReadmeImagesTest -Dsurefire.failIfNoSpecifiedTests=false
shopt -s nullglob
shots=(target/screenshots/readme-*.png)
if [ ${#shots[@]} -eq 0 ]; then
  echo "readme-images.sh: ReadmeImagesTest wrote no target/screenshots/readme-*.png" >&2
  exit 1
fi
mkdir -p docs/images
for f in "${shots[@]}"; do
  name=$(basename "$f"); name=${name#readme-}
  cp "$f" "docs/images/$name"
  echo "docs/images/$name"
done
